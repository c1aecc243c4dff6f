"""A form with errors says so to a screen reader: "Error:" before the page's title and
an error summary first in the main content that takes the focus and links to the
fields. One component (templates/components/error_summary.html) fed by one template tag
(lms_tags.page_errors) for every form page; the apps' own form pages are tested in
their test modules with the same helpers (tests/lms/helpers.py)."""

import pytest

from tests.factories.people import UserFactory, region_by_code

from .helpers import assert_error_summary, error_page, error_prefix

pytestmark = pytest.mark.django_db


def test_login_with_empty_fields_prefixes_the_title_and_links_the_summary_to_them(
    client,
):
    response = client.post("/ru/accounts/login/", {"login": "", "password": ""})

    assert response.status_code == 200
    assert_error_summary(response, fields=["id_login", "id_password"])


def test_login_with_a_wrong_password_names_the_error_of_the_whole_form(client):
    user = UserFactory()

    response = client.post(
        "/ru/accounts/login/", {"login": user.email, "password": "not-it"}
    )

    page = assert_error_summary(response, fields=[])
    form_error = response.context["form"].non_field_errors()[0]
    assert form_error in page.summary.get_text()


def test_signup_with_missing_fields_lists_each_field_in_the_summary(client):
    region_by_code("KZ-75")

    response = client.post("/ru/accounts/signup/", {"email": "not-an-address"})

    page = assert_error_summary(
        response, fields=["id_email", "id_full_name", "id_password1", "id_region"]
    )
    # A field's line names it: "<label>: <message>".
    label = str(response.context["form"]["email"].label)
    assert any(a.get_text().startswith(f"{label}: ") for a in page.summary("a"))


def test_password_reset_with_an_invalid_address_has_the_summary(client):
    response = client.post("/ru/accounts/password/reset/", {"email": "nobody"})

    assert_error_summary(response, fields=["id_email"])


def test_verify_form_with_an_unknown_number_has_the_summary_in_kazakh(client):
    response = client.get("/kk/verify/", {"code": "0000-0000-0000-0000-0000"})

    assert response.status_code == 404
    assert_error_summary(response, fields=["id_code"], language="kk")


def test_a_page_without_errors_keeps_its_title_and_has_no_summary(client):
    response = client.get("/ru/accounts/login/")

    page = error_page(response)
    assert not page.title.startswith(error_prefix())
    assert page.summary is None
    assert page.soup.select("main [autofocus]") == []
