"""The hand-over of one ended position: its duties and the leaver's checklist."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import BaseModel

from ..roles import Role
from .people import Organization, OrganizationKind, Position, Region, User


class Handover(BaseModel):
    """The hand-over of one ended position: the duties its holder carried, the
    checklist they leave for the successor, and who took over (a named stand-in while
    the position is vacant, then the successor)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open: position vacant")
        STAND_IN = "stand_in", _("A stand-in holds the duties")
        COMPLETED = "completed", _("Completed: successor appointed")

    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    leaver = models.ForeignKey(
        User,
        verbose_name=_("leaver"),
        on_delete=models.CASCADE,
        related_name="handovers_left",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    stand_in = models.ForeignKey(
        User,
        verbose_name=_("stand-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers_stood_in",
    )
    stand_in_position = models.ForeignKey(
        Position,
        verbose_name=_("acting position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    successor = models.ForeignKey(
        User,
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers_received",
    )
    successor_position = models.ForeignKey(
        Position,
        verbose_name=_("successor's position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(
        _("notes for the successor"),
        blank=True,
        help_text=_("What the successor needs to know to carry on the work."),
    )
    open_matters = models.TextField(
        _("open matters"),
        blank=True,
        help_text=_("Unfinished business, promises made, deadlines coming up."),
    )
    checklist_submitted_at = models.DateTimeField(
        _("checklist submitted at"), null=True, blank=True
    )
    successor_read_at = models.DateTimeField(
        _("read by the successor at"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # When the e-mails went out (each once): the leaver asked for the checklist, the
    # successor told where the notes are.
    leaver_notified_at = models.DateTimeField(null=True, blank=True)
    successor_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        constraints = [
            # A position ends once, so it is handed over once: a second position_end
            # or a double click opens nothing more.
            models.UniqueConstraint(
                fields=["position"], name="handover_one_per_position"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | models.Q(successor__isnull=False, completed_at__isnull=False),
                name="handover_completed_has_successor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leaver} — {self.get_role_display()}, {self.organization}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class HandoverContact(BaseModel):
    """A contact the leaver passes on: a volunteer organisation or initiative group of
    the region, and who to call there."""

    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="contacts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={
            "kind__in": [
                OrganizationKind.VOLUNTEER_NGO,
                OrganizationKind.INITIATIVE_GROUP,
            ]
        },
    )
    name = models.CharField(_("organisation or group"), max_length=255)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("hand-over contact")
        verbose_name_plural = _("hand-over contacts")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The organisation's name in the active language while the contact goes by
        one of its names; else the name as the leaver wrote it."""
        organization = self.organization
        if organization is not None and self.name in organization.names:
            return organization.display_name
        return self.name


class HandoverDuty(BaseModel):
    """A duty the leaver held in the platform, and who holds it now. Apps describe
    them (people.signals.handover_duties_collect); duties that do not move (the
    learning the role requires) are shown to the successor only."""

    handover = models.ForeignKey(
        Handover, on_delete=models.CASCADE, related_name="duties"
    )
    kind = models.CharField(_("kind"), max_length=32)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    label = models.CharField(_("duty"), max_length=255)
    moves = models.BooleanField(default=True)
    holder = models.ForeignKey(
        User,
        verbose_name=_("holder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handover_duties_held",
    )
    moved_at = models.DateTimeField(_("moved at"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("hand-over duty")
        verbose_name_plural = _("hand-over duties")
        constraints = [
            models.UniqueConstraint(
                fields=["handover", "kind", "object_type", "object_id"],
                name="handover_duty_once",
            ),
        ]

    def __str__(self) -> str:
        return self.label
