"""State changes of consent to the personal-data policy: consent given again for a new
policy version (the consent gate, people.middleware), consent declined, and children
under 14, whom an admin registers with the written consent of a parent or legal
representative (Law on Volunteer Activity, art. 12; personal-data law: a legal
representative consents for a minor)."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log
from core.outbox import enqueue_durably

from ..models import Region, User
from ..selectors import consent_current, user_scope
from ..tasks import user_invitations_send as user_invitations_send_task
from .profile import (
    ADULT_AGE,
    CHILD_AGE,
    MSG_CONSENT_REQUIRED,
    MSG_GUARDIAN_REQUIRED,
    _age,
    _birth_date_validate,
    _profile_save,
    consent_record,
    user_consent_version_copy,
)

CONSENT_DECLINE_ACTION = "people.consent_decline"
MINOR_REGISTER_ACTION = "people.minor_register"
GUARDIAN_CONSENT_ACTION = "people.guardian_consent"

MSG_CONSENT_BY_GUARDIAN_ONLY = _(
    "For a child under 14, the consent is given by a parent or legal representative "
    "in writing and recorded by the front office of the region."
)
MSG_MINOR_TOO_OLD = _(
    "This form is for children under 14. From 14, people sign up themselves (with "
    "the consent of a parent or legal representative until 18)."
)
MSG_MINOR_REGION_OUT_OF_SCOPE = _("You may register people only in your region.")
MSG_MINOR_EMAIL_TAKEN = _("Somebody already has an account with this e-mail address.")
MSG_GUARDIAN_NAME_MISSING = _(
    "Give the full name of the parent or legal representative."
)
MSG_GUARDIAN_CONSENT_MISSING = _(
    "Confirm that you have the written consent of the parent or legal representative."
)
MSG_GUARDIAN_NOT_A_MINOR = _(
    "This person is 18 or older and gives their consent themselves."
)


def consent_cache_refresh(*, user: User) -> bool:
    """Whether `user` consented to the current policy version; when the copy on the
    user row is behind a consent record (given elsewhere), it is brought up to date."""
    version = settings.LMS_CONSENT_POLICY_VERSION
    if user.consent_policy_version == version:
        return True
    if consent_current(user=user, policy_version=version) is None:
        return False
    user_consent_version_copy(user=user, version=version)
    return True


@transaction.atomic
def consent_give(
    *,
    user: User,
    consent: bool,
    guardian_name: str = "",
    guardian_consent: bool = False,
):
    """The person consents to the current policy version (asked again when it
    changed). Under 18, with a parent's or legal representative's consent, as at
    sign-up; under 14 not on the site at all (an admin records it:
    guardian_consent_record)."""
    if not consent:
        raise ValidationError({"consent": MSG_CONSENT_REQUIRED}, code="consent")
    age = _age(user.date_of_birth)
    if age is not None and age < CHILD_AGE:
        raise ValidationError(MSG_CONSENT_BY_GUARDIAN_ONLY, code="child")
    minor = age is not None and age < ADULT_AGE
    guardian_name = guardian_name.strip()
    if minor and (not guardian_name or not guardian_consent):
        raise ValidationError({"guardian_name": MSG_GUARDIAN_REQUIRED}, code="guardian")
    return consent_record(user=user, guardian_name=guardian_name if minor else "")


def consent_decline(*, user: User) -> None:
    """The person declined the current policy version: recorded in the audit log
    (nothing else changes; they are signed out and may ask for erasure)."""
    audit_log(
        user,
        CONSENT_DECLINE_ACTION,
        user=user,
        region_id=user.region_id,
        data={"policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )


def _guardian_validate(*, guardian_name: str, guardian_consent: bool) -> None:
    errors = {}
    if not guardian_name.strip():
        errors["guardian_name"] = MSG_GUARDIAN_NAME_MISSING
    if not guardian_consent:
        errors["guardian_consent"] = MSG_GUARDIAN_CONSENT_MISSING
    if errors:
        raise ValidationError(errors, code="guardian")


@transaction.atomic
def minor_register(
    *,
    by: User,
    email: str,
    full_name: str,
    region: Region,
    date_of_birth: datetime.date,
    preferred_language: str,
    organization_kind: str = "",
    guardian_name: str,
    guardian_consent: bool,
) -> User:
    """An admin registers a child under 14 in a region they look after, with the
    written consent of the child's parent or legal representative (their name is kept
    with the consent record, and who recorded it). The account has no password yet:
    an invitation to choose one goes to `email` (the child's or the parent's)."""
    scope = user_scope(user=by)
    if not (scope.everything or region.pk in scope.region_ids):
        raise ValidationError({"region": MSG_MINOR_REGION_OUT_OF_SCOPE}, code="scope")
    _birth_date_validate(date_of_birth)
    age = _age(date_of_birth)
    if age is None or age >= CHILD_AGE:
        raise ValidationError({"date_of_birth": MSG_MINOR_TOO_OLD}, code="too_old")
    _guardian_validate(guardian_name=guardian_name, guardian_consent=guardian_consent)
    email = User.objects.normalize_email(email).lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError({"email": MSG_MINOR_EMAIL_TAKEN}, code="taken")
    user = User.objects.create_user(email, None)
    # The address counts as verified, as for imported people: an admin vouches for
    # it, and only its owner can choose the password (the invitation goes there).
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    _profile_save(
        user=user,
        full_name=full_name,
        region=region,
        organization_kind=organization_kind,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
    )
    consent_record(user=user, guardian_name=guardian_name.strip(), recorded_by=by)
    audit_log(
        user,
        MINOR_REGISTER_ACTION,
        user=by,
        region_id=region.pk,
        data={"policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )
    user_id = user.pk
    enqueue_durably(user_invitations_send_task, user_ids=[user_id])
    return user


@transaction.atomic
def guardian_consent_record(
    *, by: User, person: User, guardian_name: str, guardian_consent: bool
):
    """An admin records, for a minor of a region they look after, the written consent
    of the parent or legal representative to the current policy version (a child
    under 14, asked again after the policy changed, cannot give it on the site)."""
    scope = user_scope(user=by)
    if not (scope.everything or person.region_id in scope.region_ids):
        raise ValidationError(MSG_MINOR_REGION_OUT_OF_SCOPE, code="scope")
    age = _age(person.date_of_birth)
    if age is None or age >= ADULT_AGE:
        raise ValidationError(MSG_GUARDIAN_NOT_A_MINOR, code="adult")
    _guardian_validate(guardian_name=guardian_name, guardian_consent=guardian_consent)
    record = consent_record(
        user=person, guardian_name=guardian_name.strip(), recorded_by=by
    )
    audit_log(
        person,
        GUARDIAN_CONSENT_ACTION,
        user=by,
        region_id=person.region_id,
        data={"policy_version": record.policy_version},
    )
    return record
