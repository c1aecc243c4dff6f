"""Quizzes, the question bank and certificates under the translation workflow: the
bank is offered for translation in the admin, a Kazakh question made by copying is
brought under wagtail-localize and keeps its text when published from the editor,
attempts and certificates earned on Kazakh pages are those of the course. Certificate
templates carry both languages in their own fields, and e-mails are gettext
templates: neither goes through wagtail-localize."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import TranslatableMixin, get_translatable_models
from wagtail_localize.models import Translation

from assessments.importers import ChoiceData, QuestionData
from assessments.models import Question, QuizAttempt
from assessments.services.bank import question_translation_create
from certificates.models import Certificate, CertificateTemplate
from core.translations import translations_link_all
from courses import services
from tests.factories import QuizFactory, course_with_lessons, single_question
from tests.factories.courses import translate, translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def kk_question(locales):
    """A Russian question and its Kazakh translation, as the demo makes them."""
    question = single_question(text="Что делать?", right="Звонить", wrong=("Ждать",))
    translated = question_translation_create(
        source=question,
        locale=locales["kk"],
        data=QuestionData(
            kind="single",
            text="Не істеу керек?",
            explanation="Түсініктеме.",
            choices=[ChoiceData("Қоңырау шалу", correct=True), ChoiceData("Күту")],
        ),
        category_name="Санат",
    )
    return question, translated


def test_the_question_bank_listing_offers_translation(client, editor, kk_question):
    question, _translated = kk_question
    client.force_login(editor)

    for model, pk in (("question", question.pk), ("questioncategory", None)):
        response = client.get(f"/admin/snippets/assessments/{model}/")
        assert response.status_code == 200
        submit = f"/admin/localize/submit/snippet/assessments/{model}/"
        assert submit.encode() in response.content, model
        if pk:
            assert f"{submit}{pk}/".encode() in response.content


def test_a_copied_kazakh_question_opens_in_the_translation_editor_and_keeps_its_text(
    client, superuser, kk_question, locales
):
    question, translated = kk_question
    links = {link.target: link for link in translations_link_all()}
    # The text, its explanation and two choices.
    assert (links[translated].paired, links[translated].left) == (4, 0)
    assert Translation.objects.filter(
        source__object_id=question.category.translation_key, target_locale=locales["kk"]
    ).exists()
    client.force_login(superuser)
    edit_url = f"/admin/snippets/assessments/question/edit/{translated.pk}/"

    editor = client.get(edit_url)
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in editor.templates
    ]
    response = client.post(edit_url, {"action": "publish"})

    assert response.status_code == 302
    after = Question.objects.get(pk=translated.pk)
    assert (after.text, after.explanation) == ("Не істеу керек?", "Түсініктеме.")
    assert [(b.id, b.value["text"], b.value["correct"]) for b in after.choices] == [
        (b.id, text, b.value["correct"])
        for b, text in zip(question.choices, ("Қоңырау шалу", "Күту"), strict=True)
    ]
    assert after.category.locale == locales["kk"]


def test_an_attempt_started_on_the_kazakh_quiz_is_one_of_the_course_quiz(
    client, learner, program_page, locales, kk_question
):
    question, _translated = kk_question
    course, lessons = course_with_lessons(program_page, 1)
    quiz = QuizFactory(parent=course, questions=[question])
    course.refresh_from_db()
    translate_tree(course, lessons, locales["kk"])
    kk_quiz = translate(quiz, locales["kk"])
    translations_link_all()
    services.enrolment_create(learner=learner, course=course)
    client.force_login(learner)

    response = client.post(f"{kk_quiz.url}start/")

    assert response.status_code == 302
    attempt = QuizAttempt.objects.get(learner=learner)
    assert attempt.quiz_key == quiz.translation_key
    page = client.get(response.url)
    text = BeautifulSoup(page.content, "html.parser").get_text()
    assert "Не істеу керек?" in text


def test_certificate_templates_are_bilingual_fields_not_translations():
    assert not issubclass(CertificateTemplate, TranslatableMixin)
    assert CertificateTemplate not in get_translatable_models(include_subclasses=True)
    fields = {field.name for field in CertificateTemplate._meta.get_fields()}
    assert {"heading_kk", "heading_ru", "statement_kk", "statement_ru"} <= fields


def test_a_course_completed_on_its_kazakh_pages_issues_the_course_certificate(
    client,
    holder,
    certified_course_and_lessons,
    locales,
    django_capture_on_commit_callbacks,
):
    course, lessons, _rule = certified_course_and_lessons
    kk_course, kk_lessons = translate_tree(course, lessons, locales["kk"])
    kk_course.title = "Паллиативтік көмек"
    kk_course.save_revision().publish()
    translations_link_all()
    services.enrolment_create(learner=holder, course=course)
    client.force_login(holder)

    with django_capture_on_commit_callbacks(execute=True):
        for kk_lesson in kk_lessons:
            assert client.post(f"{kk_lesson.url}done/").status_code == 302

    certificate = Certificate.objects.get(learner=holder)
    assert certificate.target_key == course.translation_key
    assert (certificate.title["ru"], certificate.title["kk"]) == (
        course.title,
        "Паллиативтік көмек",
    )
