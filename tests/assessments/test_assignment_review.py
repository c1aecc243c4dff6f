"""The mentor's side: the review queue (scoped), the review page, accepting and
returning, and the e-mail to the learner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from assessments.models import Submission
from assessments.services import assignments as services
from assessments.tasks.assignments import submission_reviewed_notify
from courses import services as course_services
from courses.models import Enrolment
from courses.selectors import course_outline
from tests.courses.helpers import messages_of, page_text, ru
from tests.factories import UserFactory
from tests.lms.helpers import assert_error_summary

from .helpers import criterion_ids, review_data, review_url, scores_all_top, upload

pytestmark = pytest.mark.django_db

QUEUE = "/ru/manage/reviews/"


@pytest.fixture
def submission(learner, enrolment, assignment):
    return services.submission_create(
        learner=learner,
        assignment=assignment,
        text="Черновик заявки",
        files=[upload("zayavka.pdf")],
    )


def decision_mails(outbox, assignment):
    """The e-mails telling a learner a review's decision (not the course's)."""
    return [
        m
        for m in outbox
        if assignment.title in m.subject and "manage/reviews" not in m.body
    ]


def test_review_queue_shows_only_learners_in_the_viewers_scope(
    client, submission, mentor, other_mentor, national_admin, learner
):
    client.force_login(mentor)
    mine = client.get(QUEUE)
    assert mine.status_code == 200
    assert [row.submission.pk for row in mine.context["rows"]] == [submission.pk]
    text = page_text(mine)
    assert learner.full_name in text
    assert "Черновик заявки на грант" in text
    assert review_url(submission) in text

    client.force_login(other_mentor)
    assert client.get(QUEUE).context["rows"] == []

    client.force_login(national_admin)
    assert [r.submission.pk for r in client.get(QUEUE).context["rows"]] == [
        submission.pk
    ]


def test_review_queue_is_forbidden_to_a_learner(client, learner, submission):
    client.force_login(learner)

    assert client.get(QUEUE).status_code == 403


def test_another_regions_mentor_gets_404_on_the_review_page(
    client, submission, other_mentor, assignment
):
    client.force_login(other_mentor)

    assert client.get(review_url(submission)).status_code == 404
    response = client.post(review_url(submission), review_data(assignment, "accepted"))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_review_page_shows_the_work_the_rubric_as_radio_groups_and_earlier_versions(
    client, submission, mentor, learner, assignment
):
    services.submission_review(
        submission=submission,
        reviewer=mentor,
        rubric_scores={},
        feedback="Мало цифр.",
        decision="returned",
    )
    second = services.submission_create(
        learner=learner, assignment=assignment, text="Версия 2", files=[]
    )
    client.force_login(mentor)

    response = client.get(review_url(second))

    assert response.status_code == 200
    html = page_text(response)
    assert "Версия 2" in html
    assert html.count('type="radio"') == 5  # 3 + 2 levels
    assert "<legend>Проблема описана:</legend>" in html
    assert [e.submission.version for e in response.context["earlier"]] == [1]
    assert "Мало цифр." in html
    assert f"/ru/manage/reviews/{submission.pk}/files/" in html


def test_accepting_scores_the_rubric_completes_the_course_and_emails_the_learner(
    django_capture_on_commit_callbacks,
    mailoutbox,
    client,
    submission,
    mentor,
    learner,
    enrolment,
    lesson,
    course,
    assignment,
):
    course_services.item_complete(enrolment=enrolment, item=lesson)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(submission),
            review_data(assignment, "accepted", feedback="Отличная работа!"),
        )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    assert submission.reviewed_by == mentor
    assert (submission.score, submission.max_score) == (5, 5)
    assert submission.rubric_scores == scores_all_top(assignment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    outline = course_outline(course=course, enrolment=enrolment)
    assert all(item.done for item in outline.items)
    assert ModelLogEntry.objects.filter(
        action="assessments.review", user=mentor, object_id=str(submission.pk)
    ).exists()
    (decision,) = decision_mails(mailoutbox, assignment)
    assert decision.to == [learner.email]
    assert "Отличная работа!" in decision.body
    assert f"http://testserver{assignment.url}" in decision.body
    # A second run of the task sends nothing.
    assert submission_reviewed_notify.delay(submission_id=submission.pk).get() is False
    assert len(decision_mails(mailoutbox, assignment)) == 1


def test_returning_requires_feedback(client, submission, mentor, assignment):
    client.force_login(mentor)

    response = client.post(review_url(submission), review_data(assignment, "returned"))

    assert response.status_code == 400
    assert ru(services.MSG_FEEDBACK_REQUIRED) in page_text(response)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_a_review_with_errors_has_the_error_summary_linking_to_the_feedback(
    client, submission, mentor, assignment
):
    client.force_login(mentor)

    response = client.post(review_url(submission), review_data(assignment, "returned"))

    page = assert_error_summary(response, fields=["id_feedback"])
    assert ru(services.MSG_FEEDBACK_REQUIRED) in page.summary.get_text()


def test_accepting_requires_every_criterion_scored(
    client, submission, mentor, assignment
):
    first = criterion_ids(assignment)[0]
    client.force_login(mentor)

    response = client.post(
        review_url(submission), review_data(assignment, "accepted", scores={first: 2})
    )

    assert response.status_code == 400
    assert ru(services.MSG_SCORE_ALL) in page_text(response)
    # What the mentor chose is kept.
    assert response.context["form"][f"criterion_{first}"].value() == "2"


def test_returning_scores_only_what_was_scored(submission, regional_admin, assignment):
    first = criterion_ids(assignment)[0]

    reviewed = services.submission_review(
        submission=submission,
        reviewer=regional_admin,
        rubric_scores={first: 1},
        feedback="Опишите проблему подробнее.",
        decision="returned",
    )

    assert reviewed.status == Submission.Status.RETURNED
    assert (reviewed.score, reviewed.max_score) == (1, 5)


def test_a_second_review_changes_nothing_and_does_not_notify_again(
    django_capture_on_commit_callbacks,
    mailoutbox,
    client,
    submission,
    mentor,
    regional_admin,
    learner,
    assignment,
):
    stale = Submission.objects.get(pk=submission.pk)  # the second reviewer's copy
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            submission=submission,
            reviewer=mentor,
            rubric_scores=scores_all_top(assignment),
            feedback="",
            decision="accepted",
        )
        with pytest.raises(ValidationError) as error:
            services.submission_review(
                submission=stale,
                reviewer=regional_admin,
                rubric_scores={},
                feedback="Переделайте.",
                decision="returned",
            )

    assert error.value.messages == [ru(services.MSG_ALREADY_REVIEWED)]
    submission.refresh_from_db()
    assert (submission.status, submission.reviewed_by) == ("accepted", mentor)
    assert len(decision_mails(mailoutbox, assignment)) == 1
    # Through the page: the mentor is told, nothing changes.
    client.force_login(regional_admin)
    response = client.post(
        review_url(submission), review_data(assignment, "returned", feedback="Нет")
    )
    assert messages_of(response) == [ru(services.MSG_ALREADY_REVIEWED)]
    assert len(decision_mails(mailoutbox, assignment)) == 1


def test_a_reviewer_cannot_review_their_own_submission(mentor, course, assignment):
    course_services.enrolment_create(learner=mentor, course=course)
    own = services.submission_create(
        learner=mentor, assignment=assignment, text="Моя работа", files=[]
    )

    with pytest.raises(PermissionDenied):
        services.submission_review(
            submission=own,
            reviewer=mentor,
            rubric_scores=scores_all_top(assignment),
            feedback="",
            decision="accepted",
        )


def _queue_queries(client, viewer) -> tuple[int, int]:
    client.force_login(viewer)
    assert client.get(QUEUE).status_code == 200  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def test_review_queue_query_count_does_not_grow_with_submissions(
    client, mentor, course, assignment, region
):
    def submit_for(count):
        for _n in range(count):
            learner = UserFactory(region=region)
            course_services.enrolment_create(learner=learner, course=course)
            services.submission_create(
                learner=learner, assignment=assignment, text="Работа", files=[]
            )

    submit_for(1)
    one, rows_one = _queue_queries(client, mentor)
    submit_for(14)
    many, rows_many = _queue_queries(client, mentor)

    assert (rows_one, rows_many) == (1, 15)
    assert one == many
    assert many <= 15, many
