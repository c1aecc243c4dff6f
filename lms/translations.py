"""Out-of-date translations in the Wagtail admin (core.translations.staleness says
which are): the report "Out-of-date translations" (Reports menu) per language, a flag
on each such page in the page listings, and a warning when an editor opens the
translation or its source. Registered by lms/wagtail_hooks.py; the report is at
admin/translations/out-of-date/ (name "lms_translations_out_of_date").

Access: anyone who may submit translations (wagtail_localize.submit_translation:
editors, national admins, superusers); others get a 403.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.models import Page
from wagtail_localize.models import get_edit_url

from core.translations import pages_out_of_date, translations_out_of_date

PERMISSION = "wagtail_localize.submit_translation"
PER_PAGE = 50
URL_NAME = "lms_translations_out_of_date"


def _language_choices() -> list[tuple[str, str]]:
    return [
        (code, name)
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]


class LanguageFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=lambda: [("", _("All languages")), *_language_choices()],
    )


class OutOfDateTranslationsView(WagtailAdminTemplateMixin, TemplateView):
    """The report: every translation whose source changed after it, per language."""

    page_title = gettext_lazy("Out-of-date translations")
    header_icon = "warning"
    template_name = "lms/admin/translations_out_of_date.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = LanguageFilterForm(self.request.GET or None)
        language = form.cleaned_data["language"] if form.is_valid() else ""
        names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        rows = [
            {
                "item": item,
                "language": names.get(item.language, item.language),
                "kind": type(item.target)._meta.verbose_name,
                "is_page": isinstance(item.target, Page),
                "edit_url": get_edit_url(item.target),
                "source_edit_url": get_edit_url(item.source),
                "sync_url": reverse(
                    "wagtail_localize:update_translations",
                    args=[item.source_snapshot_id],
                ),
            }
            for item in translations_out_of_date(language=language or None)
        ]
        context["form"] = form
        context["rows"] = Paginator(rows, PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return context


out_of_date_translations_view = OutOfDateTranslationsView.as_view()

urlpatterns = [
    path(
        "translations/out-of-date/",
        out_of_date_translations_view,
        name=URL_NAME,
    ),
]


class OutOfDateTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def register_reports_menu_item():
    return OutOfDateTranslationsMenuItem(
        gettext_lazy("Out-of-date translations"),
        reverse(URL_NAME),
        name="out-of-date-translations",
        icon_name="warning",
        order=9010,
    )


def _languages(codes) -> str:
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    return ", ".join(str(names.get(code, code)) for code in codes)


def page_listing_buttons(page, user, next_url=None):
    """A flag on a page whose translation is out of date (to its translation editor)
    and on a source with out-of-date translations (to the report): from the memo,
    no query per row."""
    stale = pages_out_of_date()
    if page.pk in stale.targets:
        yield ListingButton(
            _("Translation out of date"),
            get_edit_url(page),
            icon_name="warning",
            attrs={
                "title": _("Its source changed after it was translated."),
                "data-translation-out-of-date": "",
            },
            priority=5,
        )
    languages = stale.sources.get(page.pk)
    if languages and user.has_perm(PERMISSION):
        yield ListingButton(
            _("Translations out of date: %(languages)s")
            % {"languages": _languages(languages)},
            reverse(URL_NAME),
            icon_name="warning",
            attrs={"data-translations-out-of-date": ""},
            priority=6,
        )


def warn_out_of_date_translation(request, page):
    """On opening a page in the editor (a translation opens in wagtail-localize's
    editor, which shows these messages too): say that it is out of date, or that it
    is a source whose translations are."""
    if request.method != "GET":
        return
    stale = pages_out_of_date()
    source_id = stale.targets.get(page.pk)
    if source_id is not None:
        messages.warning(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "This translation is out of date: its source changed after it "
                    "was translated. Sync the source's translations, translate what "
                    "changed and publish."
                ),
                reverse("wagtailadmin_pages:edit", args=[source_id]),
                _("Open the source"),
            ),
        )
    languages = stale.sources.get(page.pk)
    if languages:
        messages.info(
            request,
            _("Translations of this page are out of date: %(languages)s.")
            % {"languages": _languages(languages)},
        )
