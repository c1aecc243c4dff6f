"""Forms of assignments: a learner's submission and a mentor's review. They parse
input; what is acceptable (file types, sizes, required text, scores) is decided by
assessments.services.assignments, whose errors the views add to these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import AssignmentPage, Submission


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(item, initial) for item in data if item]
        return [single_file_clean(data, initial)] if data else []


class SubmissionForm(forms.Form):
    """The learner's answer: a text and/or files, as the assignment asks."""

    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        strip=True,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, assignment: AssignmentPage, **kwargs):
        super().__init__(*args, **kwargs)
        text_answer = assignment.text_answer
        if text_answer == AssignmentPage.TextAnswer.NONE:
            del self.fields["text"]
        elif text_answer == AssignmentPage.TextAnswer.REQUIRED:
            self.fields["text"].label = _("Your answer (required)")
        extensions = assignment.extensions
        if not extensions or assignment.max_files == 0:
            del self.fields["files"]
            return
        field = self.fields["files"]
        field.widget.attrs["accept"] = ",".join(f".{e}" for e in extensions)
        if assignment.max_files == 1:
            # One file: a plain input, without the several-files widget's "multiple"
            # (which Django's FileInput refuses).
            attrs = {k: v for k, v in field.widget.attrs.items() if k != "multiple"}
            field.widget = forms.FileInput(attrs=attrs)
        field.help_text = " ".join(
            [
                _("Accepted: %(types)s.") % {"types": ", ".join(extensions)},
                ngettext(
                    "Up to %(size)d MB each, at most %(count)d file.",
                    "Up to %(size)d MB each, at most %(count)d files.",
                    assignment.max_files,
                )
                % {"size": assignment.max_file_mb, "count": assignment.max_files},
            ]
        )


class ReviewForm(forms.Form):
    """A mentor's review: a level for each criterion of the rubric, feedback, and the
    decision (the button pressed)."""

    feedback = forms.CharField(
        label=_("Feedback to the learner"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Required when returning the work for revision."),
    )
    decision = forms.ChoiceField(
        choices=[
            (Submission.Status.ACCEPTED, _("Accept")),
            (Submission.Status.RETURNED, _("Return for revision")),
        ],
        error_messages={"required": _("Accept the work or return it for revision.")},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        rubric_fields = {}
        for criterion in criteria:
            rubric_fields[self.criterion_field(criterion.id)] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                choices=[
                    (level.index, self._level_label(level))
                    for level in criterion.levels
                ],
            )
        # The rubric first, then the feedback and the decision.
        self.fields = {**rubric_fields, **self.fields}

    @staticmethod
    def _level_label(level) -> str:
        label = ngettext(
            "%(label)s — %(points)d point",
            "%(label)s — %(points)d points",
            level.points,
        ) % {"label": level.label, "points": level.points}
        return f"{label}: {level.description}" if level.description else label

    @staticmethod
    def criterion_field(criterion_id: str) -> str:
        return f"criterion_{criterion_id}"

    def rubric_fields(self):
        return [self[self.criterion_field(c.id)] for c in self.criteria]

    def rubric_scores(self) -> dict[str, int]:
        """{criterion id: level index} of the levels chosen."""
        scores = {}
        for criterion in self.criteria:
            index = self.cleaned_data.get(self.criterion_field(criterion.id))
            if index is not None:
                scores[criterion.id] = index
        return scores
