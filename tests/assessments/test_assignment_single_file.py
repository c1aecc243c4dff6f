"""An assignment that takes one file: its page shows a plain file input (no
"multiple"), and a learner submits one file through it. Found by the authorization
walk (tests/authz): such a page answered 500."""

import pytest

from assessments.models import AssignmentPage
from tests.courses.helpers import page_text

from .helpers import assignment_submit_url, submissions_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_file(assignment):
    AssignmentPage.objects.filter(pk=assignment.pk).update(max_files=1)
    assignment.refresh_from_db()
    return assignment


def test_the_page_of_an_assignment_taking_one_file_offers_a_single_file_input(
    enrolled_client, one_file
):
    response = enrolled_client.get(one_file.url)

    assert response.status_code == 200
    text = page_text(response)
    assert 'type="file"' in text
    assert "multiple" not in text.split('type="file"', 1)[1].split(">", 1)[0]


def test_a_learner_submits_one_file_to_an_assignment_taking_one(
    enrolled_client, learner, one_file
):
    response = enrolled_client.post(
        assignment_submit_url(one_file), {"text": "", "files": upload()}
    )

    assert response.status_code == 302
    (submission,) = submissions_of(learner, one_file)
    assert [f.name for f in submission.files.all()] == ["zayavka.pdf"]
