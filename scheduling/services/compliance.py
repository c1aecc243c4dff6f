"""The monthly e-mail to a regional admin listing the overdue people of their region
(the training cadence): sent once per admin, region and month."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from core.links import public_url
from core.mail import mail_recipient, mail_send_once
from people.models import Region, User

from .. import selectors
from ..models import ComplianceNotice


def compliance_overdue_notice_send(*, admin: User, region: Region, period: str) -> int:
    """E-mail `admin` the overdue people of `region` for `period` ("2027-03"), once
    (the notice row is unique per admin, region and month; its `sent_at` is claimed
    before sending). Nothing is sent when no one is overdue. Returns e-mails sent."""
    recipient = mail_recipient(admin)
    if recipient is None:
        return 0
    overdue = [
        status
        for status in selectors.compliance_list(
            people=User.objects.filter(is_active=True, region=region)
        )
        if status.overdue
    ]
    if not overdue:
        return 0
    try:
        with transaction.atomic():
            notice, _created = ComplianceNotice.objects.get_or_create(
                person=admin, region=region, period=period
            )
    except IntegrityError:  # made at the same moment by another run
        notice = ComplianceNotice.objects.get(
            person=admin, region=region, period=period
        )

    def context(recipient) -> dict:
        return {
            "admin": admin,
            "region": region.name,
            "period": period,
            "overdue": overdue,
            "compliance_url": public_url(reverse("scheduling_manage:compliance")),
        }

    return mail_send_once(
        queryset=ComplianceNotice.objects.filter(pk=notice.pk),
        flag_field="sent_at",
        template="scheduling/emails/compliance_overdue",
        to=recipient,
        context=context,
    )
