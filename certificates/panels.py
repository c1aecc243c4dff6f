"""Panels certificates adds to pages of other apps. courses and people must not import
certificates (they are to its left), so their pages call every Wagtail hook named
"lms_<page>_panels" through the `lms_panels` template tag, and this module registers
the certificates section there: the holder's certificates with downloads, and the risk
zones they are cleared for."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from . import selectors


def certificates_panel(request) -> str:
    """The "Certificates" section of the signed-in user's own pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    now = timezone.now()
    clearances = selectors.clearance_list(learner=user, now=now)
    return render_to_string(
        "certificates/includes/panel.html",
        {
            "summaries": selectors.certificate_summary_list_for_holder(
                learner=user, now=now
            ),
            "has_clearance_rules": bool(clearances),
            "cleared": [clearance for clearance in clearances if clearance.cleared],
        },
        request=request,
    )


@hooks.register("lms_my_learning_panels")
def my_learning_panel(request) -> str:
    return certificates_panel(request)


@hooks.register("lms_profile_panels")
def profile_panel(request) -> str:
    return certificates_panel(request)
