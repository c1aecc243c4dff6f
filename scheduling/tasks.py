"""Scheduling's background work. Tasks take ids and are idempotent: each notice is
claimed on its row before it is sent (scheduling.notices, and the plan notice here),
the yearly plan is guarded by a database constraint."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from celery import shared_task
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.links import public_url
from core.mail import Recipient, mail_recipient, mail_send_once
from core.outbox import fan_out_durably
from core.tasks import RETRY_TASK_OPTIONS, TASK_OPTIONS
from people.models import Region, User
from people.roles import Role
from people.selectors import position_list_active

from .models import PlanNotice, SessionStatus, TrainingSession

# The management list of a region's sessions (scheduling.urls.manage), linked from
# the plan notice with ?region=<id>; its path while that page is not there yet.
MANAGE_URL_NAME = "scheduling_manage:session_list"
MANAGE_PATH = "/{language}/manage/sessions/"


@shared_task(**RETRY_TASK_OPTIONS)
def registration_notice(registration_id: int, event: str) -> int:
    """Tell a person what became of their registration (registered, waitlisted,
    awaiting approval, promoted, refused, cancelled by an admin), once."""
    from .models import Registration
    from .notices import registration_notice_send

    registration = (
        Registration.objects.select_related("session", "person")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    return registration_notice_send(registration=registration, event=event)


@shared_task(**RETRY_TASK_OPTIONS)
def session_notice(session_id: int) -> int:
    """Tell everyone registered for a session of its change or cancellation, once
    per change."""
    from .models import TrainingSession
    from .notices import session_notice_send

    session = TrainingSession.objects.filter(pk=session_id).first()
    if session is None:
        return 0
    return session_notice_send(session=session)


@shared_task(**TASK_OPTIONS)
def session_reminders_send() -> int:
    """Beat, daily: find the reminders due (7 days and 1 day before a session's
    first day) and send each in a task of its own. Returns the reminders enqueued."""
    from .selectors import registration_list_reminder_due

    due = registration_list_reminder_due()
    fan_out_durably(
        session_reminder,
        [{"registration_id": pk, "kind": kind} for pk, kind in due],
    )
    return len(due)


@shared_task(**RETRY_TASK_OPTIONS)
def session_reminder(registration_id: int, kind: str) -> int:
    """Send one reminder ("week" or "day") of a session to a registered person,
    once (its column is claimed before sending)."""
    from .models import Registration
    from .notices import session_reminder_send

    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        return 0
    return session_reminder_send(registration=registration, kind=kind)


# The yearly plan
# ------------------------------------------------------------------------------


@shared_task(**TASK_OPTIONS)
def plan_next_quarter() -> int:
    """Beat, monthly: plan the next quarter's sessions of every region (what is
    planned already is left alone) and send the plan notices not sent yet. Returns
    the sessions created."""
    from .services.plan import plan_next_quarter_create

    return len(plan_next_quarter_create().created)


def plan_notice_users(*, region: Region) -> list[User]:
    """The people holding an active regional-admin position in an organisation of
    the region (each once)."""
    user_ids = (
        position_list_active()
        .filter(role=Role.REGIONAL_ADMIN, organization__region=region)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=user_ids).order_by("pk"))


def plan_manage_url(*, region: Region, language: str) -> str:
    """The absolute address of the region's sessions in the management pages."""
    with translation.override(language):
        try:
            path = reverse(MANAGE_URL_NAME)
        except NoReverseMatch:
            path = MANAGE_PATH.format(language=language)
    return public_url(f"{path}?{urlencode({'region': region.pk})}")


def _quarter_sessions(notice: PlanNotice) -> list[TrainingSession]:
    from .services.plan import ALMATY, quarter_bounds

    year, quarter = (int(part) for part in notice.period.split("-Q"))
    first, last = quarter_bounds(year, quarter)
    return list(
        TrainingSession.objects.filter(
            region=notice.region,
            starts_at__gte=datetime.datetime.combine(first, datetime.time(), ALMATY),
            starts_at__lt=datetime.datetime.combine(
                last + datetime.timedelta(days=1), datetime.time(), ALMATY
            ),
        )
        .exclude(plan_slot="")
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("days")
        .order_by("starts_at")
    )


@shared_task(**RETRY_TASK_OPTIONS)
def plan_notice_send(notice_id: int) -> int:
    """Ask the regional admins of the notice's region to confirm venue and dates of
    the quarter's planned sessions: once (the notice's sent_at is claimed first). A
    region without a regional admin gets nothing yet: the notice stays unsent and
    the next run of the plan (monthly) tries again. Returns the e-mails sent."""
    notice = (
        PlanNotice.objects.select_related("region")
        .filter(pk=notice_id, sent_at__isnull=True, region__isnull=False)
        .first()
    )
    if notice is None:
        return 0
    recipients = [
        recipient
        for user in plan_notice_users(region=notice.region)
        if (recipient := mail_recipient(user)) is not None
    ]
    sessions = _quarter_sessions(notice)
    if not recipients or not sessions:
        return 0
    year, quarter = notice.period.split("-Q")

    def context(recipient: Recipient) -> dict:
        return {
            "person": recipient.user,
            "region": notice.region,
            "year": year,
            "quarter": quarter,
            "sessions": sessions,
            "manage_url": plan_manage_url(
                region=notice.region, language=recipient.language
            ),
        }

    return mail_send_once(
        queryset=PlanNotice.objects.filter(pk=notice.pk),
        flag_field="sent_at",
        template="scheduling/emails/plan_confirm",
        to=recipients,
        context=context,
    )


# Training-cadence compliance
# ------------------------------------------------------------------------------


@shared_task(**TASK_OPTIONS)
def compliance_overdue_send() -> int:
    """Monthly (beat): one e-mail task per regional admin and region, listing the
    region's overdue people. Returns how many tasks it queued; running it again in
    the same month sends nothing twice (compliance_overdue_notify is once-only)."""
    from django.utils import timezone

    period = timezone.localdate().strftime("%Y-%m")
    pairs = (
        position_list_active()
        .filter(role=Role.REGIONAL_ADMIN, organization__region__isnull=False)
        .values_list("user_id", "organization__region_id")
        .distinct()
    )
    calls = [
        {"admin_id": user_id, "region_id": region_id, "period": period}
        for user_id, region_id in pairs
    ]
    fan_out_durably(compliance_overdue_notify, calls)
    return len(calls)


@shared_task(**RETRY_TASK_OPTIONS)
def compliance_overdue_notify(admin_id: int, region_id: int, period: str) -> int:
    """E-mail one regional admin their region's overdue people for `period`, once."""
    from .services import compliance_overdue_notice_send

    admin = User.objects.filter(pk=admin_id).first()
    region = Region.objects.filter(pk=region_id).first()
    if admin is None or region is None:
        return 0
    return compliance_overdue_notice_send(admin=admin, region=region, period=period)
