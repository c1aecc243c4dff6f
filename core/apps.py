from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: one table (the outbox), no import of any app."""

    name = "core"

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move
        from wagtail_localize.models import Translation, TranslationSource

        from . import checks, receivers, storage  # noqa: F401  (checks: the system checks)
        from .signals import connect_saves_and_deletes

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(receivers.on_content_changed, dispatch_uid=f"core_{signal}")
        connect_saves_and_deletes(
            receivers.on_content_changed, PageViewRestriction, Site, Locale, uid="core"
        )
        # Whether a translation is out of date (core.translations.staleness, shown to
        # learners from the memo) changes with its source's snapshot and Translation.
        connect_saves_and_deletes(
            receivers.on_content_changed, TranslationSource, Translation, uid="core"
        )
        post_delete.connect(receivers.on_page_deleted, dispatch_uid="core_page_del")
        post_save.connect(receivers.on_page_saved, dispatch_uid="core_page_save")
        # Tests that override STORAGES get the private storage they set.
        setting_changed.connect(
            storage.on_setting_changed, dispatch_uid="core_private_storage"
        )
