"""A learner is never stuck with assigned learning: assigning enrols where the rules
allow, My learning offers Start or says what is missing, and an admin is warned before
assigning what the person cannot start."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Assignment, Enrolment
from people.roles import Role
from people.services import position_start
from tests.factories import (
    AssignmentRuleFactory,
    UserFactory,
    course_with_lessons,
)
from tests.factories.courses import ProgramFactory, prerequisite_add

from .helpers import complete_course, messages_of, page_text, ru, ru_plural, years_ago

pytestmark = pytest.mark.django_db

MY = "/ru/my/"
LEARNERS = "/ru/manage/learners/"


def at_least(age: int) -> str:
    return ru_plural(
        "Be at least %(age)d year old.", "Be at least %(age)d years old.", age, age=age
    )


def complete_first(title: str) -> str:
    return ru("Complete the course “%(title)s”.", title=title)


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def enrolled_keys(learner) -> list:
    return list(
        Enrolment.objects.filter(learner=learner)
        .order_by("pk")
        .values_list("course_key", flat=True)
    )


@pytest.fixture
def teenager(region):
    return UserFactory(region=region, date_of_birth=years_ago(16))


@pytest.fixture
def emergencies(program_page):
    course, _lessons = course_with_lessons(
        program_page, 1, title="Экстренные ситуации", min_age=18
    )
    return course


@pytest.fixture
def onboarding(catalog_page):
    """A program of three courses; the third requires the first."""
    program = ProgramFactory(parent=catalog_page, title="Онбординг")
    first = course_with_lessons(program, 2, title="Стандарт поддержки")
    second = course_with_lessons(program, 1, title="Работа с обращениями")
    third = course_with_lessons(program, 1, title="Наставничество")
    prerequisite_add(third[0], first[0])
    return program, [first, second, third]


# Assigning enrols
# ------------------------------------------------------------------------------


def test_assigning_a_course_enrols_the_learner(learner, course):
    services.assignment_create(learner=learner, target=course, due_date=in_days(7))

    assert enrolled_keys(learner) == [course.translation_key]


def test_assigning_a_course_already_started_keeps_the_one_enrolment(
    learner, course, lessons
):
    enrolment = services.enrolment_create(learner=learner, course=course)
    services.item_complete(enrolment=enrolment, item=lessons[0])

    services.assignment_create(learner=learner, target=course, due_date=None)

    assert Enrolment.objects.get(learner=learner).pk == enrolment.pk
    assert enrolled_keys(learner) == [course.translation_key]


def test_assigning_a_program_enrols_in_its_first_course_only(learner, onboarding):
    program, courses = onboarding

    services.assignment_create(learner=learner, target=program, due_date=None)

    assert enrolled_keys(learner) == [courses[0][0].translation_key]


def test_assigning_a_program_skips_completed_courses_and_those_not_allowed_yet(
    teenager, catalog_page
):
    program = ProgramFactory(parent=catalog_page)
    done, done_lessons = course_with_lessons(program, 1)
    adults_only, _ = course_with_lessons(program, 1, min_age=18)
    open_course, _ = course_with_lessons(program, 1)
    complete_course(learner=teenager, course=done, lessons=done_lessons)

    services.assignment_create(learner=teenager, target=program, due_date=None)

    assert enrolled_keys(teenager) == [
        done.translation_key,
        open_course.translation_key,
    ]


def test_assigning_a_program_while_one_of_its_courses_is_in_progress_enrols_no_more(
    learner, onboarding
):
    program, courses = onboarding
    second = courses[1][0]
    services.enrolment_create(learner=learner, course=second)

    services.assignment_create(learner=learner, target=program, due_date=None)

    assert enrolled_keys(learner) == [second.translation_key]


def test_assigning_a_course_the_learner_cannot_start_records_it_without_enrolment(
    teenager, emergencies
):
    assignment, created = services.assignment_create(
        learner=teenager, target=emergencies, due_date=None
    )

    assert created and assignment.pk
    assert not Enrolment.objects.exists()


def test_rule_assignment_the_learner_cannot_meet_is_recorded_and_my_learning_says_why(
    django_capture_on_commit_callbacks, client, teenager, regional_office, emergencies
):
    AssignmentRuleFactory(role=Role.STAFF, target=emergencies, due_in_days=14)
    with django_capture_on_commit_callbacks(execute=True):
        position_start(user=teenager, organization=regional_office, role=Role.STAFF)

    assert Assignment.objects.get().learner == teenager
    assert not Enrolment.objects.exists()
    client.force_login(teenager)
    response = client.get(MY)
    (assigned,) = response.context["learning"].assigned
    (entry,) = assigned.courses
    assert entry.enrolment is None
    assert entry.blocker.code == "requirements"
    html = page_text(response)
    assert ru("You cannot start this course yet. Missing:") in html
    assert at_least(18) in html
    assert f'action="{emergencies.url}enrol/"' not in html


# My learning: Start, or what is missing
# ------------------------------------------------------------------------------


def test_my_learning_offers_start_for_an_assigned_course_not_started(
    learner_client, learner, onboarding
):
    program, courses = onboarding
    second = courses[1][0]
    services.assignment_create(learner=learner, target=program, due_date=None)

    response = learner_client.get(MY)

    (assigned,) = response.context["learning"].assigned
    entry = assigned.courses[1]
    assert entry.page.pk == second.pk
    assert entry.enrolment is None and entry.blocker is None
    html = page_text(response)
    assert f'action="{second.url}enrol/"' in html
    assert ru("Start") in html


def test_start_on_my_learning_enrols_once_and_opens_the_first_lesson(
    learner_client, learner, onboarding
):
    program, courses = onboarding
    second, second_lessons = courses[1]
    services.assignment_create(learner=learner, target=program, due_date=None)

    response = learner_client.post(f"{second.url}enrol/")
    again = learner_client.post(f"{second.url}enrol/")

    assert response.status_code == 302
    assert response.url == second_lessons[0].url
    assert ru("You are enrolled. Good luck!") in messages_of(response)
    assert ru("You are already enrolled in this course.") in messages_of(again)
    assert (
        Enrolment.objects.filter(
            learner=learner, course_key=second.translation_key
        ).count()
        == 1
    )


def test_my_learning_names_the_missing_required_course_with_a_link(
    learner_client, learner, onboarding
):
    program, courses = onboarding
    first, third = courses[0][0], courses[2][0]
    services.assignment_create(learner=learner, target=program, due_date=None)

    response = learner_client.get(MY)

    (assigned,) = response.context["learning"].assigned
    entry = assigned.courses[2]
    assert entry.page.pk == third.pk
    assert [r.page.pk for r in entry.blocker.unmet] == [first.pk]
    html = page_text(response)
    assert ru("You cannot start this course yet. Missing:") in html
    assert f'<a href="{first.url}">{complete_first(first.title)}</a>' in html
    assert f'action="{third.url}enrol/"' not in html


def test_my_learning_offers_start_once_the_required_course_is_completed(
    learner_client, learner, onboarding
):
    program, courses = onboarding
    (first, first_lessons), third = courses[0], courses[2][0]
    services.assignment_create(learner=learner, target=program, due_date=None)
    complete_course(learner=learner, course=first, lessons=first_lessons)

    response = learner_client.get(MY)

    assert f'action="{third.url}enrol/"' in page_text(response)


def test_my_learning_asks_for_the_date_of_birth_for_an_age_limited_course(
    client, region, emergencies
):
    unknown_age = UserFactory(region=region, date_of_birth=None)
    services.assignment_create(learner=unknown_age, target=emergencies, due_date=None)
    client.force_login(unknown_age)

    response = client.get(MY)

    html = page_text(response)
    assert ru(str(services.MSG_BIRTH_DATE_MISSING)) in html
    assert 'href="/ru/profile/"' in html
    assert not Enrolment.objects.exists()


# The admin is warned before assigning what the person cannot start
# ------------------------------------------------------------------------------


def assign(regional_admin_client, learner, target, **extra):
    data = {"target": str(target.pk), "due_date": in_days(30).isoformat(), **extra}
    return regional_admin_client.post(f"{LEARNERS}{learner.pk}/assign/", data)


def test_admin_assigning_an_adult_course_to_a_minor_is_warned_and_nothing_is_saved(
    regional_admin_client, teenager, emergencies
):
    response = assign(regional_admin_client, teenager, emergencies)

    assert response.status_code == 200
    html = page_text(response)
    assert ru("This person cannot start it yet. Nothing was assigned.") in html
    assert "Экстренные ситуации" in html
    assert at_least(18) in html
    assert 'name="confirm"' in html
    assert [b.course.pk for b in response.context["blockers"]] == [emergencies.pk]
    assert not Assignment.objects.exists()
    assert not ModelLogEntry.objects.filter(action="courses.assign").exists()


def test_admin_warning_names_the_missing_required_course(
    regional_admin_client, region, program_page, course
):
    intro, _ = course_with_lessons(program_page, 1, title="Права волонтёра")
    prerequisite_add(course, intro)
    person = UserFactory(region=region)

    response = assign(regional_admin_client, person, course)

    assert response.status_code == 200
    assert complete_first("Права волонтёра") in page_text(response)
    assert not Assignment.objects.exists()


def test_admin_warning_says_the_date_of_birth_is_not_recorded(
    regional_admin_client, region, emergencies
):
    person = UserFactory(region=region, date_of_birth=None)

    response = assign(regional_admin_client, person, emergencies)

    html = page_text(response)
    assert at_least(18) in html
    assert ru("No date of birth is recorded.") in html
    assert not Assignment.objects.exists()


def test_admin_confirming_assigns_without_enrolling_and_says_so(
    regional_admin_client, regional_admin, teenager, emergencies
):
    response = assign(regional_admin_client, teenager, emergencies, confirm="on")
    assign(regional_admin_client, teenager, emergencies, confirm="on")

    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.learner == teenager
    assert assignment.assigned_by == regional_admin
    assert not Enrolment.objects.exists()
    entry = ModelLogEntry.objects.get(action="courses.assign")
    assert entry.data["unmet_confirmed"] is True
    assert entry.data["enrolled"] is None
    assert messages_of(response) == [
        ru(
            "Assigned. The person cannot start all of it yet: My learning tells "
            "them what is missing."
        )
    ]


def test_admin_assigning_a_program_is_not_warned_about_its_own_required_courses(
    regional_admin_client, region, onboarding
):
    program, courses = onboarding
    person = UserFactory(region=region)

    response = assign(regional_admin_client, person, program)

    assert response.status_code == 302
    assert Assignment.objects.get().target_key == program.translation_key
    assert enrolled_keys(person) == [courses[0][0].translation_key]


def test_admin_assigning_a_program_is_warned_about_an_age_limited_course(
    regional_admin_client, teenager, onboarding
):
    program, courses = onboarding
    adults_only, _ = course_with_lessons(program, 1, title="Выезды", min_age=18)

    response = assign(regional_admin_client, teenager, program)

    assert response.status_code == 200
    assert [b.course.pk for b in response.context["blockers"]] == [adults_only.pk]
    assert not Assignment.objects.exists()


def test_admin_assigning_a_course_that_can_be_started_enrols_the_person(
    regional_admin_client, region, course
):
    person = UserFactory(region=region)

    response = assign(regional_admin_client, person, course)
    assign(regional_admin_client, person, course)

    assert response.status_code == 302
    assert messages_of(response) == [ru("Assigned.")]
    assert enrolled_keys(person) == [course.translation_key]


def test_admin_learner_page_shows_what_the_person_is_missing(
    regional_admin_client, teenager, emergencies
):
    services.assignment_create(learner=teenager, target=emergencies, due_date=None)

    response = regional_admin_client.get(f"{LEARNERS}{teenager.pk}/")

    html = page_text(response)
    assert ru("Cannot be enrolled yet. Missing:") in html
    assert at_least(18) in html
    assert f'action="{emergencies.url}enrol/"' not in html  # no Start for the admin
