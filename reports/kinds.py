"""The reports one may subscribe to, by name (models.ReportKind): for each, its
filter form, how it is built for a viewer, its page and its file. A new report plugs
in with a ReportKind value and an entry of REPORTS; subscriptions, their page and
their e-mail know nothing else of it.

A report's filter form is bound to a querystring and takes `viewer=` and `regions=`
(the regions offered; None: the viewer's scope) and has `filters()`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format

from people.selectors import region_list

from . import exports
from .forms import DashboardFilterForm
from .models import ReportKind, ReportSubscription
from .selectors import completion_dashboard, report_subscription_list
from .tables import Table

if TYPE_CHECKING:
    from people.models import User


@dataclasses.dataclass(frozen=True)
class ReportTable:
    """A report built for a viewer: its number of rows (the totals aside) and its
    table (reports.tables.Table: header, rows, totals), made in the active language
    when called."""

    rows: int
    table: Callable[[], Table]


@dataclasses.dataclass(frozen=True)
class SubscribableReport:
    """What subscriptions need of a report: the form that validates its filters,
    `build(viewer=, filters=)` limited to the viewer's scope, the URL name of its
    page, and the file name of its XLSX (the sheet is the table's title)."""

    form_class: type[forms.Form]
    build: Callable[..., ReportTable]
    url_name: str
    filename: str


def _completion_build(*, viewer: User, filters) -> ReportTable:
    rows, total = completion_dashboard(viewer=viewer, filters=filters)
    return ReportTable(
        rows=len(rows), table=lambda: exports.dashboard_table(rows, total)
    )


REPORTS: dict[str, SubscribableReport] = {
    ReportKind.COMPLETION: SubscribableReport(
        form_class=DashboardFilterForm,
        build=_completion_build,
        url_name="reports:dashboard",
        filename="completion",
    ),
}


def report_filter_form(
    *, report: str, query: str, viewer: User, scoped: bool = True
) -> forms.Form:
    """The report's filter form bound to `query`. `scoped`: only the regions in
    the viewer's scope are valid (subscribing); else every region is (reading a
    subscription back: a region no longer in scope then filters to no rows)."""
    regions = None if scoped else list(region_list())
    return REPORTS[report].form_class(QueryDict(query), viewer=viewer, regions=regions)


def report_query_normalise(form: forms.Form) -> str:
    """The querystring of a valid filter form's values, in its fields' order and
    without the empty ones: two ways of writing the same filters make one string."""
    pairs = []
    for name in form.fields:
        value = form.cleaned_data.get(name)
        if value is None or value == "":
            continue
        pairs.append(
            (name, value.isoformat() if hasattr(value, "isoformat") else value)
        )
    return urlencode(pairs)


def report_query_describe(*, form: forms.Form, query: str) -> list[tuple[str, str]]:
    """The filters of `query` in words, (label, value) per filter set, in the active
    language, read with the choices of `form` (one form for many subscriptions, so
    describing them costs no query each)."""
    data = QueryDict(query)
    described = []
    for name, field in form.fields.items():
        value = data.get(name)
        if not value:
            continue
        if isinstance(field, forms.ChoiceField):
            shown = {str(key): label for key, label in field.choices}.get(value, value)
        elif isinstance(field, forms.DateField):
            try:
                shown = date_format(field.clean(value), "DATE_FORMAT")
            except forms.ValidationError:
                shown = value
        else:
            shown = value
        described.append((str(field.label), str(shown)))
    return described


@dataclasses.dataclass(frozen=True)
class DescribedSubscription:
    """A subscription as its page and e-mail show it: the report's address with
    its filters, and the filters in words."""

    subscription: ReportSubscription
    url: str
    filters: list[tuple[str, str]]


def report_url(subscription: ReportSubscription) -> str:
    """The path of the subscription's report page, with its filters."""
    path = reverse(REPORTS[subscription.report].url_name)
    return f"{path}?{subscription.query}" if subscription.query else path


def report_subscription_describe(
    subscriptions: Iterable[ReportSubscription], *, viewer: User
) -> list[DescribedSubscription]:
    """Each subscription with its report's address and its filters in words (one
    filter form per kind of report, whatever the number of subscriptions)."""
    forms_by_report: dict[str, Any] = {}
    described = []
    for subscription in subscriptions:
        if subscription.report not in forms_by_report:
            forms_by_report[subscription.report] = report_filter_form(
                report=subscription.report, query="", viewer=viewer, scoped=False
            )
        described.append(
            DescribedSubscription(
                subscription=subscription,
                url=report_url(subscription),
                filters=report_query_describe(
                    form=forms_by_report[subscription.report],
                    query=subscription.query,
                ),
            )
        )
    return described


def report_subscription_list_described(*, user: User) -> list[DescribedSubscription]:
    """`user`'s active subscriptions, described (for their page)."""
    return report_subscription_describe(
        report_subscription_list(user=user), viewer=user
    )
