"""Learning records do not depend on language: switching to Kazakh keeps everything."""

import pytest

from courses import services
from courses.models import Enrolment, ItemProgress
from tests.factories.courses import translate_tree

from .helpers import page_text, progress_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def kk(course, lessons, locales):
    """The course and its lessons translated into Kazakh and published."""
    kk_course, kk_lessons = translate_tree(course, lessons, locales["kk"])
    kk_course.title = "Еріктілердің құқықтары"
    kk_course.save_revision().publish()
    return kk_course, kk_lessons


def test_translation_shares_the_translation_key_and_lives_under_kk(course, kk):
    kk_course, kk_lessons = kk

    assert kk_course.translation_key == course.translation_key
    assert kk_course.locale.language_code == "kk"
    assert kk_course.url.startswith("/kk/")
    assert all(lesson.url.startswith(kk_course.url) for lesson in kk_lessons)


def test_kazakh_course_page_shows_progress_made_on_the_russian_page(
    learner_client, learner, course, lessons, kk
):
    kk_course, kk_lessons = kk
    learner_client.post(f"{course.url}enrol/")
    learner_client.post(f"{lessons[0].url}done/")

    response = learner_client.get(kk_course.url)

    assert response.status_code == 200
    assert response.context["enrolment"] == Enrolment.objects.get(learner=learner)
    outline = response.context["outline"]
    assert [item.page.pk for item in outline.items] == [p.pk for p in kk_lessons]
    assert [item.done for item in outline.items] == [True, False, False]
    assert progress_text(1, 3, language="kk") in page_text(response)


def test_kazakh_my_learning_shows_the_same_progress(
    learner_client, course, lessons, kk
):
    kk_course, _kk_lessons = kk
    learner_client.post(f"{course.url}enrol/")
    learner_client.post(f"{lessons[0].url}done/")

    response = learner_client.get("/kk/my/")

    assert response.status_code == 200
    (entry,) = response.context["learning"].in_progress
    assert entry.page.pk == kk_course.pk
    assert (entry.required_done, entry.required_total) == (1, 3)
    assert "Еріктілердің құқықтары" in page_text(response)


def test_marking_the_next_lesson_on_the_kazakh_page_continues_the_same_enrolment(
    learner_client, learner, course, lessons, kk
):
    kk_course, kk_lessons = kk
    learner_client.post(f"{course.url}enrol/")
    learner_client.post(f"{lessons[0].url}done/")

    response = learner_client.post(f"{kk_lessons[1].url}done/")

    assert response.url == kk_lessons[2].url
    enrolment = Enrolment.objects.get()
    assert enrolment.learner == learner
    assert set(
        ItemProgress.objects.filter(enrolment=enrolment).values_list(
            "item_key", flat=True
        )
    ) == {lessons[0].translation_key, lessons[1].translation_key}


def test_course_completed_across_languages_has_one_enrolment(
    learner_client, learner, course, lessons, kk
):
    kk_course, kk_lessons = kk
    learner_client.post(f"{course.url}enrol/")
    learner_client.post(f"{lessons[0].url}done/")
    learner_client.post(f"{kk_lessons[1].url}done/")

    response = learner_client.post(f"{kk_lessons[2].url}done/")

    assert response.url == kk_course.url
    enrolment = Enrolment.objects.get()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert ItemProgress.objects.filter(enrolment=enrolment).count() == 3


def test_enrolling_on_the_kazakh_page_after_the_russian_one_creates_nothing(
    learner_client, course, kk
):
    kk_course, _ = kk
    learner_client.post(f"{course.url}enrol/")

    learner_client.post(f"{kk_course.url}enrol/")

    assert Enrolment.objects.count() == 1


def test_kazakh_lesson_needs_the_enrolment_made_in_russian_only(
    learner_client, learner, course, kk
):
    kk_course, kk_lessons = kk
    assert learner_client.get(kk_lessons[0].url).url == kk_course.url

    services.enrolment_create(learner=learner, course=course)

    response = learner_client.get(kk_lessons[0].url)
    assert response.status_code == 200
    assert '<html lang="kk">' in response.content.decode()
    assert kk_lessons[0].title in page_text(response)


def test_kazakh_continue_link_points_to_the_kazakh_lesson(
    learner_client, course, lessons, kk
):
    kk_course, kk_lessons = kk
    learner_client.post(f"{course.url}enrol/")
    learner_client.get(lessons[1].url)

    course_page = learner_client.get(kk_course.url)
    my_learning = learner_client.get("/kk/my/")

    assert course_page.context["continue_item"].page.pk == kk_lessons[1].pk
    assert my_learning.context["learning"].in_progress[0].continue_page.pk == (
        kk_lessons[1].pk
    )


def test_untranslated_lesson_is_shown_in_russian_in_the_kazakh_outline(
    learner_client, learner, course, lessons, locales
):
    kk_course, kk_lessons = translate_tree(course, lessons[:2], locales["kk"])
    services.enrolment_create(learner=learner, course=course)

    outline = learner_client.get(kk_course.url).context["outline"]

    assert [item.page.pk for item in outline.items] == [
        kk_lessons[0].pk,
        kk_lessons[1].pk,
        lessons[2].pk,
    ]
    assert [item.in_other_language for item in outline.items] == [False, False, True]


def test_kazakh_program_page_lists_untranslated_courses_in_russian(
    client, course, lessons, locales, program_page
):
    from tests.factories import course_with_lessons

    untranslated, _ = course_with_lessons(program_page, 1, title="Только по-русски")
    kk_course, _kk_lessons = translate_tree(course, lessons, locales["kk"])
    kk_program = kk_course.get_parent().specific

    html = page_text(client.get(kk_program.url))

    assert kk_course.title in html
    assert "Только по-русски" in html
    assert (
        f'lang="ru">{untranslated.title}' in client.get(kk_program.url).content.decode()
    )


def test_kazakh_catalog_counts_the_untranslated_courses_of_a_translated_program(
    client, course, lessons, locales, program_page
):
    from courses.selectors import program_list_for_catalog
    from tests.factories import course_with_lessons

    course_with_lessons(program_page, 1, title="Только по-русски")
    kk_course, _kk_lessons = translate_tree(course, lessons, locales["kk"])
    kk_catalog = kk_course.get_parent().get_parent().specific

    [entry] = program_list_for_catalog(catalog=kk_catalog)

    assert entry.page.locale == locales["kk"]
    assert entry.course_count == 2
