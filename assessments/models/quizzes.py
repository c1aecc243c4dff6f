"""Quizzes (a course item) and the attempts learners make at them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.db import BaseModel
from core.richtext import RICH_TEXT_FEATURES
from courses.models import CourseItemPage

from .bank import Question, QuestionCategory

MSG_REVIEW_GIVES_ANSWERS_AWAY = _(
    "This quiz shows the correct answers and explanations right after each attempt, "
    "and the learner may try again with some of the same questions: reading the "
    "answers is enough to pass. Show them once the learner has passed or used every "
    "attempt, allow one attempt, or draw every question from a larger pool."
)


class ReviewWarningPanel(HelpPanel):
    """A warning in the quiz settings, shown while the settings give the answers
    away (selectors.quizzes.quiz_review_gives_answers_away). It does not stop
    saving: an editor may mean it (a practice quiz)."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = format_html(
                '<p class="help-block help-warning">{}</p>',
                MSG_REVIEW_GIVES_ANSWERS_AWAY,
            )

        def is_shown(self):
            from ..selectors.quizzes import quiz_review_gives_answers_away

            return isinstance(self.instance, QuizPage) and (
                quiz_review_gives_answers_away(quiz=self.instance)
            )


class QuizPage(CourseItemPage):
    """A quiz: fixed and/or randomly drawn questions from the bank, graded on the server.
    Passing it (score at or above the pass mark) records the item done."""

    class Review(models.TextChoices):
        SCORE = "score", _("Score only")
        ANSWERS = "answers", _("Their answers, marked, with feedback")
        CORRECT = (
            "correct",
            _("Their answers with feedback, the correct answers and explanations"),
        )

    class ReviewWhen(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately after each attempt")
        AFTER_PASS = "after_pass", _("Once the learner has passed")
        AFTER_LAST = (
            "after_last",
            _("Once the learner has passed or used every attempt"),
        )

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means unlimited."),
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("wait between attempts (minutes)"),
        default=0,
        validators=[MaxValueValidator(60 * 24 * 30)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Empty: no time limit."),
    )
    questions_per_page = models.PositiveSmallIntegerField(
        _("questions per page"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    review = models.CharField(
        _("after submitting, the learner sees"),
        max_length=16,
        choices=Review.choices,
        default=Review.ANSWERS,
        help_text=_(
            "Feedback is that of the choices the learner chose. Explanations are "
            "shown only with the correct answers. Shown immediately while further "
            "attempts at the same questions remain, the correct answers let a "
            "learner pass by reading them: show them once the learner has passed or "
            "used every attempt, or draw the questions from a larger pool."
        ),
    )
    review_when = models.CharField(
        _("and sees it"),
        max_length=16,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        InlinePanel(
            "question_links", heading=_("Fixed questions"), label=_("Question")
        ),
        InlinePanel(
            "draw_rules",
            heading=_("Random questions"),
            label=_("Draw from a category"),
        ),
    ]
    settings_panels = [
        *CourseItemPage.settings_panels,
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("attempts_allowed"),
                FieldPanel("cooldown_minutes"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("questions_per_page"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("review"),
                FieldPanel("review_when"),
                ReviewWarningPanel(),
            ],
            heading=_("Quiz settings"),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    @path("")
    def index(self, request):
        from ..views.quizzes import quiz_index

        return quiz_index(request, quiz=self)

    @path("start/", name="start")
    def start(self, request):
        from ..views.quizzes import quiz_start

        return quiz_start(request, quiz=self)

    @re_path(r"^attempt/(?P<attempt_id>\d+)/$", name="attempt")
    def attempt(self, request, attempt_id):
        from ..views.quizzes import quiz_attempt

        return quiz_attempt(request, quiz=self, attempt_id=int(attempt_id))

    @re_path(r"^attempt/(?P<attempt_id>\d+)/submit/$", name="submit")
    def submit(self, request, attempt_id):
        from ..views.quizzes import quiz_submit

        return quiz_submit(request, quiz=self, attempt_id=int(attempt_id))

    @re_path(r"^attempt/(?P<attempt_id>\d+)/result/$", name="result")
    def result(self, request, attempt_id):
        from ..views.quizzes import quiz_result

        return quiz_result(request, quiz=self, attempt_id=int(attempt_id))


class QuizQuestion(Orderable):
    """A question every attempt of the quiz gets."""

    quiz = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="question_links"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="quiz_links",
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class QuizDrawRule(Orderable):
    """Draw this many random active questions from a category for each attempt."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draw_rules")
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )

    panels = [FieldPanel("category"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("random questions")
        verbose_name_plural = _("random questions")


class QuizAttempt(BaseModel):
    """One attempt of a learner at a quiz (keyed by the quiz's translation_key). The
    questions drawn and their order are fixed when it starts."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("quiz attempt", "In progress")
        SUBMITTED = "submitted", _("Submitted")

    class ClosedBy(models.TextChoices):
        LEARNER = "learner", _("Submitted by the learner")
        TIME = "time", _("Closed when time ran out")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz_key = models.UUIDField(_("quiz"), db_index=True)
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    language = models.CharField(max_length=8, blank=True)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_by = models.CharField(
        max_length=16, choices=ClosedBy.choices, blank=True, default=""
    )
    score = models.DecimalField(
        _("score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz_key", "number"],
                name="quiz_attempt_number_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "quiz_key"],
                condition=models.Q(status="open"),
                name="quiz_attempt_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", submitted_at__isnull=True)
                | models.Q(
                    status="submitted",
                    submitted_at__isnull=False,
                    score__isnull=False,
                    passed__isnull=False,
                ),
                name="quiz_attempt_submitted_is_graded",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="quiz_attempt_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.quiz_key} #{self.number} {self.status}"


class AttemptQuestion(BaseModel):
    """A question drawn for an attempt: its place, what counts as correct (a snapshot
    taken at the start, so editing the bank never regrades an attempt), the order its
    options are shown in, and the learner's saved response."""

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    page = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="attempt_questions"
    )
    question_key = models.UUIDField()
    key = models.JSONField(help_text="Grading data; never rendered.")
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="attempt_question_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position}"


class QuizAttemptGrant(BaseModel):
    """An admin's leave for a learner stuck at a quiz (every attempt used, or waiting
    after the last one) to start one more attempt now: one extra attempt when the quiz
    limits them, and the wait after the attempt made last lifted. One per learner,
    quiz and number of attempts made, so a double submission grants once; granted
    through assessments.services.grants.quiz_attempt_grant, with an audit entry."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempt_grants",
    )
    quiz_key = models.UUIDField(_("quiz"), db_index=True)
    after_attempt = models.PositiveSmallIntegerField(
        _("after attempt"), help_text=_("How many attempts the learner had made.")
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    cooldown_lifted = models.BooleanField(_("wait lifted"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("quiz attempt grant")
        verbose_name_plural = _("quiz attempt grants")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz_key", "after_attempt"],
                name="quiz_attempt_grant_once_per_attempt",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_attempts__gt=0)
                | models.Q(cooldown_lifted=True),
                name="quiz_attempt_grant_grants_something",
            ),
        ]

    def __str__(self) -> str:
        # The audit log keeps this as the entry's label: no name in it.
        return f"{self.learner_id} {self.quiz_key} after #{self.after_attempt}"
