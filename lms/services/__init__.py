"""State changes of the site shell (site)."""

from .site import site_sync

__all__ = ["site_sync"]
