"""Sending platform e-mail from templates, exactly once per event."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

# A sentence that ends with a date ends with two periods in Russian, whose date format
# ends with an abbreviation ("5 марта 2026 г." + "."), whatever the translator wrote:
# one period ends both, as in print. An ellipsis ("...") is left alone.
DOUBLE_PERIOD = re.compile(r"(?<=\w)\.\.(?=\s|$)")


def mail_text_tidy(text: str) -> str:
    """Plain-text typography of a rendered e-mail: no doubled period."""
    return DOUBLE_PERIOD.sub(".", text)


def mail_render(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return mail_text_tidy(" ".join(subject.split())), mail_text_tidy(body)


def mail_send_once(
    *,
    queryset: QuerySet,
    flag_field: str,
    template: str,
    to: str,
    language: str,
    context: dict,
) -> bool:
    """Send a mail once: claim the row by setting `flag_field`, send, and release the
    claim if sending fails (so the task's retry can try again). A task that runs twice
    finds the flag set and sends nothing. Returns True when this call sent the mail."""
    with transaction.atomic():
        claimed = queryset.filter(**{f"{flag_field}__isnull": True}).update(
            **{flag_field: timezone.now()}
        )
    if not claimed:
        return False
    subject, body = mail_render(template=template, language=language, context=context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:
        queryset.update(**{flag_field: None})
        raise
    return True
