"""An assignment that takes one file: a plain file input (no "multiple"), and the
one file is stored."""

import re

import pytest

from assessments.models import SubmissionFile

from .helpers import assignment_submit_url, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def single_file_assignment(assignment):
    assignment.max_files = 1
    assignment.save_revision().publish()
    assignment.refresh_from_db()
    return assignment


def test_an_assignment_of_one_file_shows_a_single_file_input_and_stores_the_file(
    enrolled_client, single_file_assignment
):
    page = enrolled_client.get(single_file_assignment.url)

    assert page.status_code == 200
    (file_input,) = re.findall(r'<input type="file"[^>]*>', page.content.decode())
    assert "multiple" not in file_input

    response = enrolled_client.post(
        assignment_submit_url(single_file_assignment),
        {"text": "Черновик", "files": upload("zayavka.pdf")},
    )

    assert response.status_code == 302
    assert [f.name for f in SubmissionFile.objects.all()] == ["zayavka.pdf"]
