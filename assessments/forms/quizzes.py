"""Forms of quizzes: one page of an attempt, as posted (without JavaScript, or in the
background by static/js/quiz.js)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .. import grading
from ..models import AttemptQuestion
from ..selectors.quizzes import field_name
from ..services.grants import MSG_GRANT_REASON_REQUIRED

ACTION_PREV = "prev"
ACTION_NEXT = "next"
ACTION_SAVE = "save"
ACTION_SUBMIT = "submit"
_GOTO = re.compile(r"^goto-(\d{1,4})$")


class AttemptPageForm(forms.Form):
    """The page a form was posted from and what to do next: prev, next, save, submit
    or goto-<page>. The answers are read by `responses`, which needs the page's
    questions (their fields depend on each question's kind)."""

    page = forms.IntegerField(min_value=1, max_value=9999)
    action = forms.CharField(required=False, max_length=16)

    def clean_action(self) -> str:
        action = self.cleaned_data.get("action") or ACTION_SAVE
        if action in (ACTION_PREV, ACTION_NEXT, ACTION_SAVE, ACTION_SUBMIT):
            return action
        if _GOTO.match(action):
            return action
        return ACTION_SAVE

    def target_page(self) -> int:
        """The page to show after saving (clamped to the attempt's pages on display)."""
        page, action = self.cleaned_data["page"], self.cleaned_data["action"]
        if action == ACTION_PREV:
            return max(1, page - 1)
        if action == ACTION_NEXT:
            return page + 1
        match = _GOTO.match(action)
        return int(match.group(1)) if match else page

    def responses(self, questions: list[AttemptQuestion]) -> dict[int, Any]:
        """Raw answers to `questions` (attempt question id -> value; None when a
        question's fields were left empty, so clearing an answer is saved too).
        grading.clean_response decides what of it is an answer."""
        return {q.pk: _raw_response(self.data, q) for q in questions}


def _raw_response(data: QueryDict, question: AttemptQuestion) -> Any:
    kind = question.key["kind"]
    name = field_name(question.pk)
    if kind == grading.MULTIPLE:
        return data.getlist(name) or None
    if kind in (grading.SINGLE, grading.TRUE_FALSE, grading.SHORT, grading.NUMERICAL):
        return data.get(name) or None
    if kind == grading.MATCHING:
        # Row i is the key's i-th item; its value is the chosen match's pair id.
        rows = question.key["pairs"]
    elif kind == grading.ORDERING:
        # Row i is the i-th step as shown (option_order); its value a position.
        rows = question.option_order
    else:
        return None
    chosen = {
        block_id: data.get(field_name(question.pk, index))
        for index, block_id in enumerate(rows)
    }
    chosen = {block_id: value for block_id, value in chosen.items() if value}
    return chosen or None


class QuizAttemptGrantForm(forms.Form):
    """An admin's reason for letting a learner try a quiz again."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Recorded with your name and the time in the audit log; the learner does "
            "not see it."
        ),
        error_messages={"required": MSG_GRANT_REASON_REQUIRED},
    )
