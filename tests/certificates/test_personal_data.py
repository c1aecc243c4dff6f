"""A holder's certificates in their personal data download, and after erasure."""

import pytest

from certificates import selectors, services
from certificates.models import Certificate
from people.selectors import user_data_export
from people.services import user_erase

pytestmark = pytest.mark.django_db


def test_the_personal_data_download_lists_the_holders_certificates(certificate, holder):
    data = user_data_export(user=holder)
    (entry,) = data["certificates"]
    assert entry["number"] == certificate.code
    assert entry["holder_name"] == holder.full_name
    assert entry["title"] == certificate.title
    assert entry["expires_at"] == certificate.expires_at.isoformat()


def test_erasure_removes_the_name_and_pdf_and_revokes_the_certificates(
    certificate, holder
):
    services.certificate_pdf_ensure(certificate=certificate)
    storage = Certificate._meta.get_field("pdf").storage
    path = certificate.pdf.name
    assert storage.exists(path)

    user_erase(user=holder)

    certificate.refresh_from_db()
    assert certificate.holder_name == ""
    assert not certificate.pdf
    assert not storage.exists(path)
    assert selectors.certificate_status(certificate) == selectors.Status.REVOKED
    assert certificate.revoked_reason == services.ERASED_REASON
    assert certificate.code  # the number and the status-list index stay
