"""Forms of the admins' and trainers' pages: the list's filters, a session with its
days (a formset), the reasons for cancelling and refusing, and finding a person to
register."""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.selectors import course_and_program_choices
from people.models import OrganizationKind, User
from people.roles import Role
from people.selectors import (
    position_list_active,
    region_list,
    region_sort,
    user_list_visible,
    user_scope,
)

from ..models import SessionKind, SessionStatus, TrainingSession
from ..services import DaySpec

NATIONAL = "national"
TRAINER_ROLES = [Role.MENTOR, Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN]


def _region_choices(viewer: User, *, empty: str, national: str | None):
    regions = region_list()
    scope = user_scope(user=viewer)
    if not scope.everything:
        regions = regions.filter(pk__in=sorted(scope.region_ids))
    choices = [("", empty)] if empty else []
    if national and scope.everything:
        choices.append((NATIONAL, national))
    return [*choices, *((str(r.pk), r.name) for r in region_sort(regions))]


class SessionFilterForm(forms.Form):
    """The manage list's filters: region (in scope), kind, status and period."""

    PERIODS = [
        ("upcoming", _("Upcoming and current")),
        ("past", _("Past")),
        ("all", _("All")),
    ]

    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *SessionKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *SessionStatus.choices],
    )
    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIODS)

    def __init__(self, *args, viewer: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices(
            viewer, empty=_("All regions"), national=_("National sessions")
        )

    def filter(self, sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
        """`sessions` narrowed by the valid filters, in the period's order."""
        data = self.cleaned_data if self.is_valid() else {}
        region = data.get("region")
        if region == NATIONAL:
            sessions = sessions.filter(region__isnull=True)
        elif region:
            sessions = sessions.filter(region_id=int(region))
        if kind := data.get("kind"):
            sessions = sessions.filter(kind=kind)
        if status := data.get("status"):
            sessions = sessions.filter(status=status)
        period = data.get("period") or "upcoming"
        now = timezone.now()
        if period == "upcoming":
            return sessions.filter(
                Q(ends_at__gte=now) | Q(ends_at__isnull=True)
            ).order_by("starts_at", "pk")
        if period == "past":
            sessions = sessions.filter(ends_at__lt=now)
        return sessions.order_by("-starts_at", "-pk")


class SessionForm(forms.ModelForm):
    """A session's fields as the services take them (the days are a formset)."""

    region = forms.ChoiceField(label=_("Region"))
    audience_roles = forms.MultipleChoiceField(
        label=_("Audience: roles"),
        required=False,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone."),
    )
    audience_organization_kinds = forms.MultipleChoiceField(
        label=_("Audience: organisation kinds"),
        required=False,
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any."),
    )
    course_key = forms.TypedChoiceField(
        label=_("Course or program"),
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        help_text=_(
            "Attending every day of the session completes its course's "
            "“attend a session” items."
        ),
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline (Almaty time)"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )

    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "title_ru",
            "title_kk",
            "title_en",
            "description",
            "venue",
            "meeting_url",
            "capacity",
            "waitlist",
            "registration_deadline",
            "approval_required",
        ]
        labels = {
            "title_ru": _("Session title in Russian"),
            "title_kk": _("Session title in Kazakh"),
            "title_en": _("Session title in English"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "venue": forms.Textarea(attrs={"rows": 2}),
        }

    meeting_url = forms.URLField(
        label=_("Meeting link"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, viewer: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices(
            viewer, empty="", national=_("National (every region)")
        )
        self.fields["kind"].choices = SessionKind.choices  # no empty choice
        self.fields["course_key"].choices = [
            ("", _("None")),
            *((str(key), title) for key, title in course_and_program_choices()),
        ]
        if self.instance.pk:
            self.initial["region"] = (
                str(self.instance.region_id) if self.instance.region_id else NATIONAL
            )
            self.initial["audience_roles"] = self.instance.audience_roles
            self.initial["audience_organization_kinds"] = (
                self.instance.audience_organization_kinds
            )
            self.initial["trainers"] = list(self.instance.trainers.all())
            if self.instance.course_key:
                self.initial["course_key"] = str(self.instance.course_key)
        trainer_ids = (
            position_list_active().filter(role__in=TRAINER_ROLES).values("user_id")
        )
        self.fields["trainers"].queryset = (
            user_list_visible(viewer=viewer)
            .filter(pk__in=trainer_ids, is_active=True)
            .order_by("full_name", "pk")
        )
        self.order_fields(
            [
                "kind",
                "title_ru",
                "title_kk",
                "title_en",
                "region",
                "description",
                "course_key",
            ]
        )

    def service_fields(self) -> dict:
        """The cleaned fields as session_create and session_update take them."""
        data = dict(self.cleaned_data)
        region = data.pop("region")
        data.pop("trainers", None)
        data["region"] = (
            None if region == NATIONAL else region_list().get(pk=int(region))
        )
        return data


class DayForm(forms.Form):
    """One day of a session: the date and its Almaty times."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts = forms.TimeField(
        label=_("Starts (Almaty time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends = forms.TimeField(
        label=_("Ends (Almaty time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise forms.ValidationError(_("A day must end after it starts."))
        return data


DayFormSet = forms.formset_factory(
    DayForm, extra=2, can_delete=True, min_num=1, validate_min=True
)


def day_specs(formset) -> list[DaySpec]:
    """The days a valid formset holds (deleted and empty rows left out)."""
    return [
        DaySpec(
            date=form.cleaned_data["date"],
            starts=form.cleaned_data["starts"],
            ends=form.cleaned_data["ends"],
        )
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def day_initial(session: TrainingSession) -> list[dict]:
    """A session's days as the formset's initial rows (Almaty times)."""
    rows = []
    for day in session.days.all():
        starts = timezone.localtime(day.starts_at)
        ends = timezone.localtime(day.ends_at)
        rows.append({"date": day.date, "starts": starts.time(), "ends": ends.time()})
    return rows


class ReasonForm(forms.Form):
    """A reason (for cancelling a session or refusing a request)."""

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PersonSearchForm(forms.Form):
    """Find a person in scope to register, by e-mail or name."""

    q = forms.CharField(label=_("E-mail or name"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def results(self, *, viewer: User, limit: int = 20) -> list[User]:
        query = (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
        if len(query) < 2:
            return []
        return list(
            user_list_visible(viewer=viewer)
            .filter(
                Q(email__icontains=query) | Q(full_name__icontains=query),
                is_active=True,
            )
            .order_by("full_name", "pk")[:limit]
        )


class PersonForm(forms.Form):
    """The person an admin registers (one of those they may see)."""

    person = forms.ModelChoiceField(queryset=User.objects.none())

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = user_list_visible(viewer=viewer).filter(
            is_active=True
        )
