"""Templates written once and shared: the page of every course item type extends the
item base (breadcrumbs, "Item N of M", title, pager, course outline), each question
kind's answer widget is one template per shape of input, and every manage list's
filter form is the filter-form component."""

import pytest
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.urls import reverse
from wagtail.models import get_page_models

from assessments.models import Question
from assessments.selectors.quizzes import Option, QuestionView, Row
from assessments.services import quizzes as quiz_services
from courses import services as course_services
from courses.models import CourseItemPage
from tests.assessments.helpers import (
    answer_everything,
    attempt_url,
    every_kind,
    result_url,
)
from tests.courses.helpers import ru
from tests.factories import (
    AcknowledgementFactory,
    AssignmentPageFactory,
    CourseFactory,
    LessonFactory,
    QuestionCategoryFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ITEM_BASE = "courses/item_base.html"
FILTER_FORM = "components/filter_form.html"


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


# The item base
# ------------------------------------------------------------------------------


def test_every_course_item_page_type_has_a_template_extending_the_item_base():
    """A new item type (scheduling's "attend a session") fails here until its page
    extends the item base."""
    item_types = [
        model
        for model in get_page_models()
        if issubclass(model, CourseItemPage) and model is not CourseItemPage
    ]
    assert {model.__name__ for model in item_types} >= {
        "LessonPage",
        "AcknowledgementPage",
        "QuizPage",
        "AssignmentPage",
    }
    for model in item_types:
        first = get_template(model.template).template.nodelist[0]
        assert isinstance(first, ExtendsNode), model.template
        assert first.parent_name.resolve(Context()) == ITEM_BASE, model.template


@pytest.fixture
def course_items(program_page):
    """A course of one item of every type, in this order."""
    course = CourseFactory(parent=program_page, slug="shell-course")
    items = {}
    for kind, factory, extra in (
        ("lesson", LessonFactory, {}),
        ("acknowledgement", AcknowledgementFactory, {}),
        ("quiz", QuizFactory, {"questions": every_kind(QuestionCategoryFactory())}),
        ("assignment", AssignmentPageFactory, {}),
    ):
        items[kind] = factory(parent=course, slug=f"shell-{kind}", **extra)
        course.refresh_from_db()
    return course, items


@pytest.mark.parametrize(
    ("kind", "number"),
    [("lesson", 1), ("acknowledgement", 2), ("quiz", 3), ("assignment", 4)],
)
def test_each_item_page_type_shows_the_item_shell_once(
    learner_client, learner, course_items, kind, number
):
    course, items = course_items
    course_services.enrolment_create(learner=learner, course=course)

    response = learner_client.get(items[kind].url)

    assert response.status_code == 200
    assert ITEM_BASE in _template_names(response)
    html = response.content.decode()
    assert html.count('<nav class="breadcrumbs"') == 1
    assert html.count(ru("Item %(number)s of %(total)s", number=number, total=4)) == 1
    assert html.count(f"<h1>{items[kind].title}</h1>") == 1
    assert html.count('<nav class="pager"') == 1
    assert html.count('<aside class="lesson-layout__outline"') == 1


def test_quiz_attempt_and_result_pages_show_the_shell_without_the_pager(
    learner_client, learner, course_items
):
    course, items = course_items
    quiz = items["quiz"]
    enrolment = course_services.enrolment_create(learner=learner, course=course)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    attempt_html = learner_client.get(attempt_url(quiz, attempt)).content.decode()
    answer_everything(attempt)
    quiz_services.quiz_attempt_submit(
        attempt=attempt, closed_by="learner", enrolment=enrolment
    )

    response = learner_client.get(result_url(quiz, attempt))

    assert ITEM_BASE in _template_names(response)
    for html in (attempt_html, response.content.decode()):
        assert html.count('<nav class="breadcrumbs"') == 1
        assert html.count('<aside class="lesson-layout__outline"') == 1
        assert ru("Attempt %(number)s", number=1) in html
        assert '<nav class="pager"' not in html


# Question widgets
# ------------------------------------------------------------------------------


def _widget_html(kind: str) -> str:
    question = QuestionView(
        pk=7,
        number=1,
        kind=kind,
        text="?",
        points=1,
        options=[Option(value="a", text="A"), Option(value="b", text="B")],
        rows=[Row(name="q7-0", text="X"), Row(name="q7-1", text="Y")],
    )
    return get_template(question.template).render({"question": question})


def test_every_question_kind_has_an_answer_widget():
    for kind in Question.Kind.values:
        assert _widget_html(kind).strip(), kind


@pytest.mark.parametrize(
    ("kind", "input_type"),
    [("single", "radio"), ("true_false", "radio"), ("multiple", "checkbox")],
)
def test_choice_questions_share_one_widget_with_their_input_type(kind, input_type):
    html = _widget_html(kind)

    assert QuestionView(pk=1, number=1, kind=kind, text="", points=1).template == (
        "assessments/includes/question_choice.html"
    )
    assert html.count(f'<input type="{input_type}" name="q7" id="q7-') == 2
    assert '<label for="q7-2">B</label>' in html


@pytest.mark.parametrize("kind", ["matching", "ordering"])
def test_matching_and_ordering_share_one_widget_of_radio_rows(kind):
    html = _widget_html(kind)

    assert QuestionView(pk=1, number=1, kind=kind, text="", points=1).template == (
        "assessments/includes/question_rows.html"
    )
    assert html.count('<legend class="quiz-row__prompt">') == 2
    assert html.count('<input type="radio" name="q7-1" id="q7-1-') == 2
    places = ru("Place")
    if kind == "ordering":
        assert html.count('<div class="quiz-places">') == 2
        assert f'<span class="visually-hidden">{places} </span>B</label>' in html
    else:
        assert "quiz-places" not in html and places not in html
        assert '<label for="q7-1-2">B</label>' in html


# Filter forms of the manage lists
# ------------------------------------------------------------------------------


def test_learner_list_search_box_is_the_filter_form_component(regional_admin_client):
    response = regional_admin_client.get(
        reverse("courses:learner_list"), {"q": "Айгерим"}
    )

    assert _template_names(response).count(FILTER_FORM) == 1
    html = response.content.decode()
    assert html.count('<form method="get"') == 1
    assert '<form method="get" class="search-form" role="search">' in html
    assert f'<label for="id_q">{ru("Find by name or e-mail")}</label>' in html
    assert '<input type="search" name="q" value="Айгерим" id="id_q">' in html
    assert f">{ru('Search')}</button>" in html
    assert ru("Clear filters") not in html


def test_learner_list_pages_keep_the_search(regional_admin_client, region):
    for number in range(51):
        UserFactory(region=region, full_name=f"Айгерим {number}")

    response = regional_admin_client.get(
        reverse("courses:learner_list"), {"q": "Айгерим"}
    )

    assert response.context["page"].paginator.count == 51
    assert 'href="?q=%D0%90%D0%B9%D0%B3%D0%B5%D1%80%D0%B8%D0%BC&amp;page=2"' in (
        response.content.decode()
    )


def test_certificate_list_filters_are_the_filter_form_component(regional_admin_client):
    url = reverse("certificates_manage:list")

    response = regional_admin_client.get(url, {"status": "valid"})

    assert _template_names(response).count(FILTER_FORM) == 1
    html = response.content.decode()
    assert html.count('<form method="get"') == 1
    filters = ru("Filter certificates")
    assert (
        f'<form method="get" class="form certificate-filters" role="search" '
        f'aria-label="{filters}">'
    ) in html
    for name, label in (
        ("q", "Holder's name or certificate number"),
        ("status", "Status"),
        ("region", "Region"),
        ("course", "Course or program"),
    ):
        assert f'<label for="id_{name}">{ru(label)}</label>' in html
        assert f'name="{name}"' in html
    assert f">{ru('Show')}</button>" in html
    assert f'<a href="{url}">{ru("Clear filters")}</a>' in html
    assert ru("Clear filters") not in regional_admin_client.get(url).content.decode()
