"""Rolling out a version of the Standard: the people in its roles are e-mailed once
per version, My learning asks them to acknowledge it, and a course item of
acknowledging it is done by acknowledging the current version (here or on the
Standard's page)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import (
    Enrolment,
    ItemProgress,
    StandardAcknowledgementPage,
    StandardNotice,
    StandardVersion,
)
from courses.tasks import standard_version_notify
from people.roles import Role
from tests.factories import UserFactory, course_with_lessons, staff_member
from tests.factories.people import PositionFactory

from .helpers import messages_of, page_text, ru
from .standard_helpers import V2, standard_create, standard_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(catalog_page):
    return standard_create(catalog_page, roles=[Role.STAFF, Role.MENTOR])


@pytest.fixture
def staff(regional_office):
    return staff_member(Role.STAFF, organization=regional_office, full_name="Ерлан")


def current_version(page) -> StandardVersion:
    return StandardVersion.objects.filter(page=page).order_by("-number").first()


# E-mail per version
# ------------------------------------------------------------------------------


def test_a_new_version_emails_each_person_in_its_roles_once(
    mailoutbox, standard, staff, mentor, learner, regional_office
):
    leader = staff_member(Role.LEADER, organization=regional_office)
    version = current_version(standard_publish(standard, sections=V2))

    sent = standard_version_notify(version_id=version.pk)
    again = standard_version_notify(version_id=version.pk)

    assert (sent, again) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, mentor.email])
    assert leader.email not in [m.to[0] for m in mailoutbox]
    assert learner.email not in [m.to[0] for m in mailoutbox]
    assert standard.url in mailoutbox[0].body
    assert StandardNotice.objects.filter(version=version).count() == 2


def test_each_version_asks_again(mailoutbox, standard, staff):
    first = current_version(standard)
    standard_version_notify(version_id=first.pk)
    second = current_version(standard_publish(standard, sections=V2))
    standard_version_notify(version_id=second.pk)

    assert [m.to[0] for m in mailoutbox] == [staff.email, staff.email]


def test_an_outdated_version_sends_nothing(mailoutbox, standard, staff):
    first = current_version(standard)
    standard_publish(standard, sections=V2)

    assert standard_version_notify(version_id=first.pk) == 0
    assert mailoutbox == []


def test_publishing_a_version_enqueues_the_notice_once_committed(
    standard, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        standard_publish(standard, sections=V2)

    assert [m.to[0] for m in mailoutbox] == [staff.email]


def test_nobody_who_left_the_role_is_emailed(mailoutbox, standard, regional_office):
    PositionFactory(
        organization=regional_office,
        role=Role.STAFF,
        start_date=datetime.date(2024, 1, 10),
        end_date=datetime.date(2025, 6, 30),
    )
    version = current_version(standard_publish(standard, sections=V2))

    standard_version_notify(version_id=version.pk)

    assert mailoutbox == []


# My learning
# ------------------------------------------------------------------------------


def test_my_learning_asks_for_the_new_version(client, standard, staff):
    services.standard_acknowledge(user=staff, page=standard, number=1)
    standard_publish(standard, sections=V2)
    client.force_login(staff)

    html = page_text(client.get("/ru/my/"))

    assert ru("The Standard has a new version to acknowledge") in html
    assert f'href="{standard.url}"' in html


def test_my_learning_says_nothing_once_the_current_version_is_acknowledged(
    client, standard, staff
):
    services.standard_acknowledge(user=staff, page=standard, number=1)
    client.force_login(staff)

    html = page_text(client.get("/ru/my/"))

    assert ru("The Standard has a new version to acknowledge") not in html
    assert ru("To acknowledge") not in html


def test_my_learning_says_nothing_to_people_outside_the_roles(learner_client, standard):
    html = page_text(learner_client.get("/ru/my/"))

    assert ru("To acknowledge") not in html


def test_the_notice_reads_the_same_queries_whatever_the_versions_and_standards(
    client, catalog_page, staff, home_page
):
    page = standard_create(catalog_page)
    client.force_login(staff)
    client.get("/ru/my/")
    with CaptureQueriesContext(connection) as one:
        client.get("/ru/my/")
    for _n in range(5):
        page = standard_publish(page, sections=V2 if _n % 2 == 0 else V2[:2])
    services.standard_acknowledge(user=staff, page=page)
    page = standard_publish(page, sections=V2[:1])
    client.get("/ru/my/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/ru/my/")

    assert ru("The Standard has a new version to acknowledge") in page_text(response)
    assert len(many) == len(one)


# The course item
# ------------------------------------------------------------------------------


@pytest.fixture
def item_course(program_page, standard):
    course, lessons = course_with_lessons(program_page, 1, slug="rfo-basics")
    course.refresh_from_db()
    item = course.add_child(
        instance=StandardAcknowledgementPage(
            title="Ознакомление со Стандартом", slug="standard-ack", standard=standard
        )
    )
    item.save_revision().publish()
    item.refresh_from_db()
    return course, lessons, item


def test_the_item_completes_when_the_current_version_is_acknowledged_on_the_standard(
    client, staff, standard, item_course
):
    course, lessons, item = item_course
    enrolment = services.enrolment_create(learner=staff, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[0])
    client.force_login(staff)

    client.post(f"{standard.url}acknowledge/", {"version": "1"})

    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=item.translation_key
    ).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_the_item_page_offers_the_button_and_completes_the_item(
    client, staff, standard, item_course
):
    course, _lessons, item = item_course
    enrolment = services.enrolment_create(learner=staff, course=course)
    client.force_login(staff)

    html = page_text(client.get(item.url))
    response = client.post(f"{item.url}acknowledge/", {"version": "1"})

    assert ru("I have read version %(number)s and will follow it", number=1) in html
    assert response.status_code == 302
    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=item.translation_key
    ).exists()


def test_an_older_version_does_not_complete_the_item(
    client, staff, standard, item_course
):
    course, _lessons, item = item_course
    services.standard_acknowledge(user=staff, page=standard, number=1)
    standard_publish(standard, sections=V2)
    enrolment = services.enrolment_create(learner=staff, course=course)
    client.force_login(staff)

    html = page_text(client.get(item.url))
    response = client.post(f"{item.url}acknowledge/", {"version": "1"})

    assert (
        ru("What changed from version %(old)s to version %(new)s", old=1, new=2) in html
    )
    assert messages_of(response) == [
        ru(services.MSG_STANDARD_NOT_CURRENT, number=1, current=2)
    ]
    assert not ItemProgress.objects.filter(
        enrolment=enrolment, item_key=item.translation_key
    ).exists()


def test_the_current_version_acknowledged_before_enrolling_completes_the_item_on_click(
    client, staff, standard, item_course
):
    course, _lessons, item = item_course
    services.standard_acknowledge(user=staff, page=standard, number=1)
    enrolment = services.enrolment_create(learner=staff, course=course)
    client.force_login(staff)

    client.post(f"{item.url}acknowledge/", {"version": "1"})

    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=item.translation_key
    ).exists()
    assert staff.standard_acknowledgements.count() == 1


def test_the_item_page_is_closed_to_learners_not_enrolled(
    client, standard, item_course
):
    _course, _lessons, item = item_course
    client.force_login(UserFactory())

    assert client.post(f"{item.url}acknowledge/", {"version": "1"}).status_code == 302
    assert not ItemProgress.objects.exists()
