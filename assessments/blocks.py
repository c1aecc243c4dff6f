"""StreamField blocks of questions and assignment rubrics.

A question's choices, accepted answers, numerical answers, pairs and ordering steps are
StreamField blocks so that every one has a stable id (the block's UUID) that all
translations keep: attempts record answers by these ids, whatever language the learner
took the quiz in.

Weights are percentages of the question's points, as in Moodle: a choice or an
accepted answer with a weight of 50 gives half the points.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

# Weights keep Moodle's precision (33.33333 %, 14.28571 %...).
WEIGHT_DIGITS = {"max_digits": 8, "decimal_places": 5}
# Numbers of numerical answers: up to 12 digits before the point and 8 after it.
NUMBER_DIGITS = {"max_digits": 20, "decimal_places": 8}
# A short answer written as this alone stands for every other answer (Moodle's "*"):
# with a weight of 0, only its feedback is used.
ANY_OTHER_ANSWER = "*"

MSG_NUMBER_VALUE_OR_RANGE = _(
    "Give either a number (with a tolerance) or a range (from and to), not both."
)
MSG_NUMBER_RANGE_ENDS = _("Give both ends of the range.")
MSG_TOLERANCE_WITHOUT_NUMBER = _("A tolerance needs the number it is around.")
MSG_NUMBER_RANGE_ORDER = _("The start of the range must not be above its end.")
MSG_ANY_OTHER_WEIGHT = _(
    "An answer that stands for any other answer gives no points: set its weight to 0."
)


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown to a learner who chose this answer, when the quiz allows."),
    )
    weight = blocks.DecimalBlock(
        label=_("weight (%)"),
        required=False,
        min_value=-100,
        max_value=100,
        help_text=_(
            "Optional, as in Moodle: the share of the points this choice gives. "
            "Single choice: a wrong choice may give part of the points (1 to 99). "
            "Multiple choice: give every right choice a weight, the right ones "
            "adding up to 100; a negative weight takes points away. Empty: the "
            "correct mark decides."
        ),
        **WEIGHT_DIGITS,
    )

    class Meta:
        icon = "tick"
        label = _("Choice")


class AcceptedAnswerBlock(blocks.StructBlock):
    """An answer of a short-answer question, with the share of the points it earns."""

    text = blocks.CharBlock(label=_("answer"), max_length=200)
    weight = blocks.DecimalBlock(
        label=_("weight (%)"),
        default=Decimal(100),
        min_value=0,
        max_value=100,
        help_text=_(
            "The share of the points this answer earns: 100 for a right answer, less "
            "for a partly right one, 0 for a wrong answer that gets its own feedback."
        ),
        **WEIGHT_DIGITS,
    )
    feedback = blocks.CharBlock(
        label=_("feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown to a learner who gave this answer, when the quiz allows."),
    )

    class Meta:
        icon = "edit"
        label = _("Accepted answer")

    # Answers saved before weights existed are plain strings (and a translation source
    # of wagtail-localize may still hold them): each was a fully right answer.
    @staticmethod
    def _upgrade(value):
        if isinstance(value, str):
            return {"text": value, "weight": "100", "feedback": ""}
        return value

    def to_python(self, value):
        return super().to_python(self._upgrade(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._upgrade(v) for v in values])

    def normalize(self, value):
        return super().normalize(self._upgrade(value))

    def clean(self, value):
        value = super().clean(value)
        if value["text"].strip() == ANY_OTHER_ANSWER and value["weight"]:
            raise StructBlockValidationError(
                {"weight": ValidationError(MSG_ANY_OTHER_WEIGHT)}
            )
        return value


class NumericalAnswerBlock(blocks.StructBlock):
    """An answer of a numerical question: a number with a tolerance, or a range; with
    neither, it stands for any other number (its weight 0, for its feedback)."""

    number = blocks.DecimalBlock(label=_("number"), required=False, **NUMBER_DIGITS)
    tolerance = blocks.DecimalBlock(
        label=_("tolerance (±)"),
        required=False,
        min_value=0,
        help_text=_("How far from the number an answer may be and still count."),
        **NUMBER_DIGITS,
    )
    minimum = blocks.DecimalBlock(
        label=_("or a range from"), required=False, **NUMBER_DIGITS
    )
    maximum = blocks.DecimalBlock(
        label=pgettext_lazy("end of a range of numbers", "to"),
        required=False,
        **NUMBER_DIGITS,
    )
    weight = blocks.DecimalBlock(
        label=_("weight (%)"),
        default=Decimal(100),
        min_value=0,
        max_value=100,
        help_text=_(
            "The share of the points this answer earns: 100 for a right answer, less "
            "for a close one."
        ),
        **WEIGHT_DIGITS,
    )
    feedback = blocks.CharBlock(
        label=_("feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown to a learner whose answer this is, when the quiz allows."),
    )

    class Meta:
        icon = "decimal"
        label = _("Numerical answer")
        help_text = _(
            "Leave the number and the range empty for the feedback to any other answer."
        )

    def clean(self, value):
        value = super().clean(value)
        errors = numerical_answer_problems(value)
        if errors:
            raise StructBlockValidationError(errors)
        return value


def numerical_answer_problems(value) -> dict[str, ValidationError]:
    """The rules of one numerical answer (child block name -> error)."""
    number, tolerance = value.get("number"), value.get("tolerance")
    low, high = value.get("minimum"), value.get("maximum")
    errors: dict[str, ValidationError] = {}
    if (number is not None or tolerance is not None) and (
        low is not None or high is not None
    ):
        errors["minimum"] = ValidationError(MSG_NUMBER_VALUE_OR_RANGE)
    elif (low is None) != (high is None):
        errors["maximum" if high is None else "minimum"] = ValidationError(
            MSG_NUMBER_RANGE_ENDS
        )
    elif low is not None and low > high:
        errors["maximum"] = ValidationError(MSG_NUMBER_RANGE_ORDER)
    elif tolerance is not None and number is None:
        errors["number"] = ValidationError(MSG_TOLERANCE_WITHOUT_NUMBER)
    elif number is None and low is None and value.get("weight"):
        errors["weight"] = ValidationError(MSG_ANY_OTHER_WEIGHT)
    return errors


class PairBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(
        label=_("item"),
        max_length=300,
        required=False,
        help_text=_(
            "Leave it empty to offer the match as an extra, wrong answer in every row."
        ),
    )
    match = blocks.CharBlock(label=_("its match"), max_length=300)

    class Meta:
        icon = "link"
        label = _("Pair")


class LevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("level"), max_length=100)
    points = blocks.IntegerBlock(label=_("points"), min_value=0, max_value=100)
    description = blocks.CharBlock(label=_("description"), required=False)

    class Meta:
        label = _("Level")


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("criterion"), max_length=200)
    description = blocks.TextBlock(label=_("what is looked at"), required=False)
    levels = blocks.ListBlock(LevelBlock(), label=_("levels"), min_num=2)

    class Meta:
        icon = "list-ul"
        label = _("Criterion")
