"""State changes of the Standard of volunteer support: record a publication as a
version, acknowledge the current version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from core.i18n import page_canonical
from core.outbox import enqueue_durably
from people.models import User

from .. import selectors
from ..models import StandardAcknowledgement, StandardPage, StandardVersion
from ..tasks import standard_version_notify as standard_version_notify_task
from .learning import item_complete

MSG_STANDARD_NOT_CURRENT = _(
    "Version %(number)s is no longer the current version of the Standard: read "
    "version %(current)s and acknowledge it."
)
MSG_STANDARD_NO_VERSION = _("The Standard has not been published yet.")


def standard_version_record(
    *, page: StandardPage, revision: Revision | None
) -> StandardVersion | None:
    """Record a publication of the Standard as a new version (numbered 1, 2, ...) when
    its sections changed since the latest version; a publish that changes other
    fields only (the title, the introduction, the roles) makes no version. Idempotent:
    the same revision recorded twice makes one version (a unique constraint).
    Returns the new version, or None. Asks the people in its roles to acknowledge it
    once the transaction commits. Versions belong to the Standard in the default
    content language: publishing a translation of it records none (its readers
    acknowledge the source's current version)."""
    page = page.specific
    if page_canonical(page=page).pk != page.pk:
        return None
    snapshot = selectors.standard_snapshot(page=page)
    with transaction.atomic():
        # One publication at a time per Standard: numbers come in order.
        StandardPage.objects.select_for_update().filter(pk=page.pk).first()
        latest = selectors.standard_version_current(page=page)
        if latest is not None and (
            _sections_content(latest.sections) == _sections_content(snapshot)
            or (revision is not None and latest.revision_id == revision.pk)
        ):
            return None
        try:
            with transaction.atomic():
                version = StandardVersion.objects.create(
                    page=page,
                    number=(latest.number + 1) if latest else 1,
                    revision=revision,
                    published_at=timezone.now(),
                    sections=snapshot,
                    # The page keeps its summary until the editor changes it: the
                    # previous version's summary is not this one's.
                    summary=""
                    if latest is not None and page.change_summary == latest.summary
                    else page.change_summary,
                )
        except IntegrityError:
            return None  # recorded by a concurrent call
    enqueue_durably(standard_version_notify_task, version_id=version.pk)
    return version


def _sections_content(sections: list[dict]) -> list[tuple[str, str, str]]:
    """What a version is about: anchors, headings and texts in order (not the ids
    the editor's blocks happen to carry)."""
    return [(s["anchor"], s["heading"], s["text"]) for s in sections]


def standard_acknowledge(
    *, user: User, page: StandardPage, number: int | None = None
) -> tuple[StandardAcknowledgement, bool]:
    """Record that `user` has read the current version of the Standard and will follow
    it (who, which version, when; from a translation of the Standard, the same
    version of its source), then complete the course items of acknowledging it
    in the user's enrolments. `number`, when given, is the version the user read: an
    older one than the current is refused. Acknowledging twice changes nothing
    (returns the first acknowledgement, False)."""
    current = selectors.standard_version_current(page=page)
    if current is None:
        raise ValidationError(MSG_STANDARD_NO_VERSION, code="no_version")
    if number is not None and number != current.number:
        raise ValidationError(
            MSG_STANDARD_NOT_CURRENT % {"number": number, "current": current.number},
            code="not_current",
        )
    try:
        with transaction.atomic():
            acknowledgement, created = StandardAcknowledgement.objects.get_or_create(
                user=user,
                version=current,
                defaults={"acknowledged_at": timezone.now()},
            )
    except IntegrityError:
        # A concurrent request (a double click) recorded it first: that one stands.
        acknowledgement = StandardAcknowledgement.objects.get(
            user=user, version=current
        )
        created = False
    for item, enrolment in selectors.standard_item_enrolments(user=user, page=page):
        item_complete(enrolment=enrolment, item=item)
    return acknowledgement, created
