"""A learner's side of an assignment: the page, submitting, resubmitting, the e-mail
to the reviewers of their region."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import AssignmentPage, Submission, SubmissionFile
from assessments.services import assignments as services
from assessments.tasks.assignments import submission_submitted_notify
from assessments.views import assignments as views
from tests.courses.helpers import messages_of, page_text, ru
from tests.lms.helpers import assert_error_summary

from .helpers import assignment_submit_url, stored_files, submissions_of, upload

pytestmark = pytest.mark.django_db


def returned(submission, reviewer):
    return services.submission_review(
        submission=submission,
        reviewer=reviewer,
        rubric_scores={},
        feedback="Добавьте бюджет.",
        decision=Submission.Status.RETURNED,
    )


def test_assignment_page_shows_instructions_rubric_limits_and_the_form(
    enrolled_client, assignment
):
    response = enrolled_client.get(assignment.url)

    assert response.status_code == 200
    text = page_text(response)
    assert "Напишите черновик заявки на грант." in text
    assert "Проблема описана" in text and "Бюджет обоснован" in text
    assert "pdf, docx" in text
    assert 'enctype="multipart/form-data"' in text
    assert response.context["can_submit"] is True
    assert response.context["rubric_max"] == 5
    assert response.context["outline"].items[-1].page.pk == assignment.pk


def test_submit_text_only_creates_version_1_and_emails_the_regions_reviewers_once(
    django_capture_on_commit_callbacks,
    mailoutbox,
    enrolled_client,
    learner,
    assignment,
    mentor,
    other_mentor,
):
    mentor.preferred_language = "kk"  # the e-mail links to the mentor's language
    mentor.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        response = enrolled_client.post(
            assignment_submit_url(assignment), {"text": "Проблема: нет пандусов."}
        )

    assert response.status_code == 302
    (submission,) = submissions_of(learner, assignment)
    assert (submission.version, submission.status) == (1, Submission.Status.SUBMITTED)
    assert submission.text == "Проблема: нет пандусов."
    assert submission.files.count() == 0
    assert messages_of(response) == [ru(views.MSG_SUBMITTED)]
    (mail,) = mailoutbox
    assert mail.to == [mentor.email]
    assert f"http://testserver/kk/manage/reviews/{submission.pk}/" in mail.body
    assert learner.full_name in mail.body
    # The task run again (a retry, a duplicate delivery) sends nothing.
    assert submission_submitted_notify.delay(submission_id=submission.pk).get() == 0
    assert len(mailoutbox) == 1


def test_submit_refuses_a_file_type_not_accepted_and_keeps_the_text(
    enrolled_client, learner, assignment
):
    response = enrolled_client.post(
        assignment_submit_url(assignment),
        {"text": "Мой текст", "files": [upload("virus.exe")]},
    )

    assert response.status_code == 400
    assert ru(services.MSG_FILE_TYPE, name="virus.exe", types="pdf, docx") in (
        page_text(response)
    )
    assert "Мой текст" in page_text(response)
    assert submissions_of(learner, assignment) == []


def test_submit_accepts_an_extension_in_capitals(enrolled_client, learner, assignment):
    response = enrolled_client.post(
        assignment_submit_url(assignment), {"files": [upload("ZAYAVKA.PDF")]}
    )

    assert response.status_code == 302
    (submission,) = submissions_of(learner, assignment)
    assert [f.name for f in submission.files.all()] == ["ZAYAVKA.PDF"]


def test_submit_refuses_a_file_over_the_size_limit(
    enrolled_client, learner, assignment
):
    too_big = upload("big.pdf", size=1024 * 1024 + 1)

    response = enrolled_client.post(
        assignment_submit_url(assignment), {"files": [too_big]}
    )

    assert response.status_code == 400
    assert ru(services.MSG_FILE_TOO_LARGE, name="big.pdf", size=1) in page_text(
        response
    )
    assert submissions_of(learner, assignment) == []


def test_submit_refuses_more_files_than_allowed(
    enrolled_client, learner, assignment, private_storage
):
    files = [upload(f"part{n}.pdf") for n in range(3)]

    response = enrolled_client.post(assignment_submit_url(assignment), {"files": files})

    assert response.status_code == 400
    assert ru(services.MSG_TOO_MANY_FILES, count=2) in page_text(response)
    assert submissions_of(learner, assignment) == []
    assert not SubmissionFile.objects.exists()


def test_submit_requires_the_text_when_the_assignment_requires_it(
    enrolled_client, learner, assignment
):
    AssignmentPage.objects.filter(pk=assignment.pk).update(
        text_answer=AssignmentPage.TextAnswer.REQUIRED
    )

    response = enrolled_client.post(
        assignment_submit_url(assignment), {"text": "  ", "files": [upload()]}
    )

    assert response.status_code == 400
    assert ru(services.MSG_TEXT_REQUIRED) in page_text(response)
    assert submissions_of(learner, assignment) == []


def test_a_refused_submission_has_the_error_summary_linking_to_the_field(
    enrolled_client, learner, assignment
):
    AssignmentPage.objects.filter(pk=assignment.pk).update(
        text_answer=AssignmentPage.TextAnswer.REQUIRED
    )

    response = enrolled_client.post(assignment_submit_url(assignment), {"text": "  "})

    page = assert_error_summary(response, fields=["id_text"])
    assert ru(services.MSG_TEXT_REQUIRED) in page.summary.get_text()


def test_submit_refuses_an_empty_submission(enrolled_client, learner, assignment):
    response = enrolled_client.post(assignment_submit_url(assignment), {"text": ""})

    assert response.status_code == 400
    assert ru(services.MSG_EMPTY) in page_text(response)


def test_a_second_submit_while_awaiting_review_is_refused(
    enrolled_client, learner, assignment
):
    enrolled_client.post(assignment_submit_url(assignment), {"text": "Версия 1"})

    response = enrolled_client.post(
        assignment_submit_url(assignment), {"text": "Ещё раз"}
    )

    assert messages_of(response)[-1] == ru(services.MSG_AWAITING_REVIEW)
    assert [s.text for s in submissions_of(learner, assignment)] == ["Версия 1"]
    page = enrolled_client.get(assignment.url)
    assert page.context["can_submit"] is False
    assert '<form method="post" action="' + assignment_submit_url(assignment) not in (
        page.content.decode()
    )


def test_resubmission_after_return_creates_version_2_and_keeps_version_1(
    enrolled_client, learner, assignment, mentor
):
    enrolled_client.post(
        assignment_submit_url(assignment),
        {"text": "Версия 1", "files": [upload("v1.pdf")]},
    )
    (first,) = submissions_of(learner, assignment)
    returned(first, mentor)

    page = enrolled_client.get(assignment.url)
    assert page.context["can_submit"] is True
    assert "Добавьте бюджет." in page_text(page)

    enrolled_client.post(assignment_submit_url(assignment), {"text": "Версия 2"})

    first_again, second = submissions_of(learner, assignment)
    assert (first_again.version, first_again.status) == (1, "returned")
    assert [f.name for f in first_again.files.all()] == ["v1.pdf"]
    assert (second.version, second.status, second.text) == (2, "submitted", "Версия 2")
    history = enrolled_client.get(assignment.url).context["history"]
    assert [entry.submission.version for entry in history] == [2, 1]


def test_a_concurrent_duplicate_submission_returns_the_existing_one(
    monkeypatch, learner, enrolment, assignment, private_storage
):
    first = services.submission_create(
        learner=learner, assignment=assignment, text="Раз", files=[]
    )
    # The second request of a double click passed the check before the first
    # committed: only the database constraint stops it.
    monkeypatch.setattr(services, "_submission_state_check", lambda **kwargs: None)

    second = services.submission_create(
        learner=learner, assignment=assignment, text="Раз", files=[upload()]
    )

    assert second.pk == first.pk
    assert len(submissions_of(learner, assignment)) == 1
    assert not SubmissionFile.objects.exists()
    assert stored_files(private_storage) == []


def test_stored_files_are_private_with_random_names(
    settings, learner, enrolment, assignment
):
    submission = services.submission_create(
        learner=learner,
        assignment=assignment,
        text="",
        files=[upload("Заявка Иванова.pdf")],
    )

    (attached,) = submission.files.all()
    path = attached.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert attached.name == "Заявка Иванова.pdf"
    assert "Иванова" not in attached.file.name
    assert attached.file.name.endswith(".pdf")
    assert attached.content_type == "application/pdf"


def test_submit_requires_enrolment(learner, assignment):
    with pytest.raises(ValidationError) as error:
        services.submission_create(
            learner=learner, assignment=assignment, text="Текст", files=[]
        )

    assert error.value.messages == [ru(services.MSG_NOT_ENROLLED)]
