"""The curriculum as Wagtail pages: catalog, programs, courses and their items
(lessons, acknowledgements, and the item types other apps add)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, get_page_models
from wagtail.search import index

from core.page_urls import LocalizedUrlMixin
from core.richtext import RICH_TEXT_FEATURES

from ..blocks import LessonStreamBlock

# Programs and courses per page of the catalogue's search results.
SEARCH_PAGE_SIZE = 20


class HiddenSubtreeMixin:
    """Wagtail routes through an unpublished page to its published children; here an
    unpublished catalog, program or course hides everything under it (editors, who may
    edit the page, still get through)."""

    def route(self, request, path_components):
        if path_components and not self.live:
            user = getattr(request, "user", None)
            if not (
                user is not None
                and user.is_authenticated
                and self.permissions_for_user(user).can_edit()
            ):
                raise Http404
        return super().route(request, path_components)


class CatalogPage(LocalizedUrlMixin, HiddenSubtreeMixin, Page):
    """The catalog: lists the programs."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.ProgramPage", "courses.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalog")

    def get_context(self, request, *args, **kwargs):
        from ..forms import CatalogSearchForm
        from ..selectors import catalog_hits, catalog_search, program_list_for_catalog

        context = super().get_context(request, *args, **kwargs)
        form = CatalogSearchForm(request.GET)
        query = form.query()
        context.update(search_form=form, query=query)
        if query:
            results = Paginator(
                catalog_search(catalog=self, query=query), SEARCH_PAGE_SIZE
            ).get_page(request.GET.get("page"))
            context.update(results=results, hits=catalog_hits(results))
        else:
            context["programs"] = program_list_for_catalog(catalog=self)
        return context


class ProgramPage(LocalizedUrlMixin, HiddenSubtreeMixin, Page):
    """A program: a sequence of courses for one audience."""

    summary = models.TextField(_("summary"), max_length=300)
    audience = models.CharField(_("who it is for"), max_length=300, blank=True)
    description = RichTextField(
        _("description"), blank=True, features=RICH_TEXT_FEATURES
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("description"),
        FieldPanel("image"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("program")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_list_for_program

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_list_for_program(program=self, learner=request.user)
        return context


class CoursePage(LocalizedUrlMixin, HiddenSubtreeMixin, RoutablePageMixin, Page):
    """A course. Its child pages are its items (lessons, and the item types other apps add)."""

    summary = models.TextField(_("summary"), max_length=300)
    description = RichTextField(
        _("description"), blank=True, features=RICH_TEXT_FEATURES
    )
    hours = models.DecimalField(
        _("study hours"),
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0)],
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(6), MaxValueValidator(21)],
        help_text=_(
            "Learners younger than this cannot enrol. Emergency response requires 18 "
            "(Law on Volunteer Activity, Art. 12.2-1)."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("hours"),
                FieldPanel("min_age"),
                InlinePanel("prerequisite_links", label=_("Required courses")),
            ],
            heading=_("Requirements"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    parent_page_types = ["courses.ProgramPage"]

    class Meta:
        verbose_name = _("course")

    @classmethod
    def clean_subpage_models(cls):
        # Items are every concrete CourseItemPage subclass, whichever app defines it,
        # so assessments and scheduling add item types without courses importing them.
        if cls._clean_subpage_models is None:
            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if issubclass(model, CourseItemPage) and model is not CourseItemPage
            ]
        return cls._clean_subpage_models

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, learner=request.user))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("enrol/", name="enrol")
    def enrol(self, request):
        from ..views import course_enrol

        return course_enrol(request, course=self)


class CoursePrerequisite(Orderable):
    """A course that must be completed before enrolling in another."""

    course = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="prerequisite_links"
    )
    required_course = models.ForeignKey(
        CoursePage,
        verbose_name=_("required course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("required_course", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")


class CourseItemPage(LocalizedUrlMixin, RoutablePageMixin, Page):
    """Base of every course item. An item answers one question, "is it done for this
    enrolment", by recording completion through courses.services.item_complete."""

    required = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("The course is complete when every required item is done."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MinValueValidator(1)]
    )

    settings_panels = [*Page.settings_panels, FieldPanel("required")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = False

    class Meta:
        verbose_name = _("course item")

    def serve(self, request, *args, **kwargs):
        from ..views import course_item_access

        denied = course_item_access(request, item=self)
        if denied is not None:
            return denied
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_item_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            course_item_context(
                item=self,
                learner=request.user,
                course=getattr(request, "lms_item_course", None),
                enrolment=getattr(request, "lms_enrolment", None),
                done=getattr(request, "lms_done", None),
            )
        )
        return context


class LessonPage(CourseItemPage):
    """A lesson to read; the learner marks it done."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("lesson")

    @path("")
    def index(self, request):
        return self.render(request)

    @path("done/", name="done")
    def done(self, request):
        from ..views import lesson_mark_done

        return lesson_mark_done(request, lesson=self)


class AcknowledgementPage(CourseItemPage):
    """A text the learner reads and acknowledges (a code of conduct, the Standard of
    volunteer support). The acknowledgement is the item's progress record: who, and
    when; the text acknowledged is the page revision live at that moment."""

    body = RichTextField(_("text to acknowledge"), features=RICH_TEXT_FEATURES)
    statement = models.CharField(
        _("statement"),
        max_length=300,
        help_text=_(
            'What the learner confirms, e.g. "I have read the code of conduct and '
            'will follow it."'
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("statement"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("acknowledgement")

    @path("")
    def index(self, request):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import item_progress_get

        context = super().get_context(request, *args, **kwargs)
        enrolment = context.get("enrolment")
        progress = (
            item_progress_get(enrolment=enrolment, item_key=self.translation_key)
            if enrolment
            else None
        )
        context["acknowledged_at"] = progress.completed_at if progress else None
        return context

    @path("acknowledge/", name="acknowledge")
    def acknowledge(self, request):
        from ..views import acknowledgement_sign

        return acknowledgement_sign(request, page=self)
