"""Quiz results and question statistics in the Wagtail admin, and the CSV export.

Included by assessments/wagtail_hooks.py under admin/assessments/results/ (namespace
"assessments_results"). Access: the assessments.view_quizattempt permission (editors,
national admins, superusers); the rows are those of learners in the viewer's scope
(people.selectors.learner_scope_q). Wagtail sends a user without admin access to the
admin login before these views run; an admin user without the permission gets a 403.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button, HeaderButton

from core.spreadsheet import safe_cell

from ..models import QuizAttempt, QuizPage
from ..selectors.results import (
    DISCRIMINATION_MIN,
    FACILITY_HIGH,
    FACILITY_LOW,
    quiz_question_stats,
    quiz_results,
    quiz_results_list,
    results_scope_label,
)

PERMISSION = "assessments.view_quizattempt"
PER_PAGE = 50
# Excel opens a UTF-8 file as UTF-8 (and shows Cyrillic) only when it starts with a BOM.
BOM = "\ufeff"


class ResultsAccessMixin:
    """Answers 403 (not Wagtail's redirect to the dashboard) without the permission."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(
                request,
                "assessments/admin/results_forbidden.html",
                {"page_title": _("Access denied"), "header_title": _("Access denied")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class QuizResultsIndexView(ResultsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Quiz results")
    header_icon = "table"
    template_name = "assessments/admin/results_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = quiz_results_list(viewer=self.request.user)
        context["entries"] = Paginator(entries, PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context["scope"] = results_scope_label(viewer=self.request.user)
        return context


class QuizResultsView(ResultsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    template_name = "assessments/admin/results.html"

    @cached_property
    def quiz(self) -> QuizPage:
        return get_object_or_404(QuizPage, pk=self.kwargs["quiz_id"])

    def get_page_title(self):
        return _("Results: %(quiz)s") % {"quiz": self.quiz.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("assessments_results:index"), "label": _("Quiz results")},
            {"url": "", "label": self.quiz.title},
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Download CSV"),
                url=reverse("assessments_results:export", args=[self.quiz.pk]),
                icon_name="download",
            ),
            HeaderButton(
                _("Edit quiz"),
                url=reverse("wagtailadmin_pages:edit", args=[self.quiz.pk]),
                icon_name="edit",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewer = self.request.user
        results = quiz_results(quiz=self.quiz, viewer=viewer)
        context.update(
            quiz=self.quiz,
            summary=results.summary,
            attempts=Paginator(results.attempts, PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
            questions=quiz_question_stats(quiz=self.quiz, viewer=viewer),
            scope=results_scope_label(viewer=viewer),
            facility_low=FACILITY_LOW,
            facility_high=FACILITY_HIGH,
            discrimination_min=DISCRIMINATION_MIN,
        )
        return context


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer to stream
    (https://docs.djangoproject.com/en/5.2/howto/outputting-csv/#streaming-large-csv-files)."""

    def write(self, value: str) -> str:
        return value


_cell = safe_cell


class QuizResultsExportView(ResultsAccessMixin, View):
    """Streams the submitted attempts as CSV (UTF-8 with BOM), one row per attempt."""

    def get(self, request, quiz_id: int):
        quiz = get_object_or_404(QuizPage, pk=quiz_id)
        attempts = quiz_results(quiz=quiz, viewer=request.user).attempts
        # The response streams after the view returns, outside the admin's language
        # and time zone: take the labels, language and zone now.
        header = [
            _("Learner"),
            _("E-mail"),
            _("Region"),
            _("Attempt"),
            _("Language"),
            _("Started"),
            _("Submitted"),
            _("Closed by"),
            _("Score"),
            _("Max score"),
            _("Percent"),
            _("Passed"),
        ]
        closed_by = {value: str(label) for value, label in QuizAttempt.ClosedBy.choices}
        yes, no = _("Yes"), _("No")
        language = (translation.get_language() or "ru")[:2]
        zone = timezone.get_current_timezone()

        def moment(value: datetime.datetime | None) -> str:
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

        def number(value: Decimal | None) -> str:
            return "" if value is None else str(value)

        def region_name(region) -> str:
            if region is None:
                return ""
            return getattr(region, f"name_{language}", "") or region.name_ru

        def rows() -> Iterator[list[str]]:
            yield header
            for attempt in attempts.iterator(chunk_size=500):
                learner = attempt.learner
                yield [
                    _cell(learner.full_name),
                    _cell(learner.email),
                    _cell(region_name(learner.region)),
                    str(attempt.number),
                    attempt.language,
                    moment(attempt.started_at),
                    moment(attempt.submitted_at),
                    closed_by.get(attempt.closed_by, attempt.closed_by),
                    number(attempt.score),
                    number(attempt.max_score),
                    number(attempt.percent),
                    yes if attempt.passed else no,
                ]

        def lines() -> Iterator[str]:
            writer = csv.writer(_Echo())
            for index, row in enumerate(rows()):
                line = writer.writerow(row)
                yield BOM + line if index == 0 else line

        filename = f"quiz-results-{quiz.slug}-{timezone.localdate().isoformat()}.csv"
        return StreamingHttpResponse(
            lines(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


quiz_results_index_view = QuizResultsIndexView.as_view()
quiz_results_view = QuizResultsView.as_view()
quiz_results_export_view = QuizResultsExportView.as_view()

urlpatterns = [
    path("", quiz_results_index_view, name="index"),
    path("<int:quiz_id>/", quiz_results_view, name="quiz"),
    path("<int:quiz_id>/export.csv", quiz_results_export_view, name="export"),
]


# Menu item and page buttons (registered as hooks in assessments/wagtail_hooks.py)
# ------------------------------------------------------------------------------


class QuizResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        gettext_lazy("Quiz results"),
        reverse_lazy("assessments_results:index"),
        name="quiz-results",
        icon_name="table",
        order=310,
    )


def _is_quiz(page) -> bool:
    page_class = page.specific_class
    return page_class is not None and issubclass(page_class, QuizPage)


def _results_button(page, priority: int) -> Button:
    return Button(
        _("Results"),
        reverse("assessments_results:quiz", args=[page.pk]),
        icon_name="table",
        attrs={"title": _("Results of this quiz")},
        priority=priority,
    )


def quiz_results_page_header_button(page, user, view_name, next_url=None):
    if _is_quiz(page) and user.has_perm(PERMISSION):
        yield _results_button(page, priority=75)


def quiz_results_page_listing_button(page, user, next_url=None):
    if _is_quiz(page) and user.has_perm(PERMISSION):
        yield _results_button(page, priority=55)
