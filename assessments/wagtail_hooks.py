"""Every Wagtail hook of assessments (Wagtail imports this module): the question bank
in the admin, the import and results views, the audit actions, and the quizzes panel
on the admin's learner page (panels.py)."""

from django.contrib import messages
from django.urls import include, path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin import importing, results
from .models import Question, QuestionCategory, QuizPage
from .models.quizzes import MSG_REVIEW_GIVES_ANSWERS_AWAY
from .panels import quizzes_panel
from .selectors.quizzes import quiz_review_gives_answers_away


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "locale"]
    search_fields = ["name"]


class QuestionIndexView(SnippetIndexView):
    """The question listing, with an "Import questions" button for those who may add."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            url = reverse("assessments_import:index")
            category = self.request.GET.get("category", "")
            if category.isdigit():
                url += "?" + urlencode({"category": category})
            buttons.append(
                HeaderButton(_("Import questions"), url=url, icon_name="upload")
            )
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    index_view_class = QuestionIndexView
    icon = "help"
    menu_label = _("Questions")
    list_display = ["__str__", "kind", "category", "points", "is_active"]
    list_filter = ["kind", "category", "is_active"]


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    submenu_hook = "register_question_bank_menu_item"


register_snippet(QuestionBankGroup)


# The quiz results: a menu item, and a button on a quiz's page and in page listings.
hooks.register("register_admin_menu_item", results.register_quiz_results_menu_item)
hooks.register("register_page_header_buttons", results.quiz_results_page_header_button)
hooks.register(
    "register_page_listing_more_buttons", results.quiz_results_page_listing_button
)


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


class _AddQuestionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assessments.add_question")


@hooks.register("register_question_bank_menu_item")
def register_question_import_menu_item():
    return _AddQuestionMenuItem(
        _("Import questions"),
        reverse_lazy("assessments_import:index"),
        name="question-import",
        icon_name="upload",
        order=300,
    )


@hooks.register("register_log_actions")
def register_assessments_actions(actions):
    actions.register_action(
        "assessments.questions_import",
        _("Import questions"),
        _("Questions imported"),
    )
    actions.register_action(
        "assessments.review", _("Review a submission"), _("Submission reviewed")
    )
    actions.register_action(
        "assessments.quiz_attempt_grant",
        _("Let a learner try a quiz again"),
        _("Quiz attempt granted"),
    )


# The quizzes section of the admin's learner page (a page of people, which may not
# import assessments), through core's {% lms_panels "learner_detail" %} tag.
hooks.register("lms_learner_detail_panels", quizzes_panel)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_quiz_review_gives_answers_away(request, page):
    """Saved or published anyway (a practice quiz may mean it), but never unwarned:
    the same warning the quiz settings show (QuizPage.ReviewWarningPanel)."""
    page = page.specific
    if isinstance(page, QuizPage) and quiz_review_gives_answers_away(quiz=page):
        messages.warning(request, MSG_REVIEW_GIVES_ANSWERS_AWAY)
