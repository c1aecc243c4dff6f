"""The editors' documents and images (Wagtail's admin, core.upload_forms): checked by
content and size; documents kept out of the public media folder and served only by
Wagtail's view, which applies their collection's privacy."""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from core.uploads import MSG_CONTENT
from tests.courses.helpers import ru
from tests.factories.courses import document_create
from tests.upload_files import (
    EXE,
    HTML,
    damaged_png,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    reachable_as_media,
)

pytestmark = pytest.mark.django_db


def document_add(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Памятка",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def image_add(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Схема",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def file_errors(response) -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].errors["file"])


@pytest.mark.parametrize(("content", "what"), [(HTML, "web page"), (EXE, "program")])
def test_a_document_named_pdf_that_is_not_one_is_refused_with_a_message(
    superuser_client, content, what
):
    response = document_add(superuser_client, "pamyatka.pdf", content)

    assert file_errors(response) == [
        ru(MSG_CONTENT, name="pamyatka.pdf", extension="pdf")
    ]
    assert not Document.objects.exists()


def test_the_multiple_upload_refuses_it_too(superuser_client):
    response = superuser_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("pamyatka.pdf", HTML),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.json()["success"] is False
    assert response.json()["error_message"] == ru(
        MSG_CONTENT, name="pamyatka.pdf", extension="pdf"
    )
    assert not Document.objects.exists()


def test_a_document_larger_than_the_limit_is_refused(superuser_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100

    response = document_add(superuser_client, "memo.pdf", pdf_bytes())

    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [
        "file_too_large"
    ]
    assert not Document.objects.exists()


def test_a_document_of_a_type_not_listed_is_refused(superuser_client):
    response = document_add(superuser_client, "page.html", HTML)

    assert len(file_errors(response)) == 1
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("memo.pdf", pdf_bytes()), ("Заявка.docx", docx_bytes())]
)
def test_a_real_document_is_kept_out_of_the_public_media_folder_and_served_by_wagtail(
    client, superuser_client, name, content
):
    response = document_add(superuser_client, name, content)

    assert response.status_code == 302
    document = Document.objects.get()
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT) / "documents")
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not reachable_as_media(document.file.name)
    client.logout()
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content


def test_a_document_in_a_private_collection_is_served_to_signed_in_people_only(
    client, learner
):
    private = Collection.get_first_root_node().add_child(name="Для волонтёров")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = document_create()
    document.collection = private
    document.save()

    anonymous = client.get(document.url)
    client.force_login(learner)
    signed_in = client.get(document.url)

    # To a login page (Wagtail's or the site's), coming back to the document after.
    assert anonymous.status_code == 302
    assert "/login/?next=" in anonymous["Location"]
    assert anonymous["Location"].endswith(quote(document.url))
    assert not reachable_as_media(document.file.name)
    assert signed_in.status_code == 200
    assert signed_in["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "what"), [(HTML, "web page"), (damaged_png(), "damaged PNG")]
)
def test_an_image_that_is_not_a_sound_png_is_refused_with_a_message(
    superuser_client, content, what
):
    """A damaged PNG reads as a PNG at first sight: Willow alone would fail on it
    with a server error."""
    response = image_add(superuser_client, "scheme.png", content)

    assert ru(MSG_CONTENT, name="scheme.png", extension="png") in file_errors(response)
    assert not Image.objects.exists()


def test_a_real_image_is_added(superuser_client):
    response = image_add(superuser_client, "scheme.png", image_bytes())

    assert response.status_code == 302
    assert Image.objects.get().file.name.startswith("original_images/")
