"""Who gets a certificate's files (PDF, signed credential): one rule with the admin
list and detail, and never anyone for a revoked certificate."""

import re

import pytest
from django.utils import timezone

from certificates import credentials, selectors, services
from certificates.codes import code_display
from certificates.models import Certificate
from tests.courses.helpers import page_text, ru

pytestmark = pytest.mark.django_db


def pdf_url(certificate) -> str:
    return f"/ru/certificates/{certificate.code}/pdf/"


def badge_url(certificate) -> str:
    return f"/ru/certificates/{certificate.code}/badge/"


def detail_url(certificate) -> str:
    return f"/ru/manage/certificates/{certificate.pk}/"


def downloaded(response) -> tuple[str, bytes]:
    """The name of the file a download offers, and its content."""
    assert response.status_code == 200
    name = re.fullmatch(r'attachment; filename="(.+)"', response["Content-Disposition"])
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return name[1], content


@pytest.fixture
def revoked(certificate, regional_admin):
    services.certificate_pdf_ensure(certificate=certificate)  # a PDF was made
    return services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Ошибка выдачи"
    )


# A mentor without the permission to view certificates
# ------------------------------------------------------------------------------


def test_mentor_without_the_certificate_permission_gets_404_for_the_files(
    client, certificate, mentor
):
    assert not mentor.has_perm("certificates.view_certificate")
    client.force_login(mentor)

    assert client.get(detail_url(certificate)).status_code == 403
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(badge_url(certificate)).status_code == 404


def test_certificates_visible_to_a_mentor_are_their_own_only(
    certificate, mentor, certificate_rule
):
    own, _created = services.certificate_issue(
        learner=mentor, rule=certificate_rule, completed_at=certificate.completed_at
    )

    visible = selectors.certificate_list_visible(viewer=mentor)

    assert list(visible.values_list("pk", flat=True)) == [own.pk]


def test_mentor_downloads_their_own_certificate(client, mentor, certificate_rule):
    own, _created = services.certificate_issue(
        learner=mentor, rule=certificate_rule, completed_at=timezone.now()
    )
    client.force_login(mentor)

    name, pdf = downloaded(client.get(pdf_url(own)))
    assert name == f"certificate-{own.code}.pdf" and pdf.startswith(b"%PDF")
    name, badge = downloaded(client.get(badge_url(own)))
    assert name == f"certificate-{own.code}.jwt" and badge.count(b".") == 2


def test_regional_admin_with_the_permission_gets_the_files_of_their_region(
    client, certificate, regional_admin
):
    client.force_login(regional_admin)

    detail = client.get(detail_url(certificate))
    assert detail.status_code == 200
    assert code_display(certificate.code) in page_text(detail)
    assert certificate.holder_name in page_text(detail)
    name, pdf = downloaded(client.get(pdf_url(certificate)))
    assert name == f"certificate-{certificate.code}.pdf" and pdf.startswith(b"%PDF")
    name, badge = downloaded(client.get(badge_url(certificate)))
    assert name == f"certificate-{certificate.code}.jwt" and badge.count(b".") == 2


# A revoked certificate
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [pdf_url, badge_url])
@pytest.mark.parametrize("who", ["holder", "regional_admin", "national_admin"])
def test_a_revoked_certificates_files_answer_410_to_everyone(
    client, revoked, request, who, url
):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url(revoked))

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    html = page_text(response)
    assert ru("This certificate has been revoked") in html
    assert f'href="/ru/verify/{revoked.code}/"' in html
    assert b"%PDF" not in response.content
    assert b"eyJ" not in response.content  # no JWS


def test_the_410_page_says_when_it_was_revoked(client, revoked, holder):
    client.force_login(holder)

    html = page_text(client.get(pdf_url(revoked)))

    assert ru("Its verification page shows its status to anyone who checks it.") in html
    assert revoked.revoked_at.strftime("%Y") in html


def test_services_refuse_the_files_of_a_revoked_certificate(revoked):
    with pytest.raises(selectors.CertificateRevoked):
        services.certificate_pdf_ensure(certificate=revoked)
    with pytest.raises(selectors.CertificateRevoked):
        credentials.credential_jwt(revoked)
    with pytest.raises(selectors.CertificateRevoked):
        selectors.certificate_get_for_download(
            viewer=revoked.learner, code=revoked.code
        )


def test_a_certificate_revoked_before_its_pdf_was_rendered_gets_none(
    certificate, regional_admin
):
    from certificates.tasks import certificate_pdf_render

    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Ошибка выдачи"
    )

    assert certificate_pdf_render(certificate.pk) is False
    assert not Certificate.objects.get(pk=certificate.pk).pdf


def test_admin_detail_of_a_revoked_certificate_offers_no_pdf(
    client, revoked, regional_admin
):
    client.force_login(regional_admin)

    html = page_text(client.get(detail_url(revoked)))

    assert pdf_url(revoked) not in html
