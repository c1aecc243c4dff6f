"""Submitted files are served only through views that check who asks: the learner,
the mentors and admins whose scope includes the learner; anyone else gets 404. They are
kept outside the public media folder, without a URL of their own."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.services import assignments as services
from courses import services as course_services
from tests.factories import UserFactory
from tests.upload_files import reachable_as_media

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 grant application"


@pytest.fixture
def attached(learner, enrolment, assignment):
    submission = services.submission_create(
        learner=learner,
        assignment=assignment,
        text="",
        files=[SimpleUploadedFile("Заявка.pdf", CONTENT, "application/pdf")],
    )
    return submission.files.get()


def learner_file_url(assignment, attached) -> str:
    return f"{assignment.url}files/{attached.pk}/"


def review_file_url(attached) -> str:
    return f"/ru/manage/reviews/{attached.submission_id}/files/{attached.pk}/"


def download(client, user, url):
    client.force_login(user)
    return client.get(url)


def assert_is_the_file(response):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0.pdf"
        in (response["Content-Disposition"])
    )


def test_the_learner_downloads_their_file_from_the_assignment_page(
    client, learner, assignment, attached
):
    assert_is_the_file(
        download(client, learner, learner_file_url(assignment, attached))
    )


def test_the_regions_mentor_and_a_national_admin_download_it_from_the_review_page(
    client, mentor, national_admin, attached
):
    assert_is_the_file(download(client, mentor, review_file_url(attached)))
    assert_is_the_file(download(client, national_admin, review_file_url(attached)))


def test_another_learner_and_another_regions_mentor_get_404(
    client, course, assignment, attached, other_mentor, region
):
    classmate = UserFactory(region=region)
    course_services.enrolment_create(learner=classmate, course=course)

    assert (
        download(client, classmate, learner_file_url(assignment, attached)).status_code
        == 404
    )
    assert download(client, classmate, review_file_url(attached)).status_code == 404
    assert download(client, other_mentor, review_file_url(attached)).status_code == 404


def test_a_file_is_404_under_another_submission_or_assignment(
    client, learner, mentor, attached, lesson
):
    wrong_submission = (
        f"/ru/manage/reviews/{attached.submission_id + 1}/files/{attached.pk}/"
    )

    assert download(client, mentor, wrong_submission).status_code == 404
    assert (
        download(client, learner, f"{lesson.url}files/{attached.pk}/").status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, assignment, attached):
    response = client.get(learner_file_url(assignment, attached))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(review_file_url(attached)).status_code == 302


def test_a_submitted_file_is_kept_outside_the_public_media_folder(attached):
    path = Path(attached.file.path)

    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not reachable_as_media(attached.file.name)
    with pytest.raises(ValueError):
        attached.file.url  # noqa: B018 (the property is what is tested)
