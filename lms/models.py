"""The site shell: the home page at the root of each language's tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.page_urls import LocalizedUrlMixin
from core.pagecache import content_cached
from core.richtext import RICH_TEXT_FEATURES


class HomePage(LocalizedUrlMixin, Page):
    """The home page: what the academy is, and the way into the catalog."""

    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("tagline"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CatalogPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.models import CatalogPage
        from courses.selectors import program_list_for_catalog

        context = super().get_context(request, *args, **kwargs)
        catalog = content_cached(
            ("home-catalog", self.pk),
            lambda: (
                CatalogPage.objects.child_of(self)
                .live()
                .select_related("locale")
                .first()
            ),
        )
        context["catalog"] = catalog
        context["programs"] = (
            program_list_for_catalog(catalog=catalog) if catalog else []
        )
        return context
