"""Learner and mentor views of assignments.

The learner's views are routes of AssignmentPage (index, submit/, files/<id>/): the
page's serve() has already let through only enrolled learners and editors
(courses.views.course_item_access). The mentor's views (the review queue and the
review page) are in assessments/urls.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..forms.assignments import ReviewForm, SubmissionForm
from ..models import Submission, SubmissionFile
from ..selectors import assignments as selectors
from ..services import assignments as services

QUEUE_PAGE_SIZE = 25

MSG_SUBMITTED = _(
    "Your work has been submitted. A mentor will review it; you will get an e-mail "
    "with the result."
)
MSG_ACCEPTED = _("The work is accepted.")
MSG_RETURNED = _("The work is returned for revision.")


# Learner
# ------------------------------------------------------------------------------


def _assignment_render(request, *, assignment, form, status: int = 200):
    context = selectors.assignment_learner_context(
        assignment=assignment, learner=request.user
    )
    context["form"] = form
    response = assignment.render(request, context_overrides=context)
    response.status_code = status
    return response


def assignment_index(request, *, assignment):
    """The assignment: instructions, rubric, the learner's versions and the form."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _assignment_render(
        request, assignment=assignment, form=SubmissionForm(assignment=assignment)
    )


def assignment_submit(request, *, assignment):
    """POST to submit/: submit a version; errors re-display the form with the text."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SubmissionForm(request.POST, request.FILES, assignment=assignment)
    if form.is_valid():
        try:
            services.submission_create(
                learner=request.user,
                assignment=assignment,
                text=form.cleaned_data.get("text", ""),
                files=form.cleaned_data.get("files", []),
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # Not about what was typed (not enrolled, already awaiting review).
                messages.error(request, exc.messages[0])
                return redirect(assignment.get_url(request))
            form.add_error(None, exc)
        else:
            messages.success(request, MSG_SUBMITTED)
            return redirect(assignment.get_url(request))
    return _assignment_render(request, assignment=assignment, form=form, status=400)


def _file_response(attached: SubmissionFile) -> FileResponse:
    try:
        handle = attached.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attached.name,
        content_type=attached.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def submission_file(request, *, assignment, file_id: int):
    """A submitted file, to whoever may see the submission (else 404)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        attached = selectors.submission_file_get_visible(
            viewer=request.user, pk=file_id
        )
    except SubmissionFile.DoesNotExist:
        raise Http404 from None
    if attached.submission.assignment_key != assignment.translation_key:
        raise Http404
    return _file_response(attached)


# Mentor
# ------------------------------------------------------------------------------


@login_required
@require_GET
@permission_required("assessments.change_submission", raise_exception=True)
def review_queue(request):
    """Submissions of the learners in the viewer's scope awaiting review (oldest
    first), or, with ?state=reviewed, those already reviewed."""
    reviewed = request.GET.get("state") == "reviewed"
    page = Paginator(
        selectors.submission_review_queue(viewer=request.user, reviewed=reviewed),
        QUEUE_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/manage/review_queue.html",
        {
            "page": page,
            "rows": selectors.submission_queue_rows(submissions=page.object_list),
            "state": "reviewed" if reviewed else "awaiting",
        },
    )


@login_required
@permission_required("assessments.change_submission", raise_exception=True)
def review_detail(request, pk: int):
    """A submission to review: its work, the learner's earlier versions, the rubric,
    feedback, and Accept / Return for revision."""
    try:
        submission = selectors.submission_get_for_review(viewer=request.user, pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    context = selectors.submission_review_context(submission=submission)
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=context["criteria"])
        if form.is_valid():
            try:
                reviewed = services.submission_review(
                    submission=submission,
                    reviewer=request.user,
                    rubric_scores=form.rubric_scores(),
                    feedback=form.cleaned_data["feedback"],
                    decision=form.cleaned_data["decision"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                if getattr(exc, "code", None) == "already_reviewed":
                    messages.info(request, exc.messages[0])
                    return redirect("assessments:review", pk=submission.pk)
                form.add_error(None, exc)
            else:
                accepted = reviewed.status == Submission.Status.ACCEPTED
                messages.success(request, MSG_ACCEPTED if accepted else MSG_RETURNED)
                return redirect("assessments:review_queue")
        status = 400
    elif request.method in ("GET", "HEAD"):
        form = ReviewForm(criteria=context["criteria"])
        status = 200
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context["form"] = form
    return render(
        request, "assessments/manage/review_detail.html", context, status=status
    )


@login_required
@require_GET
def review_file(request, pk: int, file_id: int):
    """A file of a submission, checked as the learner's own route checks it."""
    try:
        attached = selectors.submission_file_get_visible(
            viewer=request.user, pk=file_id
        )
    except SubmissionFile.DoesNotExist:
        raise Http404 from None
    if attached.submission_id != pk:
        raise Http404
    return _file_response(attached)
