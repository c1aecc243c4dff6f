"""Background tasks take ids, are idempotent, and skip what no longer applies."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Assignment
from courses.tasks import (
    assignment_notify,
    assignment_remind,
    assignment_rules_apply,
    course_completed_notify,
    course_completion_reevaluate,
)
from people.selectors import user_data_export
from tests.factories.courses import translate_tree

from .helpers import complete_course

pytestmark = pytest.mark.django_db


def test_course_completed_notify_run_twice_sends_one_email(
    mailoutbox, learner, course, lessons
):
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)

    first = course_completed_notify.delay(enrolment_id=enrolment.pk).get()
    second = course_completed_notify.delay(enrolment_id=enrolment.pk).get()

    assert (first, second) == (True, False)
    assert len(mailoutbox) == 1


def test_course_completed_notify_links_to_the_page_in_the_learners_language(
    mailoutbox, learner, course, lessons, locales
):
    kk_course, _ = translate_tree(course, lessons, locales["kk"])
    learner.preferred_language = "kk"
    learner.save()
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)

    course_completed_notify.delay(enrolment_id=enrolment.pk)

    (mail,) = mailoutbox
    assert f"http://testserver{kk_course.url}" in mail.body
    assert kk_course.url.startswith("/kk/")


def test_tasks_with_unknown_ids_do_nothing(mailoutbox):
    assert course_completed_notify.delay(enrolment_id=999_999).get() is False
    assert assignment_notify.delay(assignment_id=999_999).get() is False
    assert assignment_remind.delay(assignment_id=999_999).get() is False
    assert assignment_rules_apply.delay(user_id=999_999).get() == 0
    assert course_completion_reevaluate.delay(course_id=999_999).get() == 0
    assert mailoutbox == []


def test_course_completion_reevaluate_run_twice_completes_once(
    completed_signals, learner, course, lessons
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    for lesson in lessons[:2]:
        services.item_complete(enrolment=enrolment, item=lesson)
    lessons[2].unpublish()  # its own on-commit run is not executed here

    first = course_completion_reevaluate.delay(course_id=course.pk).get()
    second = course_completion_reevaluate.delay(course_id=course.pk).get()

    assert (first, second) == (1, 0)
    assert len(completed_signals.calls) == 1


def test_tasks_send_nothing_to_an_inactive_learner(mailoutbox, learner, course):
    assignment, _ = services.assignment_create(
        learner=learner,
        target=course,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    learner.is_active = False
    learner.save()

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is False
    assert assignment_remind.delay(assignment_id=assignment.pk).get() is False
    assert mailoutbox == []


def test_assignment_remind_run_twice_sends_once(mailoutbox, learner, course):
    assignment, _ = services.assignment_create(
        learner=learner,
        target=course,
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )

    assignment_remind.delay(assignment_id=assignment.pk)
    assignment_remind.delay(assignment_id=assignment.pk)

    assert len(mailoutbox) == 1
    assert Assignment.objects.get().reminded_at is not None


def test_assignment_email_is_not_sent_for_a_target_that_was_unpublished(
    mailoutbox, learner, course
):
    assignment, _ = services.assignment_create(
        learner=learner, target=course, due_date=None
    )
    course.unpublish()

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is False
    assert mailoutbox == []


def test_personal_data_export_includes_learning_records(
    learner, course, lessons, program_page
):
    enrolment = complete_course(learner=learner, course=course, lessons=lessons)
    services.assignment_create(learner=learner, target=program_page, due_date=None)

    learning = user_data_export(user=learner)["learning"]

    (exported,) = learning["enrolments"]
    assert exported["course"] == str(course.translation_key)
    assert exported["status"] == "completed"
    assert exported["completed_at"] == enrolment.completed_at.isoformat()
    assert {item["item"] for item in exported["items_done"]} == {
        str(lesson.translation_key) for lesson in lessons
    }
    assert learning["assignments"][0]["kind"] == "program"
    assert learning["programs_completed"] == [
        {
            "program": str(program_page.translation_key),
            "completed_at": learning["programs_completed"][0]["completed_at"],
        }
    ]
