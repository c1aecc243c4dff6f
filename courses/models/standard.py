"""The Standard of volunteer support: a Wagtail page of sections with stable anchors,
its versions (one per publish that changes the sections), who acknowledged which
version and when, and the course item whose completion is acknowledging it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.db import BaseModel
from core.page_urls import LocalizedUrlMixin
from core.richtext import RICH_TEXT_FEATURES
from people.roles import Role

from ..blocks import StandardSectionsBlock
from .curriculum import CourseItemPage

MSG_ANCHOR_CHANGED = _(
    "A published section keeps its anchor (it was “%(old)s”): versions are compared "
    "through it. Add a new section instead."
)


class StandardPageForm(WagtailAdminPageForm):
    """The roles, as ticks (the model keeps them as a JSON list)."""

    roles = forms.MultipleChoiceField(
        label=_("Applies to the roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People holding a position in these roles are asked to acknowledge each "
            "new version."
        ),
    )


class StandardPage(LocalizedUrlMixin, RoutablePageMixin, Page):
    """The Standard of volunteer support. Each publish that changes its sections makes
    a new StandardVersion (courses.services.standard_version_record); people in its
    roles acknowledge the current version."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    roles = models.JSONField(_("applies to the roles"), default=list, blank=True)
    sections = StreamField(StandardSectionsBlock(), verbose_name=_("sections"))
    change_summary = models.TextField(
        _("summary of changes"),
        blank=True,
        help_text=_(
            "What this publication changes, in a sentence or two; kept with the new "
            "version and shown to the people asked to acknowledge it."
        ),
    )

    base_form_class = StandardPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("roles"),
        FieldPanel("sections"),
        FieldPanel("change_summary"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Standard of volunteer support")

    def clean(self):
        super().clean()
        from ..selectors import standard_anchor_changes

        changes = standard_anchor_changes(page=self)
        if changes:
            old, _new = changes[0]
            raise ValidationError({"sections": MSG_ANCHOR_CHANGED % {"old": old}})

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels[role]) for role in self.roles if role in labels]

    def get_context(self, request, *args, **kwargs):
        from ..selectors import standard_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(standard_page_context(page=self, user=request.user))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("acknowledge/", name="acknowledge")
    def acknowledge(self, request):
        from ..views import standard_acknowledge

        return standard_acknowledge(request, page=self)


class StandardVersion(BaseModel):
    """A published version of the Standard: its number (1, 2, ...), the revision
    published, and a snapshot of the sections (anchor, heading, text) to compare
    versions with."""

    page = models.ForeignKey(
        StandardPage,
        verbose_name=_("Standard"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"))
    sections = models.JSONField(_("sections"), default=list)
    summary = models.TextField(_("summary of changes"), blank=True)

    class Meta:
        ordering = ["page", "-number"]
        verbose_name = _("version of the Standard")
        verbose_name_plural = _("versions of the Standard")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="courses_standardversion_number"
            ),
            models.UniqueConstraint(
                fields=["page", "revision"], name="courses_standardversion_revision"
            ),
        ]

    def __str__(self):
        return f"{self.page_id} v{self.number}"


class StandardAcknowledgement(BaseModel):
    """A person's acknowledgement of one version of the Standard: who, which, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="standard_acknowledgements",
    )
    version = models.ForeignKey(
        StandardVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        verbose_name = _("acknowledgement of the Standard")
        verbose_name_plural = _("acknowledgements of the Standard")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="courses_standardack_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} v{self.version_id}"


class StandardNotice(BaseModel):
    """That a person was asked (by e-mail) to acknowledge a version: once per person
    and version, whatever how often the task runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="standard_notices",
    )
    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="notices"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="courses_standardnotice_once"
            )
        ]


class StandardAcknowledgementPage(CourseItemPage):
    """A course item done by acknowledging the current version of a Standard (here or
    on the Standard's page); an acknowledgement of an older version does not count."""

    standard = models.ForeignKey(
        StandardPage,
        verbose_name=_("Standard"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        PageChooserPanel("standard", page_type="courses.StandardPage"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("acknowledgement of the Standard")

    @path("")
    def index(self, request):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import standard_item_context

        context = super().get_context(request, *args, **kwargs)
        context.update(standard_item_context(item=self, user=request.user))
        return context

    @path("acknowledge/", name="acknowledge")
    def acknowledge(self, request):
        from ..views import standard_item_acknowledge

        return standard_item_acknowledge(request, item=self)
