"""Learner views of quizzes, routed from QuizPage (assessments.models.quizzes).

CourseItemPage.serve has already let the request through courses.views.
course_item_access (enrolled learners; editors may preview) and left the course and
enrolment on the request. Pages render through the quiz page, so the course outline
and previous/next items of CourseItemPage.get_context are there too.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import request_received_at
from courses.selectors import program_next_course
from courses.views import course_completed_message

from ..forms.quizzes import ACTION_SUBMIT, AttemptPageForm
from ..models import QuizAttempt, QuizPage
from ..selectors import quizzes as selectors
from ..services import quizzes as services


def _enrolment(request):
    return getattr(request, "lms_enrolment", None)


def _is_background(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _attempt_url(quiz: QuizPage, attempt: QuizAttempt, page: int | None = None) -> str:
    url = quiz.url + quiz.reverse_subpage("attempt", args=[attempt.pk])
    return f"{url}?page={page}" if page else url


def _result_url(quiz: QuizPage, attempt: QuizAttempt) -> str:
    return quiz.url + quiz.reverse_subpage("result", args=[attempt.pk])


def _iso(moment) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _attempt_or_404(request, quiz: QuizPage, attempt_id: int) -> QuizAttempt:
    try:
        return selectors.quiz_attempt_get_for(
            learner=request.user, quiz=quiz, attempt_id=attempt_id
        )
    except QuizAttempt.DoesNotExist:
        raise Http404 from None


def quiz_index(request, *, quiz: QuizPage):
    """The quiz page: introduction, settings, past attempts, and Start, Continue or
    why the learner cannot start now."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    now = timezone.now()
    enrolment = _enrolment(request)
    canonical = selectors.quiz_canonical(quiz=quiz)

    def standing_read():
        return selectors.quiz_standing(
            learner=request.user,
            quiz=quiz,
            now=now,
            enrolled=enrolment is not None,
            canonical=canonical,
        )

    standing = standing_read()
    # An open attempt whose time ran out is closed first (graded with what was
    # saved), and the standing read again.
    expired = selectors.quiz_attempt_open_expired_among(
        attempts=standing.attempts, now=now
    )
    if expired is not None:
        services.quiz_attempt_close_if_expired(
            attempt=expired, now=now, quiz=quiz, enrolment=enrolment
        )
        standing = standing_read()
    return quiz.render(
        request,
        context_overrides={
            "quiz_settings": canonical,
            "standing": standing,
            "question_count": selectors.quiz_question_count(quiz=canonical),
            "attempt_rows": [
                (
                    attempt,
                    _result_url(quiz, attempt)
                    if attempt.status == QuizAttempt.Status.SUBMITTED
                    else _attempt_url(quiz, attempt),
                )
                for attempt in standing.attempts
            ],
            "open_attempt_url": _attempt_url(quiz, standing.open_attempt)
            if standing.open_attempt
            else "",
        },
    )


def quiz_start(request, *, quiz: QuizPage):
    """POST: start an attempt (or continue the open one) and open its first page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        attempt = services.quiz_attempt_start(
            learner=request.user, quiz=quiz, enrolment=_enrolment(request)
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(quiz.url)
    return redirect(_attempt_url(quiz, attempt))


def _submit(request, *, quiz, attempt, form: AttemptPageForm | None):
    enrolment = _enrolment(request)
    was_completed = enrolment is not None and enrolment.completed_at is not None
    responses, page = None, None
    if form is not None:
        page = form.cleaned_data["page"]
        responses = form.responses(
            selectors.attempt_question_list_on_page(attempt=attempt, page=page)
        )
    # Judged by when the request arrived, not when a busy worker got to it.
    now = request_received_at(request)
    late = not selectors.quiz_attempt_in_time(attempt=attempt, now=now)
    attempt = services.quiz_attempt_submit(
        attempt=attempt,
        closed_by=QuizAttempt.ClosedBy.LEARNER,
        now=now,
        responses=responses,
        page=page,
        quiz=quiz,
        enrolment=enrolment,
    )
    if late and responses:
        messages.warning(request, services.MSG_TIME_UP)
    course_completed_message(request, enrolment=enrolment, was_completed=was_completed)
    return redirect(_result_url(quiz, attempt))


def quiz_attempt(request, *, quiz: QuizPage, attempt_id: int):
    """GET ?page=N: one page of the learner's open attempt. POST: save that page's
    answers, then go to the previous, next or chosen page, or submit. A request from
    quiz.js (X-Requested-With) gets JSON instead of a redirect."""
    attempt = _attempt_or_404(request, quiz, attempt_id)
    if request.method == "POST":
        return _attempt_post(request, quiz=quiz, attempt=attempt)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if attempt.status != QuizAttempt.Status.OPEN:
        return redirect(_result_url(quiz, attempt))
    attempt = services.quiz_attempt_close_if_expired(
        attempt=attempt, quiz=quiz, enrolment=_enrolment(request)
    )
    if attempt.status != QuizAttempt.Status.OPEN:
        if attempt.closed_by == QuizAttempt.ClosedBy.TIME:
            messages.info(
                request,
                _("Time is up: your attempt was submitted with the answers you saved."),
            )
        return redirect(_result_url(quiz, attempt))
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.attempt_page_get(attempt=attempt, page=number)
    return quiz.render(
        request,
        template="assessments/quiz_attempt.html",
        context_overrides={
            "attempt": attempt,
            "attempt_page": page,
            "attempt_url": _attempt_url(quiz, attempt),
            "submit_url": quiz.url + quiz.reverse_subpage("submit", args=[attempt.pk]),
            # For quiz.js's countdown: the deadline, and the server's clock to correct
            # the browser's by.
            "deadline_iso": _iso(attempt.deadline) if attempt.deadline else "",
            "now_iso": _iso(timezone.now()),
        },
    )


def _attempt_post(request, *, quiz: QuizPage, attempt: QuizAttempt):
    background = _is_background(request)
    if attempt.status != QuizAttempt.Status.OPEN:
        if background:
            return JsonResponse(
                {"closed": True, "url": _result_url(quiz, attempt)}, status=409
            )
        messages.info(request, services.MSG_ATTEMPT_CLOSED)
        return redirect(_result_url(quiz, attempt))
    form = AttemptPageForm(request.POST)
    if not form.is_valid():
        if background:
            return JsonResponse({"saved": 0}, status=400)
        return redirect(_attempt_url(quiz, attempt))
    if form.cleaned_data["action"] == ACTION_SUBMIT:
        return _submit(request, quiz=quiz, attempt=attempt, form=form)
    page = form.cleaned_data["page"]
    questions = selectors.attempt_question_list_on_page(attempt=attempt, page=page)
    try:
        saved = services.quiz_attempt_answers_save(
            attempt=attempt,
            responses=form.responses(questions),
            page=page,
            now=request_received_at(request),
        )
    except ValidationError as exc:
        if background:
            return JsonResponse(
                {"closed": True, "url": _result_url(quiz, attempt)}, status=409
            )
        messages.warning(request, exc.messages[0])
        return redirect(_result_url(quiz, attempt))
    if background:
        return JsonResponse({"saved": saved})
    if form.cleaned_data["action"] == "save":
        messages.success(request, _("Your answers are saved."))
    return redirect(_attempt_url(quiz, attempt, form.target_page()))


def quiz_submit(request, *, quiz: QuizPage, attempt_id: int):
    """POST: submit the attempt (with the answers of the page posted along, if any)
    and show its result. Submitting twice shows the same result."""
    attempt = _attempt_or_404(request, quiz, attempt_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if attempt.status != QuizAttempt.Status.OPEN:
        return redirect(_result_url(quiz, attempt))
    form = AttemptPageForm(request.POST)
    return _submit(
        request, quiz=quiz, attempt=attempt, form=form if form.is_valid() else None
    )


def quiz_result(request, *, quiz: QuizPage, attempt_id: int):
    """A submitted attempt: score, passed or not, and as much review as the quiz
    allows now."""
    attempt = _attempt_or_404(request, quiz, attempt_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if attempt.status == QuizAttempt.Status.OPEN:
        attempt = services.quiz_attempt_close_if_expired(
            attempt=attempt, quiz=quiz, enrolment=_enrolment(request)
        )
        if attempt.status == QuizAttempt.Status.OPEN:
            return redirect(_attempt_url(quiz, attempt))
    canonical = selectors.quiz_canonical(quiz=quiz)
    standing = selectors.quiz_standing(
        learner=request.user,
        quiz=quiz,
        now=timezone.now(),
        enrolled=_enrolment(request) is not None,
        canonical=canonical,
    )
    return quiz.render(
        request,
        template="assessments/quiz_result.html",
        context_overrides={
            "attempt": attempt,
            "standing": standing,
            "review": selectors.quiz_attempt_review(
                attempt=attempt, canonical=canonical, standing=standing
            ),
            # Once the course is completed: its next course in the program.
            "program_next": program_next_course(
                course=getattr(request, "lms_item_course", None),
                learner=request.user,
                enrolment=_enrolment(request),
            ),
        },
    )
