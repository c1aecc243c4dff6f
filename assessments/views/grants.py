"""An admin lets a learner stuck at a quiz try again (assessments/urls.py). The admin's
learner page (courses) lists the learner's quizzes through the panel in
assessments/panels.py, which links here."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User
from people.selectors import user_get_visible

from ..forms.quizzes import QuizAttemptGrantForm
from ..selectors import quizzes as selectors
from ..services import grants as services


def _render(request, *, learner, quiz, form, status: int = 200):
    canonical = selectors.quiz_canonical(quiz=quiz)
    standing = selectors.quiz_standing(
        learner=learner, quiz=quiz, now=timezone.now(), canonical=canonical
    )
    return render(
        request,
        "assessments/manage/quiz_attempt_grant.html",
        {
            "learner": learner,
            "quiz": quiz,
            "standing": standing,
            # Seen already, the correct answers would make the next attempt easy.
            "answers_seen": selectors.quiz_review_level(
                canonical=canonical, standing=standing
            )
            == selectors.REVIEW_CORRECT
            and bool(standing.submitted),
            "form": form,
        },
        status=status,
    )


@login_required
@permission_required(services.GRANT_PERMISSION, raise_exception=True)
def quiz_attempt_grant(request, pk: int, quiz_key: uuid.UUID):
    """GET: where the learner stands at the quiz, and the form. POST: let them try
    again, with a reason; errors re-display the form, a second submit changes
    nothing. A learner outside the admin's scope does not exist here (404)."""
    try:
        learner = user_get_visible(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    quiz = selectors.quiz_for_key(key=quiz_key)
    if quiz is None:
        raise Http404
    if request.method != "POST":
        return _render(request, learner=learner, quiz=quiz, form=QuizAttemptGrantForm())
    form = QuizAttemptGrantForm(request.POST)
    if not form.is_valid():
        return _render(request, learner=learner, quiz=quiz, form=form, status=400)
    try:
        grant, created = services.quiz_attempt_grant(
            learner=learner,
            quiz=quiz,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return _render(request, learner=learner, quiz=quiz, form=form, status=400)
    if not created:
        messages.info(request, _("This was already granted; nothing changed."))
    elif grant.extra_attempts:
        messages.success(request, _("The learner may start one more attempt now."))
    else:
        messages.success(request, _("The wait is lifted: the learner may start now."))
    return redirect("courses:learner_detail", pk=learner.pk)
