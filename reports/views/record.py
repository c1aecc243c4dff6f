"""The learner record (transcript): an admin's view of one person in their scope, and
a person's view of their own; each printable and exported as CSV and XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from people.models import User

from ..record_tables import record_csv_table, record_tables
from ..selectors import learner_record_get, learner_record_own
from ..tables import csv_response, xlsx_response


def _record(request, pk: int):
    """The record for an admin (403 for anyone without reports, 404 out of scope)."""
    try:
        return learner_record_get(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def _render(request, record, *, admin: bool):
    return render(
        request,
        "reports/learner_record.html",
        {"record": record, "learner": record.learner, "admin": admin},
    )


@login_required
def learner_record(request, pk: int):
    return _render(request, _record(request, pk), admin=True)


@login_required
def learner_record_csv(request, pk: int):
    tables = record_tables(_record(request, pk))
    return csv_response(record_csv_table(tables), f"record-{pk}")


@login_required
def learner_record_xlsx(request, pk: int):
    tables = record_tables(_record(request, pk))
    return xlsx_response(tables, f"record-{pk}")


@login_required
def my_record(request):
    return _render(request, learner_record_own(user=request.user), admin=False)


@login_required
def my_record_csv(request):
    tables = record_tables(learner_record_own(user=request.user))
    return csv_response(record_csv_table(tables), "my-record")


@login_required
def my_record_xlsx(request):
    tables = record_tables(learner_record_own(user=request.user))
    return xlsx_response(tables, "my-record")
