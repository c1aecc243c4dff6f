"""State changes of a person's own record: sign-up completion, consent, profile, and
the audit entry of a change of region."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log

from ..models import ConsentRecord, Region, User
from ..signals import profile_changed

MSG_CONSENT_REQUIRED = _(
    "You need to consent to the processing of personal data to sign up."
)
MSG_GUARDIAN_REQUIRED = _(
    "Learners under 18 sign up with the consent of a parent or legal representative: "
    "give their full name and confirm their consent."
)
MSG_BIRTH_DATE_FUTURE = _("The date of birth cannot be in the future.")
MSG_BIRTH_DATE_IMPLAUSIBLE = _("Please check the date of birth.")
MSG_GUARDIAN_NAME_REQUIRED = _(
    "Learners under 18 need the consent of a parent or legal representative."
)
MSG_GUARDIAN_CONSENT_REQUIRED = _(
    "Please confirm your parent's or legal representative's consent."
)
MSG_MINOR_WITHOUT_GUARDIAN_CONSENT = _(
    "This date of birth makes you younger than 18. Learners under 18 need the consent of "
    "a parent or legal representative, given at sign-up: please contact your front office."
)

MSG_UNDER_14_SIGNUP = _(
    "Children under 14 cannot sign up themselves. The front office of your region "
    "registers them, with the written consent of a parent or legal representative."
)
MSG_UNDER_14_PROFILE = _(
    "This date of birth makes you younger than 14. Children under 14 are registered "
    "by the front office of their region, with the written consent of a parent or "
    "legal representative: please contact it."
)

MSG_LANGUAGE_UNKNOWN = _("This language is not offered.")

ADULT_AGE = 18
# Under this age a person does not sign up or consent themselves: an admin registers
# them with the written consent of a parent or legal representative (Law on Volunteer
# Activity, art. 12; people.services.consent.minor_register).
CHILD_AGE = 14
# The audit-log action of a change of a user's region (people.wagtail_hooks).
REGION_CHANGE_ACTION = "people.region_change"


def _birth_date_validate(date_of_birth: datetime.date | None) -> None:
    if date_of_birth is None:
        return
    today = timezone.localdate()
    if date_of_birth > today:
        raise ValidationError({"date_of_birth": MSG_BIRTH_DATE_FUTURE}, code="future")
    if date_of_birth.year < today.year - 110 or date_of_birth.year > today.year - 5:
        raise ValidationError(
            {"date_of_birth": MSG_BIRTH_DATE_IMPLAUSIBLE}, code="implausible"
        )


def _self_signup_age_validate(date_of_birth: datetime.date | None) -> None:
    """A child under 14 does not sign up themselves (an admin registers them)."""
    age = _age(date_of_birth)
    if age is not None and age < CHILD_AGE:
        raise ValidationError({"date_of_birth": MSG_UNDER_14_SIGNUP}, code="child")


def _age(date_of_birth: datetime.date | None) -> int | None:
    if date_of_birth is None:
        return None
    today = timezone.localdate()
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


PROFILE_FIELDS = [
    "full_name",
    "region",
    "organization_kind",
    "date_of_birth",
    "preferred_language",
]


def _profile_save(*, user: User, **fields) -> None:
    fields["full_name"] = fields["full_name"].strip()
    for name in PROFILE_FIELDS:
        setattr(user, name, fields[name])
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=PROFILE_FIELDS)
    profile_changed.send(sender=User, user=user)


@transaction.atomic
def user_signup_complete(
    *,
    user: User,
    full_name: str,
    region: Region,
    organization_kind: str,
    date_of_birth: datetime.date,
    preferred_language: str,
    consent: bool,
    guardian_name: str = "",
    guardian_consent: bool = False,
) -> User:
    """Fill the profile of a newly signed-up user and record their consent.

    A learner under 18 signs up with a parent's or legal representative's consent
    (personal-data law), whose name is kept with the consent record; a child under 14
    does not sign up themselves (an admin registers them: consent.minor_register).
    """
    _birth_date_validate(date_of_birth)
    _self_signup_age_validate(date_of_birth)
    if not consent:
        raise ValidationError({"consent": MSG_CONSENT_REQUIRED}, code="consent")
    age = _age(date_of_birth)
    minor = age is not None and age < ADULT_AGE
    if minor and (not guardian_name.strip() or not guardian_consent):
        raise ValidationError({"guardian_name": MSG_GUARDIAN_REQUIRED}, code="guardian")
    _profile_save(
        user=user,
        full_name=full_name,
        region=region,
        organization_kind=organization_kind,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
    )
    consent_record(
        user=user,
        guardian_name=guardian_name.strip() if minor else "",
    )
    return user


def consent_record(
    *, user: User, guardian_name: str = "", recorded_by: User | None = None
) -> ConsentRecord:
    """Record consent to the current personal-data policy version (idempotent), given
    by the person or, with `guardian_name`, by their parent or legal representative
    (`recorded_by`: the admin who recorded that written consent). The user row keeps
    a copy of the version, which the consent gate reads (people.middleware)."""
    version = settings.LMS_CONSENT_POLICY_VERSION
    record, created = ConsentRecord.objects.get_or_create(
        user=user,
        purpose=ConsentRecord.Purpose.PERSONAL_DATA,
        policy_version=version,
        defaults={
            "given_by_guardian": bool(guardian_name),
            "guardian_name": guardian_name,
            "recorded_by": recorded_by,
        },
    )
    if not created and (record.withdrawn_at is not None or guardian_name):
        # Given again (after a withdrawal), or a guardian's consent recorded for a
        # version the person had consented to.
        record.withdrawn_at = None
        record.given_at = timezone.now()
        if guardian_name:
            record.given_by_guardian = True
            record.guardian_name = guardian_name
            record.recorded_by = recorded_by
        record.save()
    user_consent_version_copy(user=user, version=version)
    return record


def user_consent_version_copy(*, user: User, version: str) -> None:
    """Bring the user row's copy of the consented policy version (what the consent
    gate reads) up to `version`. A save (not an update): the memoized signed-in user
    is read again."""
    if user.consent_policy_version != version:
        user.consent_policy_version = version
        user.save(update_fields=["consent_policy_version"])


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    full_name: str,
    region: Region,
    organization_kind: str,
    date_of_birth: datetime.date | None,
    preferred_language: str,
) -> User:
    """Change the learner's own profile fields.

    A date of birth that makes the learner a minor needs a guardian's consent on file
    (given at sign-up), as personal-data law requires for minors; a new one under 14,
    a guardian's consent recorded by an admin (consent.minor_register).
    """
    _birth_date_validate(date_of_birth)
    age = _age(date_of_birth)
    if (
        age is not None
        and age < CHILD_AGE
        and date_of_birth != user.date_of_birth
        and not user.consents.filter(
            given_by_guardian=True,
            recorded_by__isnull=False,
            withdrawn_at__isnull=True,
        ).exists()
    ):
        raise ValidationError({"date_of_birth": MSG_UNDER_14_PROFILE}, code="child")
    if (
        age is not None
        and age < ADULT_AGE
        and not user.consents.filter(
            given_by_guardian=True, withdrawn_at__isnull=True
        ).exists()
    ):
        raise ValidationError(
            {"date_of_birth": MSG_MINOR_WITHOUT_GUARDIAN_CONSENT}, code="guardian"
        )
    previous_region_id = (
        User.objects.filter(pk=user.pk).values_list("region_id", flat=True).first()
    )
    _profile_save(
        user=user,
        full_name=full_name,
        region=region,
        organization_kind=organization_kind,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language,
    )
    user_region_change_record(user=user, previous_region_id=previous_region_id, by=user)
    return user


def user_language_set(*, user: User, language: str) -> bool:
    """Save the language a person chose (in the site's language switcher) as their
    preferred language: the site opens in it where the address carries none, and
    e-mails are written in it. Returns whether it changed."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            {"preferred_language": MSG_LANGUAGE_UNKNOWN}, code="language"
        )
    if user.preferred_language == language:
        return False
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return True


def _region_facts(region_id: int | None) -> dict | None:
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if region is None:
        return None
    return {
        "id": region.pk,
        "name": {"kk": region.name_kk, "ru": region.name_ru, "en": region.name_en},
    }


def user_region_change_record(
    *, user: User, previous_region_id: int | None, by: User | None
) -> bool:
    """Record in the audit log that `user`'s region changed from `previous_region_id`
    to their current one (nothing when it did not change). Returns whether it changed.

    A learner declares their region themselves and may move (volunteers do): the move
    takes them out of one region's admins' scope into another's, so it is kept, with
    both regions and who made it, and shown on the learner's page to admins."""
    if previous_region_id == user.region_id:
        return False
    audit_log(
        user,
        REGION_CHANGE_ACTION,
        user=by,
        region_id=user.region_id,  # the new one: whose admins see them now
        data={
            "old_region": _region_facts(previous_region_id),
            "new_region": _region_facts(user.region_id),
        },
    )
    return True


def user_admin_edit_record(
    *, user: User, previous_region_id: int | None, by: User | None
) -> None:
    """An admin saved a user in Wagtail's user admin: record a change of region in
    the audit log (user_region_change_record) and announce the profile change
    (profile_changed), as the learner's own profile form does."""
    user_region_change_record(user=user, previous_region_id=previous_region_id, by=by)
    profile_changed.send(sender=User, user=user)
