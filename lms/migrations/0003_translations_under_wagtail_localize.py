"""Bring the translations made by copying (the Kazakh and English pages, the Kazakh
question bank) under wagtail-localize: core.translations.translations_link_all, which
the demo loader calls too. List blocks of every page stored in Wagtail's old format
are rewritten in the block format first (core.translations.streams): wagtail-localize
offers no other list items for translation.

Why this migration imports the service and its real models rather than historical
ones: linking extracts segments with wagtail-localize (StreamField block definitions,
which fields are translatable, Page.specific, revisions), and none of that exists on
historical models. It depends on the latest migration of every app and of
wagtail-localize so that the real models match the tables when it runs. On a new
database it finds nothing to do and never touches a real model (the check below uses
historical ones), so a later migration that changes these tables does not break a
fresh `migrate`; a database created before this migration and migrated past such a
change in one go would need this run before it (run `migrate lms 0003` first).
"""

from django.conf import settings
from django.db import migrations


def link(apps, schema_editor):
    from wagtail.models import get_translatable_models

    translatable = []
    for model in get_translatable_models():
        try:
            translatable.append(
                apps.get_model(model._meta.app_label, model._meta.model_name)
            )
        except LookupError:  # a model of a later migration: nothing of it yet
            continue
    if not any(
        model.objects.exclude(locale__language_code=settings.LANGUAGE_CODE).exists()
        for model in translatable
    ):
        return
    translations_under_wagtail_localize()


def translations_under_wagtail_localize() -> None:
    """What the migration does once it has found a translation: every page's lists
    in the block format, then every translation linked."""
    from wagtail.models import Page

    from core.translations import stream_lists_normalize, translations_link_all

    for page in Page.objects.filter(depth__gt=1).specific().iterator():
        stream_lists_normalize(instance=page)
    translations_link_all()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_content_locales"),
        ("people", "0007_consent_gate_and_guardians"),
        ("courses", "0005_standard"),
        ("assessments", "0004_question_weights_numerical_distractors"),
        ("certificates", "0002_certificate_nudge"),
        ("scheduling", "0005_session_title_labels"),
        ("reports", "0006_completion_figure_people"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
