"""Certificates with object storage (LMS_S3_BUCKET): the PDF is rendered into the
private bucket and streamed from it to those who may see it, the template's images
come from the media bucket, and the credential signing key lives in the private
bucket, created once, so that every process signs with the same key.
(moto's in-process S3: tests.object_store.)"""

import io
import threading

import pytest
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from certificates import credentials, services
from certificates.credentials import keys
from tests.object_store import PRIVATE_BUCKET, files_under
from tests.services import missing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _weasyprint():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        missing(f"WeasyPrint cannot load ({exc}): apt-get install libpango-1.0-0")


def pdf_key(certificate) -> str:
    return f"private/certificates/{certificate.issued_at:%Y}/{certificate.code}.pdf"


def test_the_pdf_is_rendered_into_the_private_bucket_and_streamed_to_its_holder(
    object_store, holder_client, certificate, other_learner, client, settings
):
    response = holder_client.get(f"/ru/certificates/{certificate.code}/pdf/")

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert object_store.private_keys("certificates/") == [pdf_key(certificate)]
    assert object_store.read(PRIVATE_BUCKET, pdf_key(certificate)) == content
    certificate.refresh_from_db()
    assert certificate.pdf.name == pdf_key(certificate).removeprefix("private/")
    # Someone else gets nothing, as on the file system.
    client.force_login(other_learner)
    assert client.get(f"/ru/certificates/{certificate.code}/pdf/").status_code == 404
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_pdf_lost_from_the_bucket_is_rendered_again(object_store, certificate):
    services.certificate_pdf_ensure(certificate=certificate)
    object_store.client.delete_object(Bucket=PRIVATE_BUCKET, Key=pdf_key(certificate))

    services.certificate_pdf_ensure(certificate=certificate)

    assert object_store.private_keys("certificates/") == [pdf_key(certificate)]


def test_the_templates_images_are_read_from_the_media_bucket(
    object_store, certificate, certificate_template
):
    logo = get_image_model().objects.create(
        title="logo", file=get_test_image_file(filename="logo.png", size=(320, 120))
    )
    certificate_template.logo = logo
    certificate_template.save()
    certificate.template = certificate_template
    certificate.save()

    services.certificate_pdf_ensure(certificate=certificate)

    assert object_store.media_keys("original_images/") == [f"media/{logo.file.name}"]
    pdf = PdfReader(io.BytesIO(object_store.read(PRIVATE_BUCKET, pdf_key(certificate))))
    resources = pdf.pages[0].get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    assert any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


def test_the_signing_key_is_created_once_in_the_private_bucket(object_store, settings):
    settings.LMS_CREDENTIAL_KEY_FILE = ""

    key = credentials.signing_key()
    credentials.signing_key_cache_clear()  # another process, or a restart
    again = credentials.signing_key()

    assert credentials.signing_key_path() is None
    assert object_store.private_keys("keys/") == [f"private/{keys.KEY_NAME}"]
    assert again.thumbprint() == key.thumbprint()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_processes_racing_to_create_the_stored_key_all_use_one_key(object_store):
    from core.storage import private_storage

    storage = private_storage()
    thumbprints, start = [], threading.Barrier(4)

    def load():
        start.wait()
        thumbprints.append(keys.stored_key_load(storage, "keys/race.pem").thumbprint())

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(thumbprints) == 4
    assert len(set(thumbprints)) == 1
    assert object_store.private_keys("keys/") == ["private/keys/race.pem"]


def test_a_key_file_setting_still_wins_over_the_bucket(
    object_store, settings, tmp_path
):
    settings.LMS_CREDENTIAL_KEY_FILE = str(tmp_path / "key.pem")

    credentials.signing_key()

    assert (tmp_path / "key.pem").exists()
    assert object_store.private_keys("keys/") == []
