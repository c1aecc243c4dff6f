"""The section scheduling adds to My learning (courses may not import scheduling, so
the page calls the "lms_my_learning_panels" hook, and wagtail_hooks.py registers this
function there): the person's next sessions and, when their role keeps a training
cadence, where they stand against it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import compliance_for_person, registration_list_upcoming_for_person


def sessions_panel(request, *, subject, **kwargs) -> str:
    """The "Training sessions" section of one's own My learning (nothing for others:
    admins see the cadence on the compliance page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or subject.pk != user.pk:
        return ""
    now = timezone.now()
    cadence = compliance_for_person(person=subject, now=now)
    upcoming = registration_list_upcoming_for_person(person=subject, now=now)
    if cadence is None and not upcoming:
        return ""
    return render_to_string(
        "scheduling/includes/my_learning_panel.html",
        {"cadence": cadence, "upcoming": upcoming, "subject": subject},
        request=request,
    )
