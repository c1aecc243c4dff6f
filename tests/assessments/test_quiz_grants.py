"""A learner is never stuck at a quiz: an admin in scope lets them try again (one more
attempt, or the wait lifted), with a reason, audited; the learner sees it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments.models import QuizAttemptGrant
from assessments.services import grants as grant_services
from assessments.services import quizzes as quiz_services
from courses import services as course_services
from people.services import user_erase
from tests.courses.helpers import messages_of, page_text, ru
from tests.factories import CourseFactory, QuizFactory, single_question

from .helpers import answer_everything, quiz_edit

pytestmark = pytest.mark.django_db

REASON = "Пропал свет во время попытки"


def _attempt_and_fail(learner, quiz, now=None):
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=now)
    answer_everything(attempt, right=False, now=now)
    return quiz_services.quiz_attempt_submit(
        attempt=attempt, closed_by="learner", now=now
    )


def _refusal_code(learner, quiz, now=None) -> str:
    with pytest.raises(ValidationError) as refused:
        quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=now)
    return refused.value.code


def grant_url(learner, quiz) -> str:
    return reverse(
        "assessments:quiz_attempt_grant", args=[learner.pk, quiz.translation_key]
    )


def learner_url(learner) -> str:
    return reverse("courses:learner_detail", args=[learner.pk])


# The rule
# ------------------------------------------------------------------------------


def test_out_of_attempts_a_grant_lets_the_learner_start_one_more(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)
    assert _refusal_code(learner, quiz) == "no_attempts"

    grant, created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )

    assert created and (grant.extra_attempts, grant.after_attempt) == (1, 1)
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    assert second.number == 2
    quiz_services.quiz_attempt_submit(attempt=second, closed_by="learner")
    # One more, not unlimited.
    assert _refusal_code(learner, quiz) == "no_attempts"


def test_during_a_cooldown_a_grant_lifts_the_wait_for_the_next_attempt_only(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, cooldown_minutes=60)
    _attempt_and_fail(learner, quiz)
    assert _refusal_code(learner, quiz) == "cooldown"

    grant, _created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )

    assert (grant.extra_attempts, grant.cooldown_lifted) == (0, True)
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(second, right=False)
    quiz_services.quiz_attempt_submit(attempt=second, closed_by="learner")
    assert _refusal_code(learner, quiz) == "cooldown"


def test_out_of_attempts_and_waiting_a_grant_gives_an_attempt_to_start_now(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, attempts_allowed=1, cooldown_minutes=60)
    _attempt_and_fail(learner, quiz)

    grant, _created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )

    assert (grant.extra_attempts, grant.cooldown_lifted) == (1, True)
    assert quiz_services.quiz_attempt_start(learner=learner, quiz=quiz).number == 2


def test_a_grant_is_refused_to_a_learner_who_is_not_stuck(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, attempts_allowed=3)
    _attempt_and_fail(learner, quiz)

    with pytest.raises(ValidationError) as refused:
        grant_services.quiz_attempt_grant(
            learner=learner, quiz=quiz, by=regional_admin, reason=REASON
        )

    assert refused.value.code == "not_stuck"
    assert not QuizAttemptGrant.objects.exists()


def test_a_grant_needs_a_reason_the_scope_and_the_permission(
    learner, quiz, enrolment, regional_admin, other_regional_admin, mentor
):
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)

    with pytest.raises(ValidationError) as no_reason:
        grant_services.quiz_attempt_grant(
            learner=learner, quiz=quiz, by=regional_admin, reason="  "
        )
    for outsider in (other_regional_admin, mentor):
        with pytest.raises(PermissionDenied):
            grant_services.quiz_attempt_grant(
                learner=learner, quiz=quiz, by=outsider, reason=REASON
            )

    assert no_reason.value.message_dict == {
        "reason": [str(grant_services.MSG_GRANT_REASON_REQUIRED)]
    }
    assert not QuizAttemptGrant.objects.exists()


def test_an_admin_cannot_grant_themselves_an_attempt(program_page, regional_admin):
    admin = regional_admin
    course = CourseFactory(parent=program_page)
    quiz = QuizFactory(parent=course, questions=[single_question()], attempts_allowed=1)
    course.refresh_from_db()
    course_services.enrolment_create(learner=admin, course=course)
    _attempt_and_fail(admin, quiz)

    with pytest.raises(ValidationError) as refused:
        grant_services.quiz_attempt_grant(
            learner=admin, quiz=quiz, by=admin, reason=REASON
        )

    assert refused.value.code == "own"


def test_granting_twice_for_the_same_attempt_grants_once(
    learner, quiz, enrolment, regional_admin, superuser
):
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)

    first, created_first = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )
    again, created_again = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=superuser, reason="Ещё раз"
    )

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert QuizAttemptGrant.objects.count() == 1


def test_two_grants_racing_for_the_same_attempt_leave_one(
    learner, quiz, enrolment, regional_admin, superuser, monkeypatch
):
    """Two admins (or a double click) at once: both see no grant yet, the database's
    unique constraint lets one in, and the other gets it back."""
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)
    first, _created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )
    real = grant_services.selectors.quiz_standing

    def standing_read_before_the_first_grant(**kwargs):
        standing = real(**kwargs)
        standing.grants = []
        standing.blocked = grant_services.selectors.BLOCKED_NO_ATTEMPTS
        return standing

    monkeypatch.setattr(
        grant_services.selectors, "quiz_standing", standing_read_before_the_first_grant
    )

    again, created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=superuser, reason="Ещё раз"
    )

    assert (again.pk, created) == (first.pk, False)
    assert QuizAttemptGrant.objects.count() == 1
    assert (
        ModelLogEntry.objects.filter(action="assessments.quiz_attempt_grant").count()
        == 1
    )


def test_a_grant_is_recorded_in_the_audit_log_with_its_reason(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)

    grant, _created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )

    entry = ModelLogEntry.objects.for_instance(grant).get()
    assert entry.action == "assessments.quiz_attempt_grant"
    assert entry.user_id == regional_admin.pk
    assert entry.data["reason"] == REASON
    assert entry.data["learner"] == learner.pk
    assert entry.data["quiz"] == str(quiz.translation_key)
    assert learner.full_name not in entry.label


# The pages
# ------------------------------------------------------------------------------


@pytest.fixture
def stuck(learner, quiz, enrolment):
    """The learner used the only attempt the quiz allows."""
    quiz_edit(quiz, attempts_allowed=1)
    _attempt_and_fail(learner, quiz)
    return quiz


def test_the_admins_learner_page_links_a_stuck_quiz_to_the_grant_form(
    client, learner, stuck, regional_admin
):
    client.force_login(regional_admin)

    text = page_text(client.get(learner_url(learner)))

    assert 'id="quizzes-heading"' in text and stuck.title in text
    assert ru("Used every attempt") in text
    assert f'href="{grant_url(learner, stuck)}"' in text


def test_an_admin_grants_an_attempt_with_a_reason_and_a_double_submit_grants_once(
    client, learner, stuck, regional_admin
):
    client.force_login(regional_admin)
    url = grant_url(learner, stuck)
    form = client.get(url)
    assert form.status_code == 200
    assert ru("Try again: %(title)s", title=stuck.title) in page_text(form)
    assert ru("The learner gets one more attempt and may start it now.") in (
        page_text(form)
    )

    first = client.post(url, {"reason": REASON})
    second = client.post(url, {"reason": REASON})

    assert first.status_code == second.status_code == 302
    assert first.url == learner_url(learner)
    assert QuizAttemptGrant.objects.get().reason == REASON
    assert ru("The learner may start one more attempt now.") in messages_of(first)
    assert ru("This was already granted; nothing changed.") in messages_of(second)


def test_the_grant_form_warns_when_the_learner_has_seen_the_correct_answers(
    client, learner, stuck, regional_admin
):
    client.force_login(regional_admin)
    warning = ru(
        "This learner has seen the correct answers of their attempts: another attempt "
        "at the same questions tests their memory of those answers more than what "
        "they learnt."
    )
    assert warning not in page_text(client.get(grant_url(learner, stuck)))

    quiz_edit(stuck, review="correct", review_when="after_last")

    assert warning in page_text(client.get(grant_url(learner, stuck)))


def test_a_grant_without_a_reason_redisplays_the_form_with_the_error(
    client, learner, stuck, regional_admin
):
    client.force_login(regional_admin)

    response = client.post(grant_url(learner, stuck), {"reason": ""})

    assert response.status_code == 400
    assert ru(grant_services.MSG_GRANT_REASON_REQUIRED) in page_text(response)
    assert not QuizAttemptGrant.objects.exists()


def test_a_grant_for_a_learner_who_can_start_shows_why_nothing_was_granted(
    client, learner, quiz, enrolment, regional_admin
):
    client.force_login(regional_admin)
    _attempt_and_fail(learner, quiz)  # unlimited attempts, no wait

    response = client.post(grant_url(learner, quiz), {"reason": REASON})

    assert response.status_code == 400
    assert ru(grant_services.MSG_GRANT_NOT_STUCK) in page_text(response)
    assert not QuizAttemptGrant.objects.exists()


def test_a_regional_admin_of_another_region_gets_404(
    client, learner, stuck, other_regional_admin
):
    client.force_login(other_regional_admin)
    url = grant_url(learner, stuck)

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert not QuizAttemptGrant.objects.exists()


def test_a_mentor_may_not_grant(client, learner, stuck, mentor):
    client.force_login(mentor)

    assert client.post(grant_url(learner, stuck), {"reason": REASON}).status_code == 403
    assert 'id="quizzes-heading"' not in page_text(client.get(learner_url(learner)))


def test_the_learner_sees_the_granted_attempt_and_can_start_it(
    client, learner, stuck, regional_admin
):
    grant_services.quiz_attempt_grant(
        learner=learner, quiz=stuck, by=regional_admin, reason=REASON
    )
    client.force_login(learner)

    text = page_text(client.get(stuck.url))

    assert ru("You have been given one more attempt: you can start it now.") in text
    assert ru("Start a new attempt") in text
    assert ru("%(used)s of %(allowed)s used", used=1, allowed=2) in text
    assert REASON not in text  # the reason is for the audit, not the learner


def test_the_learner_sees_the_lifted_wait(
    client, learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, cooldown_minutes=60)
    _attempt_and_fail(learner, quiz)
    grant_services.quiz_attempt_grant(
        learner=learner, quiz=quiz, by=regional_admin, reason=REASON
    )
    client.force_login(learner)

    text = page_text(client.get(quiz.url))

    assert ru("The wait has been lifted: you can start a new attempt now.") in text


def test_learner_page_query_count_does_not_grow_with_quizzes(
    client, program_page, learner, regional_admin
):
    course = CourseFactory(parent=program_page)
    quizzes = [
        QuizFactory(parent=course, questions=[single_question()], attempts_allowed=1)
        for _n in range(4)
    ]
    course.refresh_from_db()
    course_services.enrolment_create(learner=learner, course=course)
    client.force_login(regional_admin)

    def count() -> int:
        assert client.get(learner_url(learner)).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(learner_url(learner))
        return len(queries)

    _attempt_and_fail(learner, quizzes[0])
    one = count()
    for quiz in quizzes[1:]:
        _attempt_and_fail(learner, quiz)
        grant_services.quiz_attempt_grant(
            learner=learner, quiz=quiz, by=regional_admin, reason=REASON
        )

    assert count() == one
    text = page_text(client.get(learner_url(learner)))
    assert all(quiz.title in text for quiz in quizzes)


# Personal data
# ------------------------------------------------------------------------------


def test_a_grant_is_in_the_learners_data_and_its_reason_goes_with_erasure(
    learner, stuck, regional_admin
):
    from people.selectors import user_data_export

    grant, _created = grant_services.quiz_attempt_grant(
        learner=learner, quiz=stuck, by=regional_admin, reason=REASON
    )
    exported = user_data_export(user=learner)["quiz_attempt_grants"]
    assert [row["reason"] for row in exported] == [REASON]

    user_erase(user=learner)

    grant.refresh_from_db()
    assert grant.reason == ""
    assert ModelLogEntry.objects.for_instance(grant).get().data["reason"] == ""
    # Still recorded: who let whom try again, and when.
    assert grant.granted_by_id == regional_admin.pk and grant.extra_attempts == 1


def test_a_cooldown_over_by_itself_needs_no_grant(
    learner, quiz, enrolment, regional_admin
):
    quiz_edit(quiz, cooldown_minutes=60)
    earlier = timezone.now() - datetime.timedelta(hours=2)
    _attempt_and_fail(learner, quiz, now=earlier)

    with pytest.raises(ValidationError) as refused:
        grant_services.quiz_attempt_grant(
            learner=learner, quiz=quiz, by=regional_admin, reason=REASON
        )

    assert refused.value.code == "not_stuck"
