"""Forms of consent: the question asked again when the policy changed, and the admins'
registration of a child under 14 (and their recording of a guardian's consent)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .forms import (
    DATE_INPUT_FORMATS,
    RegionChoiceField,
    _consent_label,
    managed_person_email_clean,
)
from .models import OrganizationKind, User
from .selectors import region_list, user_scope
from .services import (
    MSG_GUARDIAN_CONSENT_MISSING,
    MSG_GUARDIAN_CONSENT_REQUIRED,
    MSG_GUARDIAN_NAME_MISSING,
    MSG_GUARDIAN_NAME_REQUIRED,
)


class ConsentForm(forms.Form):
    """Consent to the current policy version; under 18 with a parent's or legal
    representative's consent, as at sign-up."""

    consent = forms.BooleanField(label=lazy(_consent_label, SafeString)())
    guardian_name = forms.CharField(
        label=_("Full name of your parent or legal representative"),
        max_length=200,
        required=False,
    )
    guardian_consent = forms.BooleanField(
        label=_(
            "My parent or legal representative consents to the processing of my personal data."
        ),
        required=False,
    )

    def __init__(self, *args, minor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.minor = minor
        if not minor:
            del self.fields["guardian_name"]
            del self.fields["guardian_consent"]

    def clean(self):
        cleaned = super().clean()
        if self.minor:
            if not (cleaned.get("guardian_name") or "").strip():
                self.add_error("guardian_name", MSG_GUARDIAN_NAME_REQUIRED)
            if not cleaned.get("guardian_consent"):
                self.add_error("guardian_consent", MSG_GUARDIAN_CONSENT_REQUIRED)
        return cleaned


def _guardian_consent_label():
    return _(
        "I have the written consent of this parent or legal representative to the "
        "processing of the child's personal data under the personal data policy "
        "(version %(version)s)."
    ) % {"version": settings.LMS_CONSENT_POLICY_VERSION}


class GuardianFieldsMixin(forms.Form):
    guardian_name = forms.CharField(
        label=_("Full name of the parent or legal representative"),
        max_length=200,
        error_messages={"required": MSG_GUARDIAN_NAME_MISSING},
    )
    guardian_consent = forms.BooleanField(
        label=lazy(_guardian_consent_label, str)(),
        error_messages={"required": MSG_GUARDIAN_CONSENT_MISSING},
        help_text=_(
            "Keep the signed consent at the front office. Do not upload it or any "
            "identity document."
        ),
    )


class MinorRegistrationForm(GuardianFieldsMixin, forms.Form):
    """A child under 14, registered by an admin of their region."""

    field_order = [
        "full_name",
        "email",
        "date_of_birth",
        "region",
        "organization_kind",
        "preferred_language",
        "guardian_name",
        "guardian_consent",
    ]

    full_name = forms.CharField(label=_("Full name of the child"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "The child's or the parent's: the invitation to choose a password goes "
            "there, and it is the login."
        ),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    region = RegionChoiceField(label=_("Region"))
    organization_kind = forms.ChoiceField(
        label=_("Where does the child volunteer?"),
        choices=[("", _("Not part of an organisation"))] + OrganizationKind.choices,
        required=False,
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[
            (code, get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ],
    )

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user=viewer)
        regions = region_list()
        if not scope.everything:
            regions = regions.filter(pk__in=sorted(scope.region_ids))
        self.fields["region"].queryset = regions
        if len(scope.region_ids) == 1 and not scope.everything:
            self.fields["region"].initial = next(iter(scope.region_ids))
        self.order_fields(self.field_order)


class GuardianConsentForm(GuardianFieldsMixin, forms.Form):
    """A guardian's consent to the current policy version, recorded by an admin for a
    minor of their region (found by e-mail)."""

    field_order = ["email", "guardian_name", "guardian_consent"]

    email = forms.EmailField(
        label=_("E-mail of the child"),
        help_text=_("They must have an account and be in your region."),
    )

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.order_fields(self.field_order)

    def clean_email(self):
        return managed_person_email_clean(self, erased_at__isnull=True)
