"""Certificates react to courses' events. The events are sent inside the transaction
that records the completion; the work is enqueued once it commits."""

from __future__ import annotations

from django.db import transaction

from courses.signals import course_completed, item_passed, program_completed
from people.signals import personal_data_erase, personal_data_export


def on_course_completed(sender, *, enrolment, **kwargs) -> None:
    from .tasks import certificate_issue_for_enrolment

    transaction.on_commit(
        lambda: certificate_issue_for_enrolment.delay(enrolment_id=enrolment.pk)
    )


def on_program_completed(sender, *, completion, **kwargs) -> None:
    from .tasks import certificate_issue_for_program

    transaction.on_commit(
        lambda: certificate_issue_for_program.delay(completion_id=completion.pk)
    )


def on_item_passed(sender, *, learner_id, item_key, at, **kwargs) -> None:
    from .tasks import certificate_renew_for_item

    transaction.on_commit(
        lambda: certificate_renew_for_item.delay(
            learner_id=learner_id, item_key=str(item_key), at=at.isoformat()
        )
    )


def on_personal_data_export(sender, *, user, **kwargs):
    from .selectors import certificate_export

    return "certificates", certificate_export(learner=user)


def on_personal_data_erase(sender, *, user, **kwargs) -> None:
    from .services import certificate_personal_data_erase

    certificate_personal_data_erase(learner=user)


def connect() -> None:
    course_completed.connect(on_course_completed, dispatch_uid="certificates_course")
    program_completed.connect(on_program_completed, dispatch_uid="certificates_program")
    item_passed.connect(on_item_passed, dispatch_uid="certificates_item_passed")
    personal_data_export.connect(
        on_personal_data_export, dispatch_uid="certificates_export"
    )
    personal_data_erase.connect(
        on_personal_data_erase, dispatch_uid="certificates_erase"
    )
