"""Acknowledgement items: a text (a code of conduct) the learner reads and signs with a
ticked box; the signature is the item's progress record."""

import pytest

from courses import selectors, services
from courses.models import AcknowledgementPage, Enrolment, ItemProgress
from tests.factories import UserFactory
from tests.lms.helpers import assert_error_summary

from .helpers import messages_of, page_text, ru, ru_date

pytestmark = pytest.mark.django_db

STATEMENT = "Я прочитал(а) кодекс поведения волонтера и обязуюсь его соблюдать."


def acknowledgement_add(course) -> AcknowledgementPage:
    course.refresh_from_db()  # a stale numchild would hide the lessons
    page = course.add_child(
        instance=AcknowledgementPage(
            title="Кодекс поведения волонтера",
            slug="code-of-conduct",
            estimated_minutes=5,
            body="<p>Волонтер хранит в тайне все, что узнал о подопечных.</p>",
            statement=STATEMENT,
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def acknowledgement(course):
    return acknowledgement_add(course)


def sign_url(page) -> str:
    return f"{page.url}acknowledge/"


def test_acknowledgement_page_shows_the_text_and_the_statement_as_a_checkbox_label(
    enrolled_client, acknowledgement
):
    response = enrolled_client.get(acknowledgement.url)

    assert response.status_code == 200
    html = page_text(response)
    assert "Волонтер хранит в тайне" in html
    assert '<label for="agree">' + STATEMENT + "</label>" in html
    assert 'name="agree" value="yes" id="agree" required' in html
    assert f'action="{sign_url(acknowledgement)}"' in html
    assert ru("I agree") in html
    assert ru("Item %(number)s of %(total)s", number=4, total=4) in html


def test_acknowledgement_sign_records_progress_and_shows_the_date(
    enrolled_client, enrolment, acknowledgement
):
    response = enrolled_client.post(sign_url(acknowledgement), {"agree": "yes"})

    assert response.status_code == 302
    assert response.url == acknowledgement.url
    progress = ItemProgress.objects.get(
        enrolment=enrolment, item_key=acknowledgement.translation_key
    )
    date = ru_date(progress.completed_at)
    assert messages_of(response) == [ru("You acknowledged this on %(date)s", date=date)]
    html = page_text(enrolled_client.get(acknowledgement.url))
    # On every later visit the page tells when it was signed.
    assert html.count(ru("You acknowledged this on %(date)s", date=date)) >= 1
    html = page_text(enrolled_client.get(acknowledgement.url))
    assert ru("You acknowledged this on %(date)s", date=date) in html
    assert 'name="agree"' not in html


def test_acknowledgement_sign_twice_records_it_once_with_the_first_date(
    enrolled_client, enrolment, acknowledgement
):
    enrolled_client.post(sign_url(acknowledgement), {"agree": "yes"})
    enrolled_client.get(acknowledgement.url)  # shows (and consumes) the message
    first = ItemProgress.objects.get(item_key=acknowledgement.translation_key)

    second = enrolled_client.post(sign_url(acknowledgement), {"agree": "yes"})

    assert second.status_code == 302
    assert (
        ItemProgress.objects.filter(item_key=acknowledgement.translation_key).count()
        == 1
    )
    assert messages_of(second) == [
        ru(
            "You acknowledged this on %(date)s",
            date=ru_date(first.completed_at),
        )
    ]


def test_acknowledgement_unticked_box_shows_the_error_and_records_nothing(
    enrolled_client, acknowledgement
):
    response = enrolled_client.post(sign_url(acknowledgement), {})

    assert response.status_code == 400
    html = page_text(response)
    assert ru("Tick the box to confirm the statement.") in html
    assert 'aria-invalid="true" aria-describedby="agree-error"' in html
    assert "Волонтер хранит в тайне" in html  # the page is shown again, whole
    assert not ItemProgress.objects.filter(
        item_key=acknowledgement.translation_key
    ).exists()


def test_acknowledgement_unticked_box_is_named_in_the_error_summary(
    enrolled_client, acknowledgement
):
    response = enrolled_client.post(sign_url(acknowledgement), {})

    page = assert_error_summary(response, fields=["agree"])
    assert ru("Tick the box to confirm the statement.") in page.summary.get_text()


def test_acknowledgement_get_on_the_sign_route_is_not_allowed(
    enrolled_client, acknowledgement
):
    response = enrolled_client.get(sign_url(acknowledgement))

    assert response.status_code == 405
    assert not ItemProgress.objects.filter(
        item_key=acknowledgement.translation_key
    ).exists()


def test_acknowledgement_not_enrolled_is_sent_to_the_course_with_a_message(
    learner_client, course, acknowledgement
):
    response = learner_client.post(sign_url(acknowledgement), {"agree": "yes"})

    assert response.status_code == 302
    assert response.url == course.url
    assert messages_of(response) == [ru("Enrol in the course to open its lessons.")]
    assert not ItemProgress.objects.exists()


def test_acknowledgement_editor_not_enrolled_signs_nothing(client, acknowledgement):
    editor = UserFactory(is_superuser=True)
    client.force_login(editor)
    course = acknowledgement.get_parent()

    response = client.post(sign_url(acknowledgement), {"agree": "yes"})

    assert response.status_code == 302
    assert response.url == course.url
    assert messages_of(response) == [ru("Enrol in the course first.")]
    assert not ItemProgress.objects.exists()


def test_acknowledgement_is_required_for_course_completion(
    enrolled_client, enrolment, lessons, acknowledgement
):
    for lesson in lessons:
        services.item_complete(enrolment=enrolment, item=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE  # the code is not signed yet

    response = enrolled_client.post(sign_url(acknowledgement), {"agree": "yes"})

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    date = ru_date(enrolment.completed_at)
    assert messages_of(response) == [
        ru("You acknowledged this on %(date)s", date=date),
        ru("Course completed. Well done! Date of completion: %(date)s", date=date),
    ]


def test_item_progress_get_returns_the_record_or_none(
    enrolment, lessons, acknowledgement
):
    assert (
        selectors.item_progress_get(
            enrolment=enrolment, item_key=acknowledgement.translation_key
        )
        is None
    )
    progress = services.item_complete(enrolment=enrolment, item=acknowledgement)

    assert (
        selectors.item_progress_get(
            enrolment=enrolment, item_key=acknowledgement.translation_key
        )
        == progress
    )


def test_acknowledgement_page_queries_do_not_grow_with_items(
    enrolled_client, course, lessons, acknowledgement, django_assert_max_num_queries
):
    enrolled_client.get(acknowledgement.url)  # warm caches (site, locales)
    with django_assert_max_num_queries(30) as few:
        enrolled_client.get(acknowledgement.url)
    warm = len(few.captured_queries)
    from tests.factories import LessonFactory

    for _ in range(5):
        LessonFactory(parent=course)
    # Publishing changed the content version: warm the memos again, then compare.
    enrolled_client.get(acknowledgement.url)
    with django_assert_max_num_queries(warm):
        enrolled_client.get(acknowledgement.url)
