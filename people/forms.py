"""Forms for sign-up, the profile and erasure."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import OrganizationKind, Region, User
from .selectors import region_list, region_sort
from .services import MSG_GUARDIAN_CONSENT_REQUIRED, MSG_GUARDIAN_NAME_REQUIRED

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class RegionChoiceIterator(forms.models.ModelChoiceIterator):
    """The regions in the active language's alphabetical order (region_sort)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for region in region_sort(self.queryset):
            yield self.choice(region)


class RegionChoiceField(forms.ModelChoiceField):
    """A select of regions named and ordered in the active language."""

    iterator = RegionChoiceIterator

    def __init__(self, queryset=None, **kwargs):
        super().__init__(region_list() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: Region) -> str:
        return obj.name


def _consent_label():
    return format_html(
        _(
            "I consent to the processing of my personal data as described in the "
            '<a href="{}">personal data policy</a> (version {}).'
        ),
        reverse_lazy("people:privacy"),
        settings.LMS_CONSENT_POLICY_VERSION,
    )


class LanguageSelect(forms.Select):
    """A choice of languages, each option marked as written in its language (lang),
    so that screen readers say its name right."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ProfileFieldsMixin(forms.Form):
    """Fields shared by sign-up and the profile page."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should appear on your certificates."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    region = RegionChoiceField(label=_("Region"))
    organization_kind = forms.ChoiceField(
        label=_("Where do you volunteer or work?"),
        choices=[("", _("I am not part of an organisation"))]
        + OrganizationKind.choices,
        required=False,
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"
        ),
        help_text=_("Some courses have a minimum age set by law."),
    )
    # Each language named in itself, so a learner finds theirs whatever the page's.
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[
            (code, get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ],
        widget=LanguageSelect,
    )

    def _setup_profile_fields(self) -> None:
        self.fields["region"].queryset = region_list()


class SignupForm(ProfileFieldsMixin, AllauthSignupForm):
    """allauth's sign-up (e-mail and password) plus the profile and consent."""

    field_order = [
        "email",
        "full_name",
        "password1",
        "password2",
        "region",
        "organization_kind",
        "date_of_birth",
        "preferred_language",
        "consent",
        "guardian_name",
        "guardian_consent",
    ]

    consent = forms.BooleanField(
        label=lazy(_consent_label, SafeString)(), required=True
    )
    guardian_name = forms.CharField(
        label=_("Full name of your parent or legal representative"),
        max_length=200,
        required=False,
        help_text=_("Only for learners under 18."),
    )
    guardian_consent = forms.BooleanField(
        label=_(
            "My parent or legal representative consents to the processing of my personal data."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()
        if not self.is_bound:
            from django.utils import translation

            self.fields["preferred_language"].initial = translation.get_language()
        self.order_fields(self.field_order)

    def clean_date_of_birth(self):
        # The service checks this again in save(), but allauth cannot show an error
        # raised there (it becomes a server error), so the form applies the same rule.
        from .services.profile import _birth_date_validate, _self_signup_age_validate

        date_of_birth = self.cleaned_data["date_of_birth"]
        try:
            _birth_date_validate(date_of_birth)
            _self_signup_age_validate(date_of_birth)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return date_of_birth

    def clean(self):
        cleaned = super().clean()
        from .services.profile import ADULT_AGE, _age

        age = _age(cleaned.get("date_of_birth"))
        if age is not None and age < ADULT_AGE:
            if not (cleaned.get("guardian_name") or "").strip():
                self.add_error("guardian_name", MSG_GUARDIAN_NAME_REQUIRED)
            if not cleaned.get("guardian_consent"):
                self.add_error("guardian_consent", MSG_GUARDIAN_CONSENT_REQUIRED)
        return cleaned

    def save(self, request) -> User:
        from .services import user_signup_complete

        with transaction.atomic():
            user = super().save(request)
            try:
                user_signup_complete(
                    user=user,
                    full_name=self.cleaned_data["full_name"],
                    region=self.cleaned_data["region"],
                    organization_kind=self.cleaned_data["organization_kind"],
                    date_of_birth=self.cleaned_data["date_of_birth"],
                    preferred_language=self.cleaned_data["preferred_language"],
                    consent=self.cleaned_data["consent"],
                    guardian_name=self.cleaned_data.get("guardian_name", ""),
                    guardian_consent=self.cleaned_data.get("guardian_consent", False),
                )
            except ValidationError as exc:
                # Unreachable when clean() ran; kept so a rule change never half-creates a user.
                raise forms.ValidationError(exc.messages) from exc
        return user


class ProfileForm(ProfileFieldsMixin, forms.Form):
    """The learner's own profile."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()
        self.fields["date_of_birth"].required = False


class ErasureRequestForm(forms.Form):
    """Confirms an erasure request (the password is asked by the re-authentication
    of sensitive actions, people.access)."""

    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted."),
    )


# Hand-overs
# ------------------------------------------------------------------------------


class HandoverChecklistForm(forms.Form):
    """The leaver's notes for the successor and the matters left open."""

    notes = forms.CharField(
        label=_("Notes for the successor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the successor needs to know to carry on the work."),
    )
    open_matters = forms.CharField(
        label=_("Open matters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Unfinished business, promises made, deadlines coming up."),
    )


class HandoverContactForm(forms.Form):
    """One contact of a volunteer organisation or initiative group (an empty row is
    skipped; tick "remove" to drop one)."""

    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Organisation or group"), max_length=255)
    contact_person = forms.CharField(
        label=_("Contact person"), max_length=200, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


HandoverContactFormSet = forms.formset_factory(
    HandoverContactForm, extra=2, can_delete=True
)


class HandoverPersonForm(forms.Form):
    """Who takes over (the successor, or a stand-in), found by e-mail among the people
    `viewer` may see, and from when."""

    email = forms.EmailField(
        label=_("E-mail of the person"),
        help_text=_("They must have an account and be in your region."),
    )
    date = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today when empty."),
    )

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_email(self):
        return managed_person_email_clean(self, is_active=True)


def managed_person_email_clean(form: forms.Form, **filters) -> str:
    """A form's `email` field naming a person its `viewer` manages (and matching
    `filters`): the person goes into cleaned_data["person"]."""
    from .selectors import user_managed_by_email

    email = form.cleaned_data["email"]
    person = user_managed_by_email(viewer=form.viewer, email=email, **filters)
    if person is None:
        raise ValidationError(
            _("Nobody with this e-mail address is among the people you manage.")
        )
    form.cleaned_data["person"] = person
    return email
