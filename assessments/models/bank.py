"""The question bank: categories and questions, translatable snippets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from core.db import BaseModel

from ..blocks import (
    AcceptedAnswerBlock,
    ChoiceBlock,
    NumericalAnswerBlock,
    PairBlock,
)


class QuestionCategory(TranslatableMixin, BaseModel):
    """A folder of the question bank; quizzes draw random questions per category."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self) -> str:
        return self.name


class Question(TranslatableMixin, index.Indexed, BaseModel):
    """A question of the bank. What counts as correct lives in its blocks, whose ids all
    translations share; it is never sent to a learner's browser before submission."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")
        NUMERICAL = "numerical", _("Numerical")

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_(
            "Why the answer is what it is; shown after submission when allowed."
        ),
    )
    points = models.PositiveSmallIntegerField(
        _("points"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_(
            "Multiple choice, matching and ordering: give part of the points for a "
            "partly right answer. Otherwise all or nothing. (Choices with weights "
            "always give their weight.)"
        ),
    )
    choices = StreamField(
        [("choice", ChoiceBlock())],
        verbose_name=_("choices"),
        blank=True,
        help_text=_("Single and multiple choice: the answers to choose from."),
    )
    answer_true = models.BooleanField(
        _("the statement is true"),
        null=True,
        blank=True,
        help_text=_("True or false questions only."),
    )
    accepted_answers = StreamField(
        [("answer", AcceptedAnswerBlock())],
        verbose_name=_("accepted answers"),
        blank=True,
        help_text=_(
            "Short answer: every answer that counts as right, with its weight. Case, "
            "spaces at the ends and ё/е are ignored; Kazakh letters are compared "
            "exactly. An answer written as * alone stands for any other answer."
        ),
    )
    numerical_answers = StreamField(
        [("number", NumericalAnswerBlock())],
        verbose_name=_("numerical answers"),
        blank=True,
        help_text=_(
            "Numerical: the numbers (or ranges) that count, with their weights. The "
            "best matching answer gives its weight; learners may write 3,5 or 3.5."
        ),
    )
    pairs = StreamField(
        [("pair", PairBlock())],
        verbose_name=_("pairs"),
        blank=True,
        help_text=_("Matching: each item with its match."),
    )
    sequence = StreamField(
        [("step", blocks.CharBlock(label=_("step"), max_length=300))],
        verbose_name=_("steps in the right order"),
        blank=True,
        help_text=_(
            "Ordering: the steps in the right order; learners see them shuffled."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive questions are not drawn for new attempts."),
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("kind"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("choices"),
                FieldPanel("answer_true"),
                FieldPanel("accepted_answers"),
                FieldPanel("numerical_answers"),
                FieldPanel("pairs"),
                FieldPanel("sequence"),
                FieldPanel("partial_credit"),
            ],
            heading=_("Answers (fill in the part for the question's type)"),
        ),
        FieldPanel("explanation"),
        FieldPanel("points"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.FilterField("kind"),
        index.FilterField("category"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["category", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def clean(self):
        super().clean()
        from ..grading import question_problems

        problems = question_problems(self)
        if problems:
            raise ValidationError(problems)
