from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: no models, and no import of any app."""

    name = "core"
