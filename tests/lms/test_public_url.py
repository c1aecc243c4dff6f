"""One address for every link: LMS_PUBLIC_URL is the base of e-mails (allauth's too),
certificate PDFs and QR codes and Open Badges ids, whatever host a request came in on
and whether there is a request at all; production refuses a loopback default."""

import datetime
import re

import pytest
import segno
from allauth.account.forms import ResetPasswordForm
from django.contrib.sites.models import Site as DjangoSite
from django.utils import timezone, translation
from wagtail.models import Site as WagtailSite

from certificates import credentials
from certificates import services as certificate_services
from certificates.pdf import certificate_context
from courses import services as course_services
from courses.tasks import assignment_notify
from lms.checks import public_url_check
from lms.services import site_sync
from tests.factories import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    UserFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db

PUBLIC = "https://academy.example.kz"


@pytest.fixture
def public(settings):
    """The platform's public address differs from the host tests talk to."""
    settings.LMS_PUBLIC_URL = PUBLIC
    return PUBLIC


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_password_reset_mail_built_outside_a_request_links_to_the_public_address(
    public, mailoutbox, home_page
):
    """As a worker or a command would send it: no request, no host to go by."""
    user = UserFactory(email="aigerim@example.kz")
    form = ResetPasswordForm(data={"email": user.email})
    assert form.is_valid(), form.errors

    form.save(request=None)

    [mail] = mailoutbox
    links = _links(mail.body)
    assert any("/accounts/password/reset/key/" in link for link in links), mail.body
    assert links and all(link.startswith(f"{PUBLIC}/") for link in links), links


def test_password_reset_asked_on_another_host_links_to_the_public_address(
    public, client, mailoutbox, home_page
):
    UserFactory(email="aigerim@example.kz")

    client.post(
        "/en/accounts/password/reset/",
        {"email": "aigerim@example.kz"},
        HTTP_HOST="127.0.0.1:8000",  # an internal address, in ALLOWED_HOSTS
    )

    [mail] = mailoutbox
    links = _links(mail.body)
    assert any("/en/accounts/password/reset/key/" in link for link in links)
    assert all(link.startswith(f"{PUBLIC}/") for link in links), links


def test_unknown_account_mail_links_sign_up_on_the_public_address(
    public, client, mailoutbox, home_page
):
    client.post(
        "/en/accounts/password/reset/",
        {"email": "nobody@example.kz"},
        HTTP_HOST="127.0.0.1:8000",
    )

    [mail] = mailoutbox
    assert f"{PUBLIC}/en/accounts/signup/" in _links(mail.body)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_allauth_mails_name_the_site_birgemiz_academy_at_the_public_host(
    public, mailoutbox, home_page, language
):
    site_sync()
    user = UserFactory(email="aigerim@example.kz")
    form = ResetPasswordForm(data={"email": user.email})
    assert form.is_valid()

    with translation.override(language):
        form.save(request=None)
        name = translation.gettext("Birgemiz Academy")

    [mail] = mailoutbox
    assert name != "Birgemiz Academy"  # in the e-mail's language
    assert mail.subject.startswith(f"[{name}]")
    assert name in mail.body
    assert "academy.example.kz" in mail.body


def test_course_assignment_mail_links_to_the_public_address(
    public, mailoutbox, learner, program_page
):
    course, _lessons = course_with_lessons(program_page, 1, slug="volunteer-rights")
    assignment, _created = course_services.assignment_create(
        learner=learner,
        target=course,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )

    assert assignment_notify.delay(assignment_id=assignment.pk).get() is True

    [mail] = mailoutbox
    assert f"{PUBLIC}/{learner.preferred_language}/" in mail.body
    assert all(link.startswith(f"{PUBLIC}/") for link in _links(mail.body))


@pytest.fixture
def certificate(program_page, learner):
    course, _lessons = course_with_lessons(program_page, 1, slug="palliative-care")
    CertificateTemplateFactory(is_default=True)
    rule = CertificateRuleFactory(page=course)
    certificate, _created = certificate_services.certificate_issue(
        learner=learner, rule=rule, completed_at=timezone.now()
    )
    return certificate


def test_certificate_pdf_and_its_qr_code_lead_to_the_public_address(
    public, certificate
):
    context = certificate_context(certificate)

    assert context["verify_url"] == f"{PUBLIC}/v/{certificate.code}"
    # The QR code encodes that address (segno's SVG carries no text: compare with a
    # code made from it).
    expected = segno.make(context["verify_url"], error="m", micro=False)
    assert context["qr_data_uri"] == expected.svg_data_uri(border=0, dark="#1b1b1b")


def test_open_badge_ids_are_on_the_public_address(public, certificate):
    assert credentials.credential_id(certificate) == f"{PUBLIC}/v/{certificate.code}"
    assert credentials.issuer_id().startswith(f"{PUBLIC}/credentials/")
    assert credentials.achievement_id(certificate).startswith(
        f"{PUBLIC}/credentials/achievements/"
    )


def test_site_sync_names_the_sites_after_the_public_address_once(public, home_page):
    assert site_sync() is True

    site = DjangoSite.objects.get_current()
    assert (site.name, site.domain) == ("Birgemiz Academy", "academy.example.kz")
    wagtail_site = WagtailSite.objects.get(is_default_site=True)
    assert (wagtail_site.hostname, wagtail_site.port) == ("academy.example.kz", 443)
    assert wagtail_site.root_url == PUBLIC
    assert site_sync() is False  # nothing left to change


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost",
        "https://127.0.0.1:8000",
        "https://[::1]",
        "http://academy.example.kz",
        "https://app.localhost",
    ],
)
def test_production_refuses_a_loopback_or_plain_http_public_address(settings, url):
    settings.DEBUG = False
    settings.LMS_PUBLIC_URL = url

    [error] = public_url_check()

    assert error.id == "lms.E001"
    assert error.is_serious()


def test_a_public_https_address_passes_and_debug_allows_the_local_default(settings):
    settings.DEBUG = False
    settings.LMS_PUBLIC_URL = PUBLIC
    assert public_url_check() == []
    settings.DEBUG = True
    settings.LMS_PUBLIC_URL = "http://127.0.0.1:8000"
    assert public_url_check() == []
