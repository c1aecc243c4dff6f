"""`manage.py check --deploy` on production's settings finds nothing, in this process
(tests/lms/test_settings.py runs the command itself in a fresh one), and it catches
each weakening of what production sets: Django's security settings, and the upload
settings the platform checks (core.checks). CI runs bandit beside it (`make security`)."""

from __future__ import annotations

import importlib
import os
import secrets
import sys
from io import StringIO

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from tests.lms.test_settings import PRODUCTION_ENV

SETTINGS_MODULES = ("lms.settings.base", "lms.settings.production")
# Production values left out of the override: where this test process keeps its data
# and files, its apps, and how it logs and runs tasks.
KEEP = {
    "DATABASES",
    "INSTALLED_APPS",
    "LOGGING",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STATIC_ROOT",
    "TASKS",
    "PASSWORD_HASHERS",
    "EMAIL_BACKEND",
    "WAGTAILSEARCH_BACKENDS",
}


def _production_settings(monkeypatch, tmp_path) -> dict:
    """lms.settings.production's values under the environment production has, read
    afresh (base included) without disturbing the modules this process runs on."""
    for name, value in {
        **PRODUCTION_ENV,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("DJANGO_DEBUG", "LMS_CELERY_EAGER", "LMS_TRUSTED_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)
    package = sys.modules["lms.settings"]
    saved = {name: sys.modules.pop(name, None) for name in SETTINGS_MODULES}
    attributes = {name: getattr(package, name, None) for name in ("base", "production")}
    try:
        module = importlib.import_module("lms.settings.production")
        return {name: getattr(module, name) for name in dir(module) if name.isupper()}
    finally:
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
        for name, value in attributes.items():
            if value is None:
                vars(package).pop(name, None)
            else:
                setattr(package, name, value)


@pytest.fixture
def production(monkeypatch, tmp_path) -> dict:
    """What production sets differently from this test process."""
    values = _production_settings(monkeypatch, tmp_path)
    # What only the test settings set (SILENCED_SYSTEM_CHECKS...) is Django's default
    # in production.
    test_module = sys.modules[os.environ["DJANGO_SETTINGS_MODULE"]]
    for name in dir(test_module):
        if name.isupper() and name not in values and hasattr(global_settings, name):
            values[name] = getattr(global_settings, name)
    return {
        name: value
        for name, value in values.items()
        if name not in KEEP and getattr(django_settings, name, object()) != value
    }


def deploy_check(**tags) -> None:
    call_command("check", deploy=True, fail_level="WARNING", stdout=StringIO(), **tags)


def test_check_deploy_finds_nothing_in_production_settings(production):
    # What differs is what the check is about (the test settings relax it), and
    # nothing is silenced in production.
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SILENCED_SYSTEM_CHECKS"] == []

    with override_settings(**production):
        deploy_check()


WEAKENINGS = [
    ("SESSION_COOKIE_SECURE", False, "security.W012"),
    ("CSRF_COOKIE_SECURE", False, "security.W016"),
    ("SECURE_SSL_REDIRECT", False, "security.W008"),
    ("SECURE_HSTS_SECONDS", 0, "security.W004"),
    ("SECRET_KEY", "short", "security.W009"),
    ("DEBUG", True, "security.W018"),
    ("WAGTAILDOCS_SERVE_METHOD", "direct", "core.W003"),
    (
        "STORAGES",
        {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
        "core.W003",
    ),
    ("WAGTAILDOCS_EXTENSIONS", ["pdf", "html"], "core.W002"),
    ("WAGTAILDOCS_EXTENSIONS", None, "core.W002"),
    ("WAGTAILIMAGES_EXTENSIONS", ["png", "svg"], "core.W002"),
]


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    WEAKENINGS,
    ids=[f"{name}={value!r:.20}" for name, value, _id in WEAKENINGS],
)
def test_each_weakening_of_production_is_caught(production, name, value, check_id):
    with (
        override_settings(**{**production, name: value}),
        pytest.raises(SystemCheckError, match=check_id),
    ):
        deploy_check(tags=["security"])


def test_documents_left_in_the_public_media_folder_are_reported(production, settings):
    """Stored before documents were kept private: reachable by anyone wherever
    MEDIA_ROOT is served."""
    left = settings.MEDIA_ROOT / "documents" / "old" / "memo.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"%PDF-1.4\n")

    with (
        override_settings(**production),
        pytest.raises(SystemCheckError, match="core.W001"),
    ):
        deploy_check(tags=["security"])
