"""The question bank in the Wagtail admin, plus the import and results views."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin import importing, results
from .models import Question, QuestionCategory


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "locale"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["__str__", "kind", "category", "points", "is_active"]
    list_filter = ["kind", "category", "is_active"]


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_urls")
def register_assessments_admin_urls():
    return [
        path(
            "assessments/import/",
            include((importing.urlpatterns, "assessments_import")),
        ),
        path(
            "assessments/results/",
            include((results.urlpatterns, "assessments_results")),
        ),
    ]
