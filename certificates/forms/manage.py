"""Forms of the certificate pages for admins of learners: the list's filters and the
revocation (with its reason)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n import active_language
from people.selectors import region_list, region_sort, user_scope

from ..codes import code_normalize
from ..models import Certificate, CertificateRule
from ..selectors import Status, certificate_status_q
from ..services import MSG_REASON_REQUIRED


def certified_course_choices() -> list[tuple[str, str]]:
    """(translation_key, title) of every course and program with a certificate rule,
    titled in the active language where translated (one query)."""
    keys = CertificateRule.objects.values("page__translation_key")
    language = active_language()
    titles: dict[str, str] = {}
    for key, code, title in Page.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "locale__language_code", "title"
    ):
        if code == language or str(key) not in titles:
            titles[str(key)] = title
    return sorted(titles.items(), key=lambda item: item[1].lower())


class CertificateFilterForm(forms.Form):
    """The list's filters: status, region, course, and a holder's name or number."""

    q = forms.CharField(
        label=_("Holder's name or certificate number"), required=False, max_length=200
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Status.LABELS.items()],
    )
    region = forms.TypedChoiceField(
        label=_("Region"), required=False, coerce=int, empty_value=None
    )
    course = forms.ChoiceField(label=_("Course or program"), required=False)

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
        self.fields["course"].choices = [
            ("", _("All courses")),
            *certified_course_choices(),
        ]

    def filter(self, certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
        """`certificates` narrowed by the valid filters (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        if query := (data.get("q") or "").strip():
            match = Q(holder_name__icontains=query) | Q(
                learner__full_name__icontains=query
            )
            if code := code_normalize(query):
                match |= Q(code=code)
            certificates = certificates.filter(match)
        if status := data.get("status"):
            certificates = certificates.filter(certificate_status_q(status))
        if region := data.get("region"):
            certificates = certificates.filter(learner__region_id=region)
        if course := data.get("course"):
            certificates = certificates.filter(target_key=course)
        return certificates


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Recorded in the audit log with your name and the time. The holder's "
            "verification page shows the certificate revoked at once."
        ),
        error_messages={"required": MSG_REASON_REQUIRED},
    )
