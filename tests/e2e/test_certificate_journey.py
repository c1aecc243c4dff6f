"""A certificate from completion to verification, in Chromium against a live server:
the learner completes a certified course, downloads the PDF from My learning, the QR
code's link opens the public verification page, a coordinator types the number in, and
a revocation shows at once."""

import io

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates import services
from certificates.codes import code_display
from certificates.models import Certificate
from courses import services as course_services
from tests.e2e.conftest import session_start, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _qr_link(pdf: bytes) -> str:
    """The URI the PDF's QR code links to (its link annotation)."""
    for annotation in PdfReader(io.BytesIO(pdf)).pages[0].get("/Annots", []):
        action = annotation.get_object().get("/A")
        if action and "/URI" in action:
            return str(action["/URI"])
    raise AssertionError("the PDF has no link")


def test_learner_completes_a_course_downloads_the_certificate_and_its_qr_verifies_it(
    live_server,
    context_new,
    holder,
    certified_course_and_lessons,
    regional_admin,
    tmp_path,
):
    course, lessons, _rule = certified_course_and_lessons
    course_services.enrolment_create(learner=holder, course=course)
    base = live_server.url
    learner = context_new(accept_downloads=True)
    session_start(learner, holder, live_server)
    page = learner.new_page()

    # Completing the last lesson completes the course; the certificate is issued.
    page.goto(base + lessons[0].url)
    page.get_by_role("button", name=t("Mark as done and continue")).click()
    expect(page).to_have_url(base + lessons[1].url)
    page.get_by_role("button", name=t("Mark as done")).click()
    expect(page).to_have_url(base + course.url)
    certificate = Certificate.objects.get(learner=holder)

    # My learning lists it; the PDF downloads.
    page.goto(base + "/ru/")
    page.locator(".site-nav").get_by_role(
        "link", name=t("My learning"), exact=True
    ).click()
    panel = page.locator("section.certificates-panel")
    expect(panel).to_contain_text(course.title)
    expect(panel).to_contain_text(code_display(certificate.code))
    with page.expect_download() as download_info:
        panel.get_by_role("link", name=t("Download PDF")).click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certificate.code}.pdf"
    download.save_as(tmp_path / "certificate.pdf")
    pdf = (tmp_path / "certificate.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert holder.full_name.split()[0] in text
    assert code_display(certificate.code) in text

    # The QR code's link (on the platform's public address) opens the verification
    # page in the visitor's language, for anyone.
    link = _qr_link(pdf)
    assert link == f"{settings.LMS_PUBLIC_URL}/v/{certificate.code}"
    coordinator = context_new().new_page()
    coordinator.goto(link.replace(settings.LMS_PUBLIC_URL, base))
    expect(coordinator).to_have_url(f"{base}/ru/verify/{certificate.code}/")
    expect(coordinator.locator("h1")).to_have_text(t("Certificate verification"))
    expect(coordinator.locator("main")).to_contain_text(holder.full_name)
    expect(coordinator.locator("main")).to_contain_text(course.title)
    expect(coordinator.locator("main")).to_contain_text(t("Valid"))
    expect(coordinator.locator("main")).not_to_contain_text(holder.email)

    # A number typed from paper, in lowercase with dashes, finds the same page.
    coordinator.get_by_role("link", name=t("Verify another certificate")).click()
    coordinator.get_by_label(t("Certificate number")).fill(
        code_display(certificate.code).lower()
    )
    coordinator.get_by_role("button", name=t("Verify")).click()
    expect(coordinator).to_have_url(f"{base}/ru/verify/{certificate.code}/")
    expect(coordinator.locator("main")).to_contain_text(holder.full_name)

    # A wrong number says "not found", nothing more.
    coordinator.goto(base + "/ru/verify/")
    coordinator.get_by_label(t("Certificate number")).fill("0000-0000-0000-0000-0000")
    coordinator.get_by_role("button", name=t("Verify")).click()
    expect(coordinator.locator("main")).not_to_contain_text(holder.full_name)

    # Revoked by the region's admin: the page says so at once.
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Выдан по ошибке"
    )
    coordinator.goto(f"{base}/ru/verify/{certificate.code}/")
    expect(coordinator.locator("main")).to_contain_text(t("Revoked on"))
    expect(coordinator.locator("main")).not_to_contain_text("Выдан по ошибке")
