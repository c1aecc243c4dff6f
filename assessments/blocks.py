"""StreamField blocks of questions and assignment rubrics.

A question's choices, accepted answers, pairs and ordering steps are StreamField blocks so
that every one has a stable id (the block's UUID) that all translations keep: attempts
record answers by these ids, whatever language the learner took the quiz in.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("feedback"),
        required=False,
        max_length=500,
        help_text=_("Shown to a learner who chose this answer, when the quiz allows."),
    )

    class Meta:
        icon = "tick"
        label = _("Choice")


class PairBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(label=_("item"), max_length=300)
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
