"""The learner's certificate pages: the list, the downloads, My learning and profile."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services
from certificates.codes import code_display
from certificates.models import Certificate, ClearanceRequirement, ClearanceRule
from certificates.selectors import Status
from core.pdf import PdfUnavailable
from tests.courses.helpers import page_text, ru
from tests.factories import (
    AcknowledgementFactory,
    CertificateRuleFactory,
    UserFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db

MINE = "/ru/certificates/"


@pytest.fixture
def zones(certified_course, program_page):
    """Palliative care (cleared by the certified course, age 18) and emergencies
    (needs a certificate of another course and a signed code of conduct)."""
    palliative = ClearanceRule.objects.create(
        slug="palliative",
        name_kk="Паллиативтік көмек",
        name_ru="Паллиативная помощь",
        name_en="Palliative care",
        sort_order=1,
    )
    ClearanceRequirement.objects.create(rule=palliative, page=certified_course)
    emergencies = ClearanceRule.objects.create(
        slug="emergencies",
        name_kk="Төтенше жағдайлар",
        name_ru="Чрезвычайные ситуации",
        name_en="Emergencies",
        sort_order=2,
    )
    other, _lessons = course_with_lessons(
        program_page, 1, slug="emergencies", title="Работа в ЧС"
    )
    ClearanceRequirement.objects.create(rule=emergencies, page=other)
    conduct = AcknowledgementFactory(parent=other, title="Кодекс поведения")
    ClearanceRequirement.objects.create(rule=emergencies, page=conduct)
    return palliative, emergencies


def pdf_url(certificate) -> str:
    return f"/ru/certificates/{certificate.code}/pdf/"


def badge_url(certificate) -> str:
    return f"/ru/certificates/{certificate.code}/badge/"


def verify_url(certificate) -> str:
    return f"/ru/verify/{certificate.code}/"


def pdf_storage():
    return Certificate._meta.get_field("pdf").storage


# The list
# ------------------------------------------------------------------------------


def test_certificate_list_needs_a_login(client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")


def test_certificate_list_shows_each_certificate_with_its_links(
    holder_client, certificate
):
    response = holder_client.get(MINE)

    assert response.status_code == 200
    (summary,) = response.context["summaries"]
    assert summary.certificate == certificate
    html = page_text(response)
    assert "Паллиативная помощь" in html
    assert ru("No. %(number)s", number=code_display(certificate.code)) in html
    assert ru(Status.LABELS[Status.VALID]) in html
    for url in (pdf_url(certificate), badge_url(certificate), verify_url(certificate)):
        assert f'href="{url}"' in html


def test_certificate_list_is_empty_for_a_learner_without_certificates(
    learner_client,
):
    response = learner_client.get(MINE)

    assert response.status_code == 200
    assert response.context["summaries"] == []
    assert ru(
        "You have no certificates yet. A certificate is issued when you complete a "
        "course that carries one."
    ) in page_text(response)


def test_certificate_list_shows_the_renewal_history(holder_client, certificate, holder):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=5)
    )
    certificate.refresh_from_db()
    renewal, _created = services.certificate_issue(
        learner=holder,
        rule=certificate.rule,
        completed_at=timezone.now(),
        previous=certificate,
    )

    html = page_text(holder_client.get(MINE))

    assert (
        ru("Renews certificate No. %(number)s", number=code_display(certificate.code))
        in html
    )
    assert (
        ru("Renewed by certificate No. %(number)s", number=code_display(renewal.code))
        in html
    )


def test_certificate_list_shows_the_zones_cleared_and_what_is_missing(
    holder_client, certificate, zones
):
    response = holder_client.get(MINE)

    palliative, emergencies = response.context["clearances"]
    assert palliative.cleared
    assert not emergencies.cleared
    html = page_text(response)
    assert "Паллиативная помощь" in html
    assert ru("Valid certificate: %(title)s", title="Работа в ЧС") in html
    assert ru("Acknowledgement: %(title)s", title="Кодекс поведения") in html


def test_certificate_list_offers_no_download_of_a_revoked_certificate(
    holder_client, certificate, regional_admin
):
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Выдан по ошибке"
    )

    html = page_text(holder_client.get(MINE))

    assert pdf_url(certificate) not in html
    assert f'href="{verify_url(certificate)}"' in html


def queries_of(client, url: str) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_certificate_list_queries_do_not_grow_with_certificates_or_zones(
    holder_client, certificate, holder, program_page, zones
):
    few = queries_of(holder_client, MINE)

    for number in range(4):
        course, _lessons = course_with_lessons(program_page, 1, slug=f"more-{number}")
        rule = CertificateRuleFactory(page=course)
        services.certificate_issue(
            learner=holder, rule=rule, completed_at=timezone.now()
        )
        zone = ClearanceRule.objects.create(
            slug=f"zone-{number}",
            name_kk=f"Аймақ {number}",
            name_ru=f"Зона {number}",
            name_en=f"Zone {number}",
        )
        ClearanceRequirement.objects.create(rule=zone, page=course)
        ClearanceRequirement.objects.create(
            rule=zone, page=AcknowledgementFactory(parent=course)
        )
    many = queries_of(holder_client, MINE)

    assert many == few
    assert many <= 14


# Downloads
# ------------------------------------------------------------------------------


def test_holder_downloads_the_pdf_and_a_lost_file_is_rendered_again(
    holder_client, certificate
):
    response = holder_client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert pdf_storage().exists(certificate.pdf.name)

    pdf_storage().delete(certificate.pdf.name)
    again = holder_client.get(pdf_url(certificate))

    assert again.status_code == 200
    assert b"".join(again.streaming_content).startswith(b"%PDF")
    assert pdf_storage().exists(certificate.pdf.name)


def test_pdf_is_found_by_a_number_in_lowercase_with_dashes(holder_client, certificate):
    typed = code_display(certificate.code).lower()

    response = holder_client.get(f"/ru/certificates/{typed}/pdf/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_learner_gets_404_for_the_downloads(client, certificate):
    client.force_login(UserFactory())

    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(badge_url(certificate)).status_code == 404


def test_anonymous_visitor_is_sent_to_login_for_a_download(client, certificate):
    response = client.get(pdf_url(certificate))

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")


def test_regional_admin_of_the_holders_region_downloads_the_pdf(
    client, certificate, regional_admin
):
    client.force_login(regional_admin)

    response = client.get(pdf_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_regional_admin_of_another_region_gets_404(
    client, certificate, other_regional_admin
):
    client.force_login(other_regional_admin)

    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(badge_url(certificate)).status_code == 404


def test_holder_downloads_the_open_badge(holder_client, certificate):
    response = holder_client.get(badge_url(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwt"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.count(b".") == 2  # a compact JWS


# My learning and profile
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/ru/my/", "/ru/profile/"])
def test_my_learning_and_profile_show_the_certificates_panel(
    holder_client, certificate, zones, url
):
    response = holder_client.get(url)

    assert response.status_code == 200
    html = page_text(response)
    assert 'id="certificates-heading"' in html
    assert f'href="{pdf_url(certificate)}"' in html
    assert f'href="{badge_url(certificate)}"' in html
    assert f'href="{verify_url(certificate)}"' in html
    assert ru("Cleared for risk zones:") in html
    assert "Паллиативная помощь" in html
    assert 'href="/ru/certificates/"' in html


@pytest.mark.parametrize("url", ["/ru/my/", "/ru/profile/"])
def test_certificates_panel_has_an_empty_state(learner_client, url):
    html = page_text(learner_client.get(url))

    assert 'id="certificates-heading"' in html
    assert (
        ru(
            "You have no certificates yet. A certificate is issued when you complete a "
            "course that carries one."
        )
        in html
    )


def test_a_server_that_cannot_make_pdfs_answers_503_with_a_message(
    holder_client, certificate, monkeypatch
):
    from certificates import pdf

    def unavailable(_certificate):
        raise PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "certificate_pdf_bytes", unavailable)
    response = holder_client.get(f"/ru/certificates/{certificate.code}/pdf/")
    assert response.status_code == 503
    assert ru("The PDF cannot be made right now") in page_text(response)


def test_an_admins_learner_page_shows_the_learners_certificates(
    client, certificate, holder, regional_admin
):
    client.force_login(regional_admin)
    response = client.get(f"/ru/manage/learners/{holder.pk}/")

    assert response.status_code == 200
    html = page_text(response)
    assert code_display(certificate.code) in html
    assert ru("Manage these certificates (history, revocation)") in html
    # The admin's own certificates are not what this page shows.
    assert ru("All certificates, history and risk zones") not in html


def test_a_learner_page_without_the_certificate_permission_shows_no_panel(
    client, certificate, holder, mentor
):
    client.force_login(mentor)
    response = client.get(f"/ru/manage/learners/{holder.pk}/")

    assert response.status_code == 200
    assert code_display(certificate.code) not in page_text(response)
