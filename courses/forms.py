"""Forms of the learning area."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.selectors import region_list, region_sort, user_scope

from .models import CoursePage, ProgramPage


class CatalogSearchForm(forms.Form):
    """The catalogue's search box (GET)."""

    q = forms.CharField(label=_("Search courses"), required=False, max_length=100)

    def query(self) -> str:
        """The words searched for; empty when none (or too long: the whole catalogue)."""
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class LearnerSearchForm(forms.Form):
    """The learner list's search box (GET): a part of a name or an e-mail address."""

    q = forms.CharField(
        label=_("Find by name or e-mail"), required=False, widget=forms.SearchInput
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def query(self) -> str:
        """The text searched for; empty when none."""
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class OverdueFilterForm(forms.Form):
    """The overdue list's region filter (GET): the regions in the viewer's scope."""

    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, viewer, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        regions = region_list()
        scope = user_scope(user=viewer)
        if not scope.everything:
            regions = regions.filter(pk__in=sorted(scope.region_ids))
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((region.pk, region.name) for region in region_sort(regions)),
        ]

    def region_id(self) -> int | None:
        """The region chosen; None for all (or an invalid choice)."""
        return self.cleaned_data.get("region") if self.is_valid() else None


class AssignForm(forms.Form):
    """An admin assigns a course or program to a learner with a due date."""

    target = forms.ChoiceField(label=_("Course or program"))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirm = forms.BooleanField(
        label=_("Assign anyway"),
        required=False,
        help_text=_("They cannot start it yet: see what is missing above."),
    )

    def __init__(self, *args, confirm: bool = False, **kwargs):
        """`confirm`: with the "Assign anyway" box, shown once the person turns out
        not to meet a course's rules (courses.views.learner_assign)."""
        super().__init__(*args, **kwargs)
        if not confirm:
            del self.fields["confirm"]
        programs = (
            ProgramPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )
        courses = (
            CoursePage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )
        self.pages = {str(p.pk): p for p in [*programs, *courses]}
        self.fields["target"].choices = [
            (_("Programs"), [(str(p.pk), p.title) for p in programs]),
            (_("Courses"), [(str(c.pk), c.title) for c in courses]),
        ]

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due

    def clean_target(self):
        return self.pages[self.cleaned_data["target"]]
