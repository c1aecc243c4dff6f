"""Submitted files are checked by their content, not only their name (core.uploads):
a web page or a program named .pdf is refused with a message saying so; real PDF and
Word files go through with the type of their content. (Extensions, sizes and counts:
test_assignment_submit.py; who may download: test_assignment_files.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import nested_form_data, streamfield

from assessments.models import AssignmentPage, SubmissionFile
from assessments.models.assignments import MSG_EXTENSIONS_UNKNOWN
from assessments.services import assignments as services
from core.uploads import KINDS
from tests.courses.helpers import page_text, ru
from tests.upload_files import EXE, HTML, docx_bytes, pdf_bytes

from .helpers import assignment_submit_url, stored_files, submissions_of

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(("content", "what"), [(HTML, "web page"), (EXE, "program")])
def test_a_pdf_that_is_really_a_web_page_or_a_program_is_refused_with_a_message(
    enrolled_client, learner, assignment, private_storage, content, what
):
    response = enrolled_client.post(
        assignment_submit_url(assignment),
        {
            "text": "Моя заявка",
            "files": [SimpleUploadedFile("Заявка.pdf", content, "application/pdf")],
        },
    )

    assert response.status_code == 400
    text = page_text(response)
    assert ru(services.MSG_FILE_CONTENT, name="Заявка.pdf", extension="pdf") in text
    assert "Моя заявка" in text
    assert submissions_of(learner, assignment) == []
    assert stored_files(private_storage) == []


def test_a_real_pdf_and_a_real_word_file_are_accepted_with_their_content_types(
    enrolled_client, learner, assignment
):
    files = [
        SimpleUploadedFile("Заявка.pdf", pdf_bytes(), "application/octet-stream"),
        SimpleUploadedFile("Бюджет.docx", docx_bytes(), "text/html"),
    ]

    response = enrolled_client.post(assignment_submit_url(assignment), {"files": files})

    assert response.status_code == 302
    (submission,) = submissions_of(learner, assignment)
    # The types of the contents checked, whatever the browser said.
    assert sorted(submission.files.values_list("name", "content_type")) == [
        ("Бюджет.docx", DOCX),
        ("Заявка.pdf", "application/pdf"),
    ]


def test_a_file_over_the_limit_is_not_read_for_its_content(
    enrolled_client, learner, assignment, monkeypatch
):
    monkeypatch.setattr(
        services, "content_is", lambda *a: pytest.fail("the content was read")
    )
    too_big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"x" * 1024 * 1024)

    response = enrolled_client.post(
        assignment_submit_url(assignment), {"files": [too_big]}
    )

    assert response.status_code == 400
    assert not SubmissionFile.objects.exists()


def _editor_errors(assignment, user, extensions: str) -> list[str]:
    form_class = AssignmentPage.get_edit_handler().get_form_class()
    form = form_class(
        nested_form_data({"allowed_extensions": extensions, "rubric": streamfield([])}),
        instance=assignment,
        for_user=user,
        parent_page=assignment.get_parent(),
    )
    form.is_valid()
    return form.errors.get("allowed_extensions", [])


def test_the_editor_may_accept_only_file_types_whose_content_is_checked(
    assignment, superuser
):
    assert _editor_errors(assignment, superuser, "pdf, DOCX, .odt, jpg") == []
    assert _editor_errors(assignment, superuser, "pdf,exe,svg") == [
        ru(MSG_EXTENSIONS_UNKNOWN, unknown="exe, svg", known=", ".join(sorted(KINDS)))
    ]
