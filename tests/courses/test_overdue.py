"""Overdue assigned learning: the mark and order on My learning, the reminders before
the due date and when overdue (each once), and the admins' overdue list with its
"Remind" action (once a person a day, within scope, in the audit log)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from core.pagecache import content_version_bump
from courses import selectors, services
from courses.models import Assignment, AssignmentNudge
from courses.tasks import assignment_overdue_reminders_send, assignment_reminders_send
from tests.factories import UserFactory, course_with_lessons

from .helpers import complete_course, messages_of, page_text, ru

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def assign(learner, target, due: int):
    """An assignment due in `due` days (negative: overdue), as a rule or admin makes
    it; the due date is set afterwards, as time passing would."""
    assignment, _created = services.assignment_create(
        learner=learner, target=target, due_date=days(max(due, 0))
    )
    Assignment.objects.filter(pk=assignment.pk).update(due_date=days(due))
    assignment.refresh_from_db()
    return assignment


@pytest.fixture
def late_course(program_page):
    course, _lessons = course_with_lessons(program_page, 1, title="Права волонтёра")
    return course


# My learning
# ------------------------------------------------------------------------------


def test_my_learning_marks_overdue_work_and_lists_it_first(
    learner_client, learner, program_page, late_course
):
    soon, _lessons = course_with_lessons(program_page, 1, title="Безопасность")
    assign(learner, soon, 2)
    assign(learner, late_course, -3)
    services.assignment_create(
        learner=learner,
        target=course_with_lessons(program_page, 1, title="Без срока")[0],
        due_date=None,
    )

    learning = selectors.my_learning(learner=learner)
    text = page_text(learner_client.get(reverse("courses:my_learning")))

    assert [a.is_overdue for a in learning.assigned] == [True, False, False]
    assert learning.assigned[0].courses[0].page.title == "Права волонтёра"
    overdue_mark = text.index(ru("Overdue: was due %(date)s", date="")[:10])
    assert overdue_mark < text.index("Права волонтёра") < text.index("Безопасность")


def test_completed_work_past_its_due_date_is_not_overdue(learner, course, lessons):
    assign(learner, course, -3)
    complete_course(learner=learner, course=course, lessons=lessons)

    learning = selectors.my_learning(learner=learner)

    assert learning.assigned == []
    assert [a.is_overdue for a in learning.completed_assignments] == [False]


def test_my_learning_query_count_does_not_grow_with_assignments(client, program_page):
    def count(learner) -> int:
        client.force_login(learner)
        client.get(reverse("courses:my_learning"))
        content_version_bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("courses:my_learning")).status_code == 200
        return len(queries)

    courses = [course_with_lessons(program_page, 2)[0] for _ in range(8)]
    few, many = UserFactory(), UserFactory()
    assign(few, courses[0], -1)
    for n, course in enumerate(courses):
        assign(many, course, n - 4)

    assert count(many) == count(few)


# Reminders
# ------------------------------------------------------------------------------


def test_reminder_before_the_due_date_and_the_overdue_one_are_each_sent_once(
    mailoutbox, learner, course
):
    assignment = assign(learner, course, 2)

    assert assignment_reminders_send.delay().get() == 1
    assert assignment_reminders_send.delay().get() == 0
    assert assignment_overdue_reminders_send.delay().get() == 0
    Assignment.objects.filter(pk=assignment.pk).update(due_date=days(-1))
    assert assignment_overdue_reminders_send.delay().get() == 1
    assert assignment_overdue_reminders_send.delay().get() == 0

    assert [m.subject for m in mailoutbox] == [
        ru("Reminder: %(title)s", title=course.title),
        ru("Overdue: %(title)s", title=course.title),
    ]


def test_work_already_overdue_gets_only_the_overdue_reminder(
    mailoutbox, learner, course
):
    assign(learner, course, -5)

    assignment_reminders_send.delay()
    assignment_overdue_reminders_send.delay()

    assert [m.subject for m in mailoutbox] == [
        ru("Overdue: %(title)s", title=course.title)
    ]


def test_completed_or_withdrawn_work_gets_no_overdue_reminder(
    mailoutbox, learner, other_learner, course, lessons
):
    done = assign(learner, course, -2)
    complete_course(learner=learner, course=course, lessons=lessons)
    withdrawn = assign(other_learner, course, -2)
    Assignment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())

    assignment_overdue_reminders_send.delay()
    assignment_reminders_send.delay()

    assert mailoutbox == []
    assert selectors.assignment_reminders_overdue_due() == []
    assert done.pk not in selectors.assignment_list_overdue().values_list(
        "pk", flat=True
    )


# The admins' overdue list and its "Remind"
# ------------------------------------------------------------------------------


def overdue_url(**query) -> str:
    url = reverse("courses:overdue_list")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_regional_admin_sees_their_regions_overdue_people(
    regional_admin_client, learner, other_learner, other_region_learner, late_course
):
    assign(learner, late_course, -4)
    assign(other_learner, late_course, 5)
    assign(other_region_learner, late_course, -4)

    response = regional_admin_client.get(overdue_url())
    text = page_text(response)

    rows = response.context["page"].object_list
    assert [row.learner for row in rows] == [learner]
    assert rows[0].days_overdue == 4
    assert rows[0].titles == ["Права волонтёра"]
    assert learner.full_name in text and other_region_learner.full_name not in text
    assert ru("not reminded") in text


def test_national_admin_sees_every_region_and_filters_by_one(
    national_admin_client, learner, other_region_learner, other_region, late_course
):
    assign(learner, late_course, -1)
    assign(other_region_learner, late_course, -9)

    every = national_admin_client.get(overdue_url()).context["page"].object_list
    one = (
        national_admin_client.get(overdue_url(region=other_region.pk))
        .context["page"]
        .object_list
    )

    assert [row.learner for row in every] == [other_region_learner, learner]
    assert [row.learner for row in one] == [other_region_learner]


def test_overdue_list_query_count_is_fixed(
    regional_admin_client, regional_admin, region, late_course, program_page
):
    last = []

    def count() -> int:
        regional_admin_client.get(overdue_url())  # memos warm, as between requests
        with CaptureQueriesContext(connection) as queries:
            assert regional_admin_client.get(overdue_url()).status_code == 200
        last[:] = queries.captured_queries
        return len(queries)

    assign(UserFactory(region=region), late_course, -2)
    few = count()
    for _ in range(6):
        person = UserFactory(region=region)
        assign(person, late_course, -3)
        assign(person, course_with_lessons(program_page, 1)[0], -1)
        AssignmentNudge.objects.create(
            learner=person, day=days(-1), sent_by=regional_admin
        )

    assert count() == few, "\n".join(q["sql"][:300] for q in last)


def test_remind_sends_one_e_mail_a_day_and_records_it(
    regional_admin_client,
    regional_admin,
    learner,
    late_course,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    assign(learner, late_course, -4)
    url = reverse("courses:overdue_remind", args=[learner.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = regional_admin_client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        second = regional_admin_client.post(url)

    assert first.status_code == second.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    assert mailoutbox[0].subject == ru("Reminder: your learning is overdue")
    assert "Права волонтёра" in mailoutbox[0].body
    assert messages_of(second)[-1] == ru(
        services.MSG_NUDGE_ALREADY, name=learner.full_name
    )
    [entry] = ModelLogEntry.objects.filter(action="courses.nudge")
    assert entry.user_id == regional_admin.pk
    assert entry.data["learner"] == learner.pk
    row = regional_admin_client.get(overdue_url()).context["page"].object_list[0]
    assert row.last_reminded is not None


def test_remind_again_the_next_day_is_allowed(regional_admin, learner, late_course):
    assign(learner, late_course, -4)
    services.assignment_nudge(learner=learner, by=regional_admin)
    AssignmentNudge.objects.update(day=days(-1))

    services.assignment_nudge(learner=learner, by=regional_admin)

    assert AssignmentNudge.objects.count() == 2


def test_remind_with_nothing_overdue_sends_nothing(
    regional_admin_client, learner, late_course, mailoutbox
):
    assign(learner, late_course, 3)

    response = regional_admin_client.post(
        reverse("courses:overdue_remind", args=[learner.pk])
    )

    assert messages_of(response) == [
        ru(services.MSG_NUDGE_NOTHING_OVERDUE, name=learner.full_name)
    ]
    assert not AssignmentNudge.objects.exists() and mailoutbox == []


def test_admin_of_another_region_gets_404_and_sends_nothing(
    client, other_regional_admin, learner, late_course, mailoutbox
):
    assign(learner, late_course, -4)
    client.force_login(other_regional_admin)

    response = client.post(reverse("courses:overdue_remind", args=[learner.pk]))
    listed = client.get(overdue_url()).context["page"].object_list

    assert response.status_code == 404
    assert listed == []
    assert not AssignmentNudge.objects.exists() and mailoutbox == []


def test_a_learner_may_not_see_the_list_nor_remind(learner_client, other_learner):
    assert learner_client.get(overdue_url()).status_code == 403
    remind = reverse("courses:overdue_remind", args=[other_learner.pk])
    assert learner_client.post(remind).status_code == 403


def test_the_learner_list_links_to_the_overdue_list(regional_admin_client):
    text = page_text(regional_admin_client.get(reverse("courses:learner_list")))

    assert f'href="{overdue_url()}"' in text


def test_the_overdue_list_exports_the_people_in_scope_as_csv_and_xlsx(
    regional_admin_client, learner, other_region_learner, late_course
):
    assign(learner, late_course, -4)
    assign(other_region_learner, late_course, -4)
    learner.full_name = "=HYPERLINK(1)"
    learner.save(update_fields=["full_name"])
    page = regional_admin_client.get(overdue_url()).content.decode()
    assert reverse("reports:overdue_csv") in page

    response = regional_admin_client.get(reverse("reports:overdue_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert [line[1] for line in lines[1:]] == [learner.email]
    assert lines[1][0] == "'=HYPERLINK(1)" and lines[1][3] == "Права волонтёра"
    assert lines[1][5] == "4"

    response = regional_admin_client.get(reverse("reports:overdue_xlsx"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [learner.email]


def test_a_learner_may_not_export_the_overdue_list(learner_client):
    assert learner_client.get(reverse("reports:overdue_csv")).status_code == 403
