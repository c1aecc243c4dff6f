"""Right after completing: the quiz result and the course page say which certificate
was just issued (or that it is being issued) and what comes next in the program."""

import datetime

import pytest
from django.utils import timezone

from assessments.services import quizzes as quiz_services
from certificates import services
from certificates.codes import code_display
from certificates.models import Certificate
from courses import services as course_services
from tests.assessments.helpers import page_post, result_url, submit_url
from tests.courses.helpers import complete_course, page_text, ru
from tests.factories import (
    CertificateRuleFactory,
    LessonFactory,
    QuizFactory,
    course_with_lessons,
    single_question,
)
from tests.factories.courses import CourseFactory

pytestmark = pytest.mark.django_db


def issued(title: str) -> str:
    return ru("Certificate issued: “%(title)s”.", title=title)


def being_issued(title: str) -> str:
    return ru(
        "Your certificate “%(title)s” is being issued and will appear under My "
        "certificates in a few minutes.",
        title=title,
    )


def next_in(program) -> str:
    return ru("Next in the program “%(program_title)s”:", program_title=program.title)


@pytest.fixture
def certified(program_page, certificate_template):
    """A certified course (a lesson, then its final quiz) followed in its program by
    a course not started yet."""
    course = CourseFactory(parent=program_page, title="Паллиативная помощь")
    lesson = LessonFactory(parent=course)
    quiz = QuizFactory(parent=course, questions=[single_question()])
    course.refresh_from_db()
    CertificateRuleFactory(page=course, validity_months=24)
    following, _lessons = course_with_lessons(program_page, 1, title="Уход за пожилыми")
    return {"course": course, "lesson": lesson, "quiz": quiz, "next": following}


def pass_final_quiz(client, capture, *, learner, certified, issue: bool):
    """Do the lesson, then pass the quiz through the browser's submit. With `issue`,
    what the completion enqueued on commit runs (eagerly, as the embedded default
    does); without, the page is shown before a worker has issued the certificate."""
    enrolment = course_services.enrolment_create(
        learner=learner, course=certified["course"]
    )
    course_services.item_complete(enrolment=enrolment, item=certified["lesson"])
    quiz = certified["quiz"]
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    with capture(execute=issue):
        response = client.post(
            submit_url(quiz, attempt), page_post(attempt, 1, action="submit")
        )
    assert response.url == result_url(quiz, attempt)
    return client.get(result_url(quiz, attempt))


def test_quiz_result_after_passing_the_final_quiz_names_the_certificate_and_next_course(
    django_capture_on_commit_callbacks, holder_client, holder, certified, program_page
):
    response = pass_final_quiz(
        holder_client,
        django_capture_on_commit_callbacks,
        learner=holder,
        certified=certified,
        issue=True,
    )

    certificate = Certificate.objects.get(learner=holder)
    html = page_text(response)
    assert issued("Паллиативная помощь") in html
    assert ru("No. %(number)s", number=code_display(certificate.code)) in html
    assert f'href="/ru/certificates/{certificate.code}/pdf/"' in html
    assert next_in(program_page) in html
    assert f'<a href="{certified["next"].url}">Уход за пожилыми</a>' in html
    assert ru("Not started") in html


def test_quiz_result_says_the_certificate_is_being_issued_before_the_worker_ran(
    django_capture_on_commit_callbacks, holder_client, holder, certified
):
    response = pass_final_quiz(
        holder_client,
        django_capture_on_commit_callbacks,
        learner=holder,
        certified=certified,
        issue=False,
    )

    assert not Certificate.objects.exists()
    html = page_text(response)
    assert being_issued("Паллиативная помощь") in html
    assert 'href="/ru/certificates/"' in html


def test_quiz_result_of_a_course_without_certificate_shows_no_certificate(
    django_capture_on_commit_callbacks, holder_client, holder, certified
):
    certified["course"].certificate_rule.delete()

    response = pass_final_quiz(
        holder_client,
        django_capture_on_commit_callbacks,
        learner=holder,
        certified=certified,
        issue=True,
    )

    html = page_text(response)
    assert 'id="completion-certificates-heading"' not in html
    assert 'id="program-next-heading"' in html  # what comes next, all the same


def test_course_page_after_completion_names_the_certificate_and_the_next_course(
    django_capture_on_commit_callbacks,
    holder_client,
    holder,
    certified_course_and_lessons,
    program_page,
):
    course, lessons, _rule = certified_course_and_lessons
    following, _ = course_with_lessons(program_page, 1, title="Уход за пожилыми")
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)
    course_services.enrolment_create(learner=holder, course=following)

    response = holder_client.get(course.url)

    certificate = Certificate.objects.get(learner=holder)
    html = page_text(response)
    assert issued(course.title) in html
    assert ru("No. %(number)s", number=code_display(certificate.code)) in html
    assert next_in(program_page) in html
    assert f'<a href="{following.url}">Уход за пожилыми</a>' in html
    assert ru("In progress") in html


def test_course_page_of_the_last_course_says_the_program_is_completed(
    django_capture_on_commit_callbacks,
    holder_client,
    holder,
    certified_course_and_lessons,
    program_page,
):
    course, lessons, _rule = certified_course_and_lessons
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)

    response = holder_client.get(course.url)

    assert ru(
        "You have completed every course of the program “%(program_title)s”.",
        program_title=program_page.title,
    ) in page_text(response)


def test_course_page_of_a_completed_program_names_the_program_certificate_too(
    django_capture_on_commit_callbacks,
    holder_client,
    holder,
    certified_course_and_lessons,
    program_page,
):
    course, lessons, _rule = certified_course_and_lessons
    CertificateRuleFactory(page=program_page, validity_months=None)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner=holder, course=course, lessons=lessons)

    html = page_text(holder_client.get(course.url))

    assert issued(course.title) in html
    assert issued(program_page.title) in html


def test_course_page_in_progress_shows_no_completion_panels(
    holder_client, holder, certified_course_and_lessons
):
    course, lessons, _rule = certified_course_and_lessons
    enrolment = course_services.enrolment_create(learner=holder, course=course)
    course_services.item_complete(enrolment=enrolment, item=lessons[0])

    html = page_text(holder_client.get(course.url))

    assert 'id="completion-certificates-heading"' not in html
    assert 'id="program-next-heading"' not in html


def test_a_refresher_quiz_passed_says_the_certificate_is_renewed(
    django_capture_on_commit_callbacks,
    holder_client,
    holder,
    certified,
    certificate_template,
):
    """A certificate expiring soon, and its refresher quiz passed: the result page
    names the renewal."""
    original = CourseFactory(parent=certified["course"].get_parent(), title="Основы")
    rule = CertificateRuleFactory(
        page=original, validity_months=12, refresher_page=certified["quiz"]
    )
    old, _ = services.certificate_issue(
        learner=holder, rule=rule, completed_at=timezone.now()
    )
    Certificate.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=5)
    )
    certified["course"].certificate_rule.delete()

    response = pass_final_quiz(
        holder_client,
        django_capture_on_commit_callbacks,
        learner=holder,
        certified=certified,
        issue=True,
    )

    renewal = Certificate.objects.get(previous=old)
    html = page_text(response)
    assert ru("Your certificate “%(title)s” has been renewed.", title="Основы") in html
    assert ru("No. %(number)s", number=code_display(renewal.code)) in html
