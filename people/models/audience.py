"""The fields that name an audience by what people are, for the models that pick
people so (courses' assignment rules, reports' targets): a role, an organisation kind,
each empty for any."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..roles import Role
from .people import OrganizationKind


def audience_role_field() -> models.CharField:
    """A role the audience holds (empty: any role)."""
    return models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        blank=True,
        help_text=_("Empty: any role."),
    )


def audience_kind_field() -> models.CharField:
    """The kind of organisation the audience belongs to (empty: any kind)."""
    return models.CharField(
        _("organisation kind"),
        max_length=32,
        choices=OrganizationKind.choices,
        blank=True,
        help_text=_("Empty: any kind of organisation."),
    )
