"""State changes of certificates: issue (and renew), revoke, keep the PDF at hand.

Issuing is idempotent: the database allows one certificate per learner, course (or
program) and validity cycle, and one renewal per certificate; a completion event
arriving twice, or a task that runs again after a worker died, finds the certificate
already there and issues nothing more.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.audit import audit_log
from core.outbox import enqueue_durably, enqueue_durably_many
from core.storage import file_replace
from courses.models import CoursePage, Enrolment, ProgramCompletion, ProgramPage
from courses.selectors import program_course_keys
from people.models import User
from people.selectors import learner_scope_q, user_scope

from . import selectors
from .codes import code_new
from .models import (
    Certificate,
    CertificateNudge,
    CertificateReminder,
    CertificateRule,
    CertificateTemplate,
)
from .tasks import (
    certificate_issue_for_enrolment as certificate_issue_for_enrolment_task,
)
from .tasks import certificate_issue_for_program as certificate_issue_for_program_task
from .tasks import certificate_issued_notify as certificate_issued_notify_task
from .tasks import certificate_nudge_send as certificate_nudge_send_task
from .tasks import certificate_pdf_render as certificate_pdf_render_task

logger = logging.getLogger(__name__)

MSG_REASON_REQUIRED = _("Give the reason for revoking the certificate.")
MSG_ALREADY_REVOKED = _("This certificate has already been revoked.")
ERASED_REASON = "Personal data erased at the holder's request."
MSG_NUDGE_ALREADY = _(
    "%(name)s was already reminded today. Nothing was sent: try again tomorrow."
)
# The audit-log action of an admin's reminder (certificates.wagtail_hooks).
NUDGE_ACTION = "certificates.nudge"


def months_add(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` plus whole calendar months (the 31st becomes the month's last day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _titles(page: Page) -> dict[str, str]:
    """The page's title in each language it is translated into (live translations)."""
    titles = Page.objects.filter(
        translation_key=page.translation_key, live=True
    ).values_list("locale__language_code", "title")
    return dict(titles) or {page.locale.language_code: page.title}


def _hours(page: Page) -> Decimal | None:
    specific = page.specific
    if isinstance(specific, CoursePage):
        return specific.hours
    if isinstance(specific, ProgramPage):
        keys = program_course_keys(program=specific)
        return CoursePage.objects.filter(
            translation_key__in=keys, locale__language_code=settings.LANGUAGE_CODE
        ).aggregate(total=Sum("hours"))["total"]
    return None


def _template_for(rule: CertificateRule) -> CertificateTemplate | None:
    return rule.template or CertificateTemplate.objects.filter(is_default=True).first()


def certificate_issue(
    *,
    learner: User,
    rule: CertificateRule,
    completed_at: datetime.datetime,
    previous: Certificate | None = None,
) -> tuple[Certificate, bool]:
    """Issue the certificate of `rule` to `learner` (a renewal of `previous` when
    given). Returns (certificate, created): when the certificate of this cycle exists
    already, or `previous` is already renewed, that one, and False.

    Once committed, the PDF is rendered and the holder is e-mailed, in Celery (both
    written to the outbox with the certificate)."""
    page = rule.page.specific
    key = page.translation_key
    cycle = previous.cycle + 1 if previous is not None else 1
    existing = Certificate.objects.filter(
        learner=learner, target_key=key, cycle=cycle
    ).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    kind = (
        Certificate.Kind.PROGRAM
        if isinstance(page, ProgramPage)
        else Certificate.Kind.COURSE
    )
    fields = {
        "learner": learner,
        "rule": rule,
        "kind": kind,
        "target_key": key,
        "cycle": cycle,
        "previous": previous,
        "holder_name": (learner.full_name or "").strip(),
        "title": _titles(page),
        "hours": _hours(page),
        "template": _template_for(rule),
        "completed_at": completed_at,
        "issued_at": now,
        "expires_at": (
            months_add(now, rule.validity_months) if rule.validity_months else None
        ),
    }
    for _attempt in range(3):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(code=code_new(), **fields)
        except IntegrityError:
            existing = Certificate.objects.filter(
                learner=learner, target_key=key, cycle=cycle
            ).first()
            if existing is not None:  # issued concurrently
                return existing, False
            if (
                previous is not None
                and Certificate.objects.filter(previous=previous).exists()
            ):
                return Certificate.objects.get(previous=previous), False
            continue  # a number drawn twice: draw another
        break
    else:  # pragma: no cover - three 100-bit collisions
        raise RuntimeError("could not draw a unique certificate number")
    logger.info("certificate %s issued (cycle %s)", certificate.pk, cycle)
    enqueue_durably(certificate_pdf_render_task, certificate_id=certificate.pk)
    enqueue_durably(certificate_issued_notify_task, certificate_id=certificate.pk)
    return certificate, True


def _renew_all(
    *, learner: User, refresher_key, completed_at: datetime.datetime
) -> list[Certificate]:
    """Renew each certificate that the refresher with this key renews, where the
    learner holds one that expires soon or has expired."""
    renewed = []
    for rule in selectors.certificate_rules_renewed_by(key=refresher_key):
        latest = selectors.certificate_latest(
            learner=learner, target_key=rule.page.translation_key
        )
        if latest is None or not selectors.certificate_is_renewable(latest):
            continue
        certificate, created = certificate_issue(
            learner=learner, rule=rule, completed_at=completed_at, previous=latest
        )
        if created:
            renewed.append(certificate)
    return renewed


def certificate_issue_for_enrolment(*, enrolment: Enrolment) -> list[Certificate]:
    """React to a completed enrolment: issue the course's certificate (the first
    cycle; once), and renew what the course is a refresher for. Returns the
    certificates this call issued."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        return []
    issued = []
    with transaction.atomic():
        rule = selectors.certificate_rule_for_key(key=enrolment.course_key)
        if (
            rule is not None
            and not Certificate.objects.filter(
                learner_id=enrolment.learner_id, target_key=enrolment.course_key
            ).exists()
        ):
            certificate, created = certificate_issue(
                learner=enrolment.learner,
                rule=rule,
                completed_at=enrolment.completed_at,
            )
            if created:
                issued.append(certificate)
        issued += _renew_all(
            learner=enrolment.learner,
            refresher_key=enrolment.course_key,
            completed_at=enrolment.completed_at,
        )
    return issued


def certificate_issue_for_program(
    *, completion: ProgramCompletion
) -> list[Certificate]:
    """React to a completed program: issue its certificate (first cycle, once)."""
    with transaction.atomic():
        rule = selectors.certificate_rule_for_key(key=completion.program_key)
        if (
            rule is None
            or Certificate.objects.filter(
                learner_id=completion.learner_id, target_key=completion.program_key
            ).exists()
        ):
            return []
        certificate, created = certificate_issue(
            learner=completion.learner,
            rule=rule,
            completed_at=completion.completed_at,
        )
    return [certificate] if created else []


def certificate_renew_for_item(
    *, learner: User, item_key, at: datetime.datetime
) -> list[Certificate]:
    """React to an item passed (a refresher quiz): renew what it is a refresher for."""
    with transaction.atomic():
        return _renew_all(learner=learner, refresher_key=item_key, completed_at=at)


def certificate_rule_pending(
    *, rule: CertificateRule, completed_before: datetime.datetime | None = None
) -> tuple[list[int], list[int]]:
    """Completions (before `completed_before`, if given) that `rule` certifies but
    that hold no certificate yet (the rule was added or switched on after they
    completed, or their issuance was lost): (enrolment ids, program completion ids)."""
    if not rule.is_active:
        return [], []
    key = rule.page.translation_key
    holders = Certificate.objects.filter(target_key=key).values("learner_id")
    enrolments = Enrolment.objects.filter(
        course_key=key, status=Enrolment.Status.COMPLETED
    ).exclude(learner_id__in=holders)
    completions = ProgramCompletion.objects.filter(program_key=key).exclude(
        learner_id__in=holders
    )
    if completed_before is not None:
        enrolments = enrolments.filter(completed_at__lt=completed_before)
        completions = completions.filter(completed_at__lt=completed_before)
    return (
        list(enrolments.values_list("pk", flat=True)),
        list(completions.values_list("pk", flat=True)),
    )


def certificate_rule_apply(*, rule: CertificateRule) -> int:
    """Issue, in Celery once committed, the certificates of learners who completed
    the rule's course or program before the rule existed or was switched on. Each
    task is idempotent, so applying a rule twice issues nothing twice. Returns how
    many issuance tasks were enqueued."""
    enrolment_ids, completion_ids = certificate_rule_pending(rule=rule)
    enqueue_durably_many(
        certificate_issue_for_enrolment_task,
        [{"enrolment_id": pk} for pk in enrolment_ids],
    )
    enqueue_durably_many(
        certificate_issue_for_program_task,
        [{"completion_id": pk} for pk in completion_ids],
    )
    return len(enrolment_ids) + len(completion_ids)


def certificates_missing_issue(
    *, completed_before: datetime.datetime, limit: int = 500
) -> list[Certificate]:
    """Issue, here and now, the certificates of completions before `completed_before`
    that an active rule certifies and that got none: their issuance task was lost (a
    worker lost whole, work queued before the outbox existed) or their rule came later.
    At most `limit` completions a call (the next call goes on). Returns what it issued."""
    issued: list[Certificate] = []
    left = limit
    for rule in CertificateRule.objects.filter(is_active=True).select_related("page"):
        enrolment_ids, completion_ids = certificate_rule_pending(
            rule=rule, completed_before=completed_before
        )
        for enrolment in Enrolment.objects.select_related("learner").filter(
            pk__in=enrolment_ids[:left]
        ):
            issued += certificate_issue_for_enrolment(enrolment=enrolment)
        left -= min(left, len(enrolment_ids))
        for completion in ProgramCompletion.objects.select_related("learner").filter(
            pk__in=completion_ids[:left]
        ):
            issued += certificate_issue_for_program(completion=completion)
        left -= min(left, len(completion_ids))
        if not left:
            break
    if issued:
        logger.warning("%s missing certificate(s) issued", len(issued))
    return issued


def certificate_revoke(
    *, certificate: Certificate, by: User, reason: str
) -> Certificate:
    """Revoke a certificate, with the reason. Needs the revoke permission and the
    holder in `by`'s scope. Recorded in the audit log (who, when, why); the
    verification page and the status list show it revoked at once."""
    if not by.has_perm("certificates.revoke_certificate") or not (
        User.objects.filter(
            learner_scope_q(viewer=by), pk=certificate.learner_id
        ).exists()
    ):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [MSG_REASON_REQUIRED]})
    now = timezone.now()
    with transaction.atomic():
        changed = Certificate.objects.filter(
            pk=certificate.pk, revoked_at__isnull=True
        ).update(revoked_at=now, revoked_by=by, revoked_reason=reason, updated_at=now)
        if not changed:
            raise ValidationError(MSG_ALREADY_REVOKED, code="already_revoked")
        certificate.refresh_from_db()
        audit_log(
            certificate,
            "certificates.revoke",
            user=by,
            region_id=certificate.learner.region_id,
            data={
                "code": certificate.code,
                "learner": certificate.learner_id,
                "reason": reason,
            },
        )
    return certificate


def certificate_pdf_ensure(*, certificate: Certificate) -> Certificate:
    """Make sure the certificate's PDF file exists: render it when it was never
    rendered, or when the file is lost. The file replaces any file of its name
    whole (core.storage.file_replace), so a reader never sees half a file, on the
    file system as in an object store. A revoked certificate has no PDF to hand out
    (selectors.CertificateRevoked)."""
    from .pdf import certificate_pdf_bytes

    selectors.certificate_files_check(certificate)
    storage = Certificate._meta.get_field("pdf").storage
    if certificate.pdf and storage.exists(certificate.pdf.name):
        return certificate
    name = f"certificates/{certificate.issued_at:%Y}/{certificate.code}.pdf"
    name = file_replace(storage, name, certificate_pdf_bytes(certificate))
    now = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=name, pdf_rendered_at=now, updated_at=now
    )
    certificate.pdf.name = name
    certificate.pdf_rendered_at = now
    return certificate


def certificate_personal_data_erase(*, learner: User) -> int:
    """Erasure of a learner's personal data (people.services.user_erase): their
    certificates keep their number and dates (the status list keeps its indexes) but
    lose the holder's name and PDF, and are revoked, since nothing any longer ties
    them to a person. Returns how many certificates were changed."""
    now = timezone.now()
    storage = Certificate._meta.get_field("pdf").storage
    certificates = list(Certificate.objects.filter(learner=learner))
    for certificate in certificates:
        if certificate.pdf:
            storage.delete(certificate.pdf.name)
    Certificate.objects.filter(learner=learner, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=ERASED_REASON
    )
    Certificate.objects.filter(learner=learner).update(
        holder_name="", pdf="", pdf_rendered_at=None, updated_at=now
    )
    return len(certificates)


# Expiry reminders
# ------------------------------------------------------------------------------


def _reminder_threshold(
    expires_at: datetime.datetime, now: datetime.datetime
) -> int | None:
    """The smallest reminder threshold (days before expiry) that `expires_at` is
    within, or None."""
    for threshold in sorted(settings.LMS_CERTIFICATE_REMINDER_DAYS):
        if expires_at <= now + datetime.timedelta(days=threshold):
            return threshold
    return None


def certificate_expiry_reminders_record(*, now: datetime.datetime) -> list[int]:
    """For each certificate that expires within a reminder threshold
    (LMS_CERTIFICATE_REMINDER_DAYS, e.g. 60 and 14 days), is still valid, not renewed
    and not revoked, and whose holder we may write to, record a reminder for the most
    urgent threshold it is within (once: a constraint). Returns the ids of the
    reminders not sent yet, for the tasks that send them."""
    if not settings.LMS_CERTIFICATE_REMINDER_DAYS:
        return []
    horizon = now + datetime.timedelta(days=max(settings.LMS_CERTIFICATE_REMINDER_DAYS))
    due = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=horizon,
            renewal__isnull=True,
            learner__is_active=True,
            learner__erased_at__isnull=True,
        )
        .values_list("pk", "expires_at")
        .iterator()
    )
    unsent = []
    for certificate_id, expires_at in due:
        try:
            reminder, _created = CertificateReminder.objects.get_or_create(
                certificate_id=certificate_id,
                days_before=_reminder_threshold(expires_at, now),
            )
        except IntegrityError:  # recorded concurrently
            continue
        if reminder.sent_at is None:
            unsent.append(reminder.pk)
    return unsent


# An admin's reminder to renew
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class NudgeOutcome:
    """What certificate_nudge did: the reminders recorded (an e-mail each), the people
    already reminded today, and the certificates not due a reminder."""

    sent: list[CertificateNudge] = dataclasses.field(default_factory=list)
    already: list[User] = dataclasses.field(default_factory=list)
    not_due: list[Certificate] = dataclasses.field(default_factory=list)


def certificate_nudge(*, certificates: Iterable[Certificate], by: User) -> NudgeOutcome:
    """An admin reminds the holders of certificates that expire soon or have expired
    (selectors.certificate_nudge_q) to renew them: one e-mail a person a day, whoever
    asks and whichever certificate (the constraint decides; of a person's certificates
    asked for at once, the one that expires first), each recorded in the audit log.
    PermissionDenied, and nothing recorded, without the permission to view
    certificates or when a holder is out of `by`'s scope."""
    wanted = {certificate.pk: certificate for certificate in certificates}
    if not by.has_perm(selectors.VIEW_PERMISSION) or not user_scope(user=by).is_admin:
        raise PermissionDenied
    in_scope = Certificate.objects.filter(
        learner_scope_q(viewer=by, field="learner"), pk__in=list(wanted)
    )
    if in_scope.count() != len(wanted):
        raise PermissionDenied
    due = list(
        in_scope.filter(selectors.certificate_nudge_q())
        .select_related("learner")
        .order_by("expires_at", "pk")
    )
    due_ids = {certificate.pk for certificate in due}
    outcome = NudgeOutcome(not_due=[c for pk, c in wanted.items() if pk not in due_ids])
    first_of_each: dict[int, Certificate] = {}
    for certificate in due:
        first_of_each.setdefault(certificate.learner_id, certificate)
    today = timezone.localdate()
    for certificate in first_of_each.values():
        try:
            with transaction.atomic():
                nudge = CertificateNudge.objects.create(
                    learner_id=certificate.learner_id,
                    certificate=certificate,
                    day=today,
                    sent_by=by,
                )
                audit_log(
                    nudge,
                    NUDGE_ACTION,
                    user=by,
                    region_id=certificate.learner.region_id,
                    data={
                        "learner": certificate.learner_id,
                        "certificate": certificate.code,
                    },
                )
        except IntegrityError:
            outcome.already.append(certificate.learner)
            continue
        outcome.sent.append(nudge)
        enqueue_durably(certificate_nudge_send_task, nudge_id=nudge.pk)
    return outcome
