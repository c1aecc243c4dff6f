"""The holder's certificates panel on My learning is kept while nothing it shows
changes (certificates.panels): a revocation, a new certificate and an expiry show on
the very next request."""

import datetime
import html

import pytest
from django.utils import timezone, translation

from certificates import services
from certificates.models import Certificate
from certificates.selectors import Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def panel(client) -> str:
    page = html.unescape(client.get("/ru/my/").content.decode())
    return page[page.index('class="certificates-panel"') :]


def label(status: str) -> str:
    with translation.override("ru"):
        return str(Status.LABELS[status])


def test_a_revoked_certificate_shows_as_revoked_on_the_next_request(
    holder_client, certificate, national_admin
):
    assert certificate.code in panel(holder_client)
    assert label(Status.REVOKED) not in panel(holder_client)  # kept

    services.certificate_revoke(
        certificate=certificate, by=national_admin, reason="Выдан по ошибке"
    )

    assert label(Status.REVOKED) in panel(holder_client)


def test_a_certificate_that_expired_since_shows_as_expired(holder_client, certificate):
    assert label(Status.EXPIRED) not in panel(holder_client)
    panel(holder_client)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert label(Status.EXPIRED) in panel(holder_client)


def test_a_new_certificate_shows_on_the_next_request(
    holder_client, holder, certificate_rule
):
    panel(holder_client)
    panel(holder_client)  # kept
    certificate, _created = services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )

    assert certificate.code in panel(holder_client)


def test_another_holders_panel_is_their_own(client, certificate, holder):
    other = UserFactory()
    client.force_login(holder)
    panel(client)
    client.force_login(other)

    assert certificate.code not in panel(client)
