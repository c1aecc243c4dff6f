"""How certificates reacts to other apps' events, connected in
CertificatesConfig.ready(). The courses events are sent inside the transaction that
records the completion; the work is written to the outbox in that transaction and
handed to a task once it commits (core.outbox)."""

from __future__ import annotations

from core.outbox import enqueue_durably
from core.pagecache import content_version_bump

from .selectors import certificate_export, certificate_reminder_export
from .services import certificate_personal_data_erase
from .tasks import (
    certificate_issue_for_enrolment as certificate_issue_for_enrolment_task,
)
from .tasks import certificate_issue_for_program as certificate_issue_for_program_task
from .tasks import certificate_renew_for_item as certificate_renew_for_item_task
from .tasks import certificate_titles_add as certificate_titles_add_task


def on_course_completed(sender, *, enrolment, **kwargs) -> None:
    enqueue_durably(certificate_issue_for_enrolment_task, enrolment_id=enrolment.pk)


def on_program_completed(sender, *, completion, **kwargs) -> None:
    enqueue_durably(certificate_issue_for_program_task, completion_id=completion.pk)


def on_item_passed(sender, *, learner_id, item_key, at, **kwargs) -> None:
    enqueue_durably(
        certificate_renew_for_item_task,
        learner_id=learner_id,
        item_key=str(item_key),
        at=at.isoformat(),
    )


def on_personal_data_export(sender, *, user, **kwargs):
    return "certificates", certificate_export(learner=user)


def on_personal_data_export_reminders(sender, *, user, **kwargs):
    return "certificate_reminders", certificate_reminder_export(learner=user)


def on_personal_data_erase(sender, *, user, **kwargs) -> None:
    certificate_personal_data_erase(learner=user)


def on_clearance_rules_changed(sender, **kwargs) -> None:
    """A clearance rule or requirement was saved or deleted: the memoized rules
    (certificates.selectors.clearance) are read again on the next request."""
    content_version_bump()


def on_certified_page_published(sender, *, instance, **kwargs) -> None:
    """A course or program was published (perhaps a new translation): its
    certificates get its title in its language if they have none."""
    enqueue_durably(certificate_titles_add_task, page_id=instance.pk)
