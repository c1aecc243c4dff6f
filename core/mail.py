"""Platform e-mail: whom we may write to and in which language, and sending from
templates exactly once per event."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

# A sentence that ends with a date ends with two periods in Russian, whose date format
# ends with an abbreviation ("5 марта 2026 г." + "."), whatever the translator wrote:
# one period ends both, as in print. An ellipsis ("...") is left alone.
DOUBLE_PERIOD = re.compile(r"(?<=\w)\.\.(?=\s|$)")


@dataclass(frozen=True)
class Recipient:
    """Someone we may write to (made by `mail_recipient` only): the person, their
    address and the language to write in."""

    user: Any
    email: str
    language: str


def mail_recipient(user: Any) -> Recipient | None:
    """Whether and how we may write to a person: None unless the account is active,
    not erased and has an address; else the address and the language to write in,
    the person's preferred language if the site offers it, else the site default.

    `user` is the project's user model, read by attribute (core imports no app):
    `is_active`, `email`, `preferred_language` and `erased_at` (set, on an account
    whose personal data was erased, together with a made-up address)."""
    if user is None or not getattr(user, "is_active", False):
        return None
    if getattr(user, "erased_at", None) is not None:
        return None
    email = getattr(user, "email", "") or ""
    if not email:
        return None
    language = getattr(user, "preferred_language", "") or ""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return Recipient(user=user, email=email, language=language)


def mail_text_tidy(text: str) -> str:
    """Plain-text typography of a rendered e-mail: no doubled period."""
    return DOUBLE_PERIOD.sub(".", text)


def mail_render(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return mail_text_tidy(" ".join(subject.split())), mail_text_tidy(body)


# A file attached to an e-mail: a MIME part made by the caller (for a content type
# with parameters, such as an iCalendar's "text/calendar; method=PUBLISH"), or the
# (filename, content, mimetype) Django's EmailMessage.attach takes.
Attachment = MIMEBase | tuple[str, str | bytes, str]


def mail_send(
    *,
    to: Recipient,
    template: str,
    context: dict,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Render `template` in the recipient's language and send it to them, with the
    attachments if any. Claims nothing: callers that send once claim their row first
    (as mail_send_once does)."""
    subject, body = mail_render(
        template=template, language=to.language, context=context
    )
    if not attachments:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to.email])
        return
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to.email])
    for attachment in attachments:
        if isinstance(attachment, MIMEBase):
            message.attach(attachment)
        else:
            message.attach(*attachment)
    message.send()


def mail_send_once(
    *,
    queryset: QuerySet,
    flag_field: str,
    template: str,
    to: Recipient | Sequence[Recipient],
    context: dict | Callable[[Recipient], dict],
    attachments: Callable[[Recipient], Sequence[Attachment]] | None = None,
) -> int:
    """Send the e-mail of one event once: claim the row by setting `flag_field`, render
    `template` in each recipient's language and send, and release the claim if nothing
    could be sent (so the task's retry tries again). A task that runs twice finds the
    flag set and sends nothing. `context` is the same for every recipient, or a
    function of the recipient called in their language (for their links and titles).
    `attachments`, if given, is a function of the recipient (called in their
    language, like `context`) returning the files to attach to their e-mail.
    When one of several recipients fails after others got theirs, the claim stays:
    better one reviewer without the notice than the others with two.
    Returns how many e-mails this call sent."""
    recipients = [to] if isinstance(to, Recipient) else list(to)
    if not recipients:
        return 0
    with transaction.atomic():
        claimed = queryset.filter(**{f"{flag_field}__isnull": True}).update(
            **{flag_field: timezone.now()}
        )
    if not claimed:
        return 0
    sent = 0
    try:
        for recipient in recipients:
            with translation.override(recipient.language):
                recipient_context = context(recipient) if callable(context) else context
                files = attachments(recipient) if attachments is not None else ()
            mail_send(
                to=recipient,
                template=template,
                context=recipient_context,
                attachments=files,
            )
            sent += 1
    except Exception:
        if not sent:
            queryset.update(**{flag_field: None})
        raise
    return sent
