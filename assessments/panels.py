"""Panels assessments adds to pages of other apps (see core/templatetags/panels.py;
wagtail_hooks.py registers them): on an admin's page about a learner, the quizzes the
learner has attempted, where they stand at each, and a way to let them try again when
they are stuck."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .selectors.quizzes import quiz_standing_list_for_learner
from .services.grants import GRANT_PERMISSION


def quizzes_panel(request, *, subject) -> str:
    """The "Quizzes" section of an admin's page about a learner (in the admin's
    scope: the page checked it), for admins who may let a learner try again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not subject.is_authenticated:
        return ""
    if subject.pk == user.pk or not user.has_perm(GRANT_PERMISSION):
        return ""
    return render_to_string(
        "assessments/includes/quizzes_panel.html",
        {
            "subject": subject,
            "rows": quiz_standing_list_for_learner(learner=subject, now=timezone.now()),
        },
        request=request,
    )
