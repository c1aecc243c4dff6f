"""Presentation helpers for the components every app's templates include."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent_clamp(value) -> int:
    """A 0-100 number (a progress bar's value), clamped."""
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return 0
