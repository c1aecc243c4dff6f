"""Courses' own notice on My learning: the Standards whose current version the person
has yet to acknowledge. Rendered through the "lms_my_learning_notices_panels" hook
(wagtail_hooks.py), on every request: a few queries, none per Standard or version."""

from __future__ import annotations

from django.template.loader import render_to_string

from .selectors import standard_pending_for


def standard_notice_panel(request, *, subject, **kwargs) -> str:
    """ "The Standard has a new version to acknowledge", on one's own My learning."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or subject.pk != user.pk:
        return ""
    pending = standard_pending_for(user=subject)
    if not pending:
        return ""
    return render_to_string(
        "courses/includes/standard_notice.html", {"pending": pending}, request=request
    )
