"""Revoking a certificate: with a reason, by an admin of the holder, on the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from certificates import selectors, services
from certificates.services import MSG_ALREADY_REVOKED, MSG_REASON_REQUIRED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_of_the_holders_region_revokes_with_a_reason_on_the_audit_log(
    certificate, regional_admin
):
    revoked = services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="  Подложные документы "
    )
    assert revoked.revoked_at is not None
    assert revoked.revoked_by == regional_admin
    assert revoked.revoked_reason == "Подложные документы"
    assert selectors.certificate_status(revoked) == selectors.Status.REVOKED
    entry = ModelLogEntry.objects.get(
        action="certificates.revoke", object_id=str(certificate.pk)
    )
    assert entry.user == regional_admin
    assert entry.data["reason"] == "Подложные документы"
    assert entry.data["code"] == certificate.code


def test_revoking_needs_a_reason(certificate, regional_admin):
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(
            certificate=certificate, by=regional_admin, reason="   "
        )
    assert error.value.message_dict["reason"] == [str(MSG_REASON_REQUIRED)]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_twice_revokes_once(certificate, regional_admin):
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Ошибка выдачи"
    )
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(
            certificate=certificate, by=regional_admin, reason="Ещё раз"
        )
    assert error.value.messages == [str(MSG_ALREADY_REVOKED)]
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Ошибка выдачи"
    assert (
        ModelLogEntry.objects.filter(
            action="certificates.revoke", object_id=str(certificate.pk)
        ).count()
        == 1
    )


def test_an_admin_of_another_region_or_a_learner_cannot_revoke(
    certificate, other_regional_admin
):
    for user in (other_regional_admin, UserFactory(), certificate.learner):
        with pytest.raises(PermissionDenied):
            services.certificate_revoke(
                certificate=certificate, by=user, reason="Причина"
            )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
