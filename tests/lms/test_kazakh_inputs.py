"""Kazakh input formats and the Wagtail admin's languages.

Every date a person types on the site is accepted as dd.mm.yyyy on kk pages (a phone
without a date picker, or a browser that shows a text box), whatever form it is in:
the test walks every form class of our apps rather than a list kept by hand. The
Wagtail admin has no Kazakh catalogue, so editors are offered ru and en for its
interface while the content they edit can be in kk.
"""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

OUR_APPS = (
    "core",
    "people",
    "courses",
    "assessments",
    "certificates",
    "scheduling",
    "reports",
    "lms",
)


def _forms_modules():
    for label in OUR_APPS:
        package = apps.get_app_config(label).module
        for name in ("forms",):
            try:
                module = importlib.import_module(f"{package.__name__}.{name}")
            except ModuleNotFoundError:
                continue
            yield module
            if hasattr(module, "__path__"):
                for info in pkgutil.iter_modules(module.__path__):
                    yield importlib.import_module(f"{module.__name__}.{info.name}")


def _date_fields():
    seen = set()
    for module in _forms_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in getattr(cls, "base_fields", {}).items():
                key = (cls.__module__, cls.__name__, field_name)
                if key in seen:
                    continue
                if isinstance(field, (forms.DateField, forms.DateTimeField)):
                    seen.add(key)
                    yield pytest.param(field, id=".".join(key))


DATE_FIELDS = list(_date_fields())


def test_the_walk_finds_the_date_fields_of_our_forms():
    """Guards the walk itself: the sign-up, hand-over, audit and session forms have
    dates."""
    assert len(DATE_FIELDS) >= 4


def _typed(field, date_text: str) -> str:
    """What a person types: the date, and a time when the field holds one."""
    return f"{date_text} 18:00" if isinstance(field, forms.DateTimeField) else date_text


def _picked(field) -> str:
    """What the browser's date (or date and time) picker sends."""
    if not isinstance(field, forms.DateTimeField):
        return "2026-12-07"
    local = field.widget.attrs.get("type") == "datetime-local"
    return "2026-12-07T18:00" if local else "2026-12-07 18:00"


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@pytest.mark.parametrize("field", DATE_FIELDS)
def test_every_date_field_accepts_day_month_year_with_dots_in_kazakh(field):
    with translation.override("kk"):
        value = field.clean(_typed(field, "07.12.2026"))
    assert _day(value) == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("field", DATE_FIELDS)
def test_every_date_field_still_accepts_what_a_date_picker_sends(field):
    with translation.override("kk"):
        value = field.clean(_picked(field))
    assert _day(value) == datetime.date(2026, 12, 7)


def test_kazakh_short_date_is_day_month_year_with_dots():
    from django.utils import formats

    with translation.override("kk"):
        shown = formats.date_format(datetime.date(2026, 12, 7), "SHORT_DATE_FORMAT")
    assert shown == "07.12.26"


def test_the_wagtail_admin_offers_editors_russian_and_english():
    from wagtail.admin.localization import get_available_admin_languages

    assert [code for code, _name in get_available_admin_languages()] == ["ru", "en"]


def test_content_can_be_written_in_kazakh_in_the_wagtail_admin():
    assert "kk" in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
