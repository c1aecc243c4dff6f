"""System checks of uploads (`manage.py check`; core.W001 with `--deploy` only):
Wagtail's documents are kept out of the public media folder and served by Wagtail's
view, and every extension the settings accept has a content check (core.uploads)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core import checks

from .storage import MediaStorage
from .uploads import unknown_extensions

UPLOAD_SETTINGS = ("WAGTAILDOCS_EXTENSIONS", "WAGTAILIMAGES_EXTENSIONS")


def _has_files(folder: Path) -> bool:
    for _root, _dirs, files in os.walk(folder):
        if files:
            return True
    return False


@checks.register(checks.Tags.security, deploy=True)
def public_documents_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Documents left in MEDIA_ROOT/documents (stored before MediaStorage kept them
    private) are reachable by anyone wherever MEDIA_ROOT is served, whatever their
    collection's privacy."""
    folder = Path(settings.MEDIA_ROOT) / "documents"
    if not folder.is_dir() or not _has_files(folder):
        return []
    return [
        checks.Warning(
            f"{folder} holds documents: a web server serving MEDIA_ROOT hands them to "
            "anyone, whatever the privacy of their collection, and the platform looks "
            "for them under PRIVATE_MEDIA_ROOT.",
            hint=f"Move the folder to {Path(settings.PRIVATE_MEDIA_ROOT) / 'documents'}.",
            id="core.W001",
        )
    ]


@checks.register(checks.Tags.security)
def upload_settings_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Uploads accept only extensions whose content can be checked, and documents are
    served through Wagtail's view (which applies a collection's privacy) from private
    storage."""
    problems = []
    for name in UPLOAD_SETTINGS:
        value = getattr(settings, name, None)
        unknown = unknown_extensions(value) if value else ["(any)"]
        if unknown:
            problems.append(
                checks.Warning(
                    f"{name} accepts {', '.join(unknown)}, whose content is not "
                    "checked: a file of another type renamed so would be taken.",
                    hint="List only extensions of core.uploads.KINDS (or add a "
                    "check there).",
                    id="core.W002",
                )
            )
    serve_method = getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None)
    default = settings.STORAGES["default"]["BACKEND"]
    backend_is_local = default == "django.core.files.storage.FileSystemStorage"
    if serve_method != "serve_view" or backend_is_local:
        problems.append(
            checks.Warning(
                "Documents may be reached without Wagtail's serve view "
                f"(WAGTAILDOCS_SERVE_METHOD={serve_method!r}, default storage "
                f"{default}), past the privacy of their collection.",
                hint='Set WAGTAILDOCS_SERVE_METHOD = "serve_view" and keep '
                f"documents private ({MediaStorage.__module__}.MediaStorage).",
                id="core.W003",
            )
        )
    return problems
