"""Reads: outlines, the "continue" rule, requirements, catalog listings, scope."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone

from courses import selectors, services
from courses.models import Assignment
from tests.factories import UserFactory, course_with_lessons
from tests.factories.courses import (
    CourseFactory,
    LessonFactory,
    ProgramFactory,
    prerequisite_add,
    translate,
)

from .helpers import complete_course, ru, ru_plural, years_ago

pytestmark = pytest.mark.django_db

A, B, C, D = (uuid.uuid4() for _ in range(4))


@pytest.mark.parametrize(
    ("done", "last", "expected"),
    [
        (set(), None, A),  # never opened: the first item
        (set(), C, C),  # opened and not done: that item
        ({C}, C, D),  # done: the next one not done after it
        ({C, D}, C, A),  # everything after is done: the first not done
        ({A, B}, B, C),
        ({A, B, C, D}, B, None),  # nothing left
        ({A}, uuid.uuid4(), B),  # the last item is gone (unpublished): first not done
    ],
)
def test_continue_key_rule(done, last, expected):
    assert selectors.continue_key(keys=[A, B, C, D], done=done, last=last) == expected


def test_course_outline_lists_live_items_in_order_with_progress(
    learner, course, lessons
):
    LessonFactory(parent=course, required=False, estimated_minutes=5)
    LessonFactory(parent=course, live=False)
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[1])

    outline = selectors.course_outline(course=course, enrolment=enrolment)

    assert [item.number for item in outline.items] == [1, 2, 3, 4]
    assert [item.page.pk for item in outline.items[:3]] == [p.pk for p in lessons]
    assert [item.done for item in outline.items] == [False, True, False, False]
    assert [item.required for item in outline.items] == [True, True, True, False]
    assert (outline.required_done, outline.required_total, outline.percent) == (
        1,
        3,
        33,
    )
    assert outline.minutes == 35


def test_course_outline_without_enrolment_has_nothing_done(course, lessons):
    outline = selectors.course_outline(course=course, enrolment=None)

    assert not any(item.done for item in outline.items)
    assert outline.continue_item().page.pk == lessons[0].pk


def test_course_required_item_keys_leave_out_optional_and_draft_items(course, lessons):
    LessonFactory(parent=course, required=False)
    LessonFactory(parent=course, live=False)

    assert selectors.course_required_item_keys(course=course) == {
        lesson.translation_key for lesson in lessons
    }


def test_course_requirements_are_unmet_for_anonymous_visitors(program_page):
    intro, _ = course_with_lessons(program_page, 1)
    course = CourseFactory(parent=program_page, min_age=18)
    prerequisite_add(course, intro)

    requirements = selectors.course_requirements(course=course, learner=AnonymousUser())

    assert [r.met for r in requirements] == [False, False]
    assert requirements[0].page.pk == intro.pk


def test_course_requirements_mark_what_the_learner_has(program_page):
    intro, intro_lessons = course_with_lessons(program_page, 1, title="Введение")
    other, _ = course_with_lessons(program_page, 1, title="Этика")
    course = CourseFactory(parent=program_page, min_age=16)
    prerequisite_add(course, intro, other)
    learner = UserFactory(date_of_birth=years_ago(17))
    complete_course(learner=learner, course=intro, lessons=intro_lessons)

    requirements = selectors.course_requirements(course=course, learner=learner)

    assert [(r.message, r.met) for r in requirements] == [
        (ru("Complete the course “%(title)s”.", title="Введение"), True),
        (ru("Complete the course “%(title)s”.", title="Этика"), False),
        (
            ru_plural(
                "Be at least %(age)d year old.",
                "Be at least %(age)d years old.",
                16,
                age=16,
            ),
            True,
        ),
    ]


def test_course_list_for_program_has_the_learners_status(
    learner, program_page, course, lessons
):
    other, _ = course_with_lessons(program_page, 1)
    complete_course(learner=learner, course=course, lessons=lessons)

    entries = selectors.course_list_for_program(program=program_page, learner=learner)

    assert [(e.page.pk, e.status) for e in entries] == [
        (course.pk, "completed"),
        (other.pk, ""),
    ]


def test_program_list_for_catalog_counts_live_courses(catalog_page, program_page):
    course_with_lessons(program_page, 1)
    course_with_lessons(program_page, 1)
    CourseFactory(parent=program_page, live=False)
    empty = ProgramFactory(parent=catalog_page)

    entries = selectors.program_list_for_catalog(catalog=catalog_page)

    assert [(e.page.pk, e.course_count, e.in_other_language) for e in entries] == [
        (program_page.pk, 2, False),
        (empty.pk, 0, False),
    ]


def test_kazakh_catalog_shows_untranslated_programs_in_russian(
    home_page, catalog_page, program_page, locales
):
    translate(home_page, locales["kk"])
    kk_catalog = translate(catalog_page, locales["kk"])

    (entry,) = selectors.program_list_for_catalog(catalog=kk_catalog)

    assert entry.page.pk == program_page.pk
    assert entry.in_other_language is True


def test_enrolment_list_visible_is_own_for_a_learner_and_region_for_an_admin(
    learner, other_learner, regional_admin, region, other_region, course
):
    learner.region = region
    learner.save()
    other_learner.region = other_region
    other_learner.save()
    mine = services.enrolment_create(learner=learner, course=course)
    theirs = services.enrolment_create(learner=other_learner, course=course)

    assert list(selectors.enrolment_list_visible(viewer=learner)) == [mine]
    assert list(selectors.enrolment_list_visible(viewer=regional_admin)) == [mine]
    assert set(
        selectors.enrolment_list_visible(viewer=UserFactory(is_superuser=True))
    ) == {mine, theirs}


def test_assignment_is_completed_when_every_course_of_the_program_is(
    learner, program_page
):
    courses = [course_with_lessons(program_page, 1) for _ in range(2)]
    assignment, _ = services.assignment_create(
        learner=learner, target=program_page, due_date=None
    )

    complete_course(learner=learner, course=courses[0][0], lessons=courses[0][1])
    assert selectors.assignment_is_completed(assignment=assignment) is False

    complete_course(learner=learner, course=courses[1][0], lessons=courses[1][1])
    assert selectors.assignment_is_completed(assignment=assignment) is True


@override_settings(LMS_ASSIGNMENT_REMINDER_DAYS=3)
def test_assignment_reminders_due_are_near_and_not_reminded_and_past_ones_overdue(
    learner, program_page
):
    today = timezone.localdate()

    def assign(days):
        course = CourseFactory(parent=program_page)
        due = None if days is None else today + datetime.timedelta(days=days)
        return services.assignment_create(learner=learner, target=course, due_date=due)[
            0
        ]

    past, soon, edge, later, undated = (assign(d) for d in (-2, 1, 3, 4, None))
    reminded = assign(0)
    Assignment.objects.filter(pk=reminded.pk).update(reminded_at=timezone.now())

    assert set(selectors.assignment_reminders_due()) == {soon.pk, edge.pk}
    # Past its due date: the overdue reminder instead (tests/courses/test_overdue.py).
    assert selectors.assignment_reminders_overdue_due() == [past.pk]
