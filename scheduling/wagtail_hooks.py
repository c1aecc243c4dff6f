"""Every Wagtail hook of scheduling (Wagtail imports this module)."""

from __future__ import annotations

from wagtail import hooks

# The pages' helper: scheduling's section of My learning (panels.py).
from .panels import sessions_panel  # noqa: E402

hooks.register("lms_my_learning_panels", sessions_panel)
