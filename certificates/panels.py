"""Panels certificates adds to pages of other apps (placeholder, being written)."""
