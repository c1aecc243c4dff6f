"""Views of learning: enrolling, items, My learning, the learners in scope, the overdue
list, the positions overview (and the handlers routed from course pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagecache import content_cached
from people.models import User
from people.selectors import (
    user_get_visible,
    user_list_visible,
    user_region_history,
    user_scope,
)

from .. import selectors, services
from ..forms import AssignForm, LearnerSearchForm, OverdueFilterForm
from ..models import Enrolment


def course_enrol(request, *, course):
    """POST to a course's enrol/ route: enrol, or say exactly what is missing."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    already = selectors.enrolment_get_for(learner=request.user, course=course)
    try:
        enrolment = services.enrolment_create(learner=request.user, course=course)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(course.url)
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    first = outline.continue_item()
    if already is None:
        messages.success(request, _("You are enrolled. Good luck!"))
    else:
        messages.info(request, _("You are already enrolled in this course."))
    return redirect(first.page.url if first else course.url)


def course_item_access(request, *, item):
    """Who may open an item page: enrolled learners, and editors of the page.
    Returns a response when access is refused, None when allowed."""
    if getattr(request, "is_preview", False):
        return None
    # An item under an unpublished course never gets here: the course's route answers
    # 404 first (courses.models.HiddenSubtreeMixin).
    course = selectors.course_of_item(item=item)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrolment, done = selectors.enrolment_progress_get(
        learner=request.user, course=course
    )
    # Handed to the page's get_context, which would otherwise read them again.
    request.lms_item_course, request.lms_enrolment = course, enrolment
    request.lms_done = done
    if enrolment is None:
        if _can_edit(request.user, item):
            return None
        messages.info(request, _("Enrol in the course to open its lessons."))
        return redirect(course.url)
    if request.method == "GET":
        services.enrolment_item_visit(enrolment=enrolment, item=item)
    return None


def _can_edit(user, item) -> bool:
    return user.is_authenticated and item.permissions_for_user(user).can_edit()


def course_completed_message(request, *, enrolment, was_completed: bool) -> bool:
    """Congratulate the learner when the item just done completed the course (not
    when it was complete already). Returns True when it did."""
    if enrolment is None or was_completed or enrolment.completed_at is None:
        return False
    messages.success(
        request,
        _("Course completed. Well done! Date of completion: %(date)s")
        % {
            "date": date_format(
                timezone.localtime(enrolment.completed_at), "DATE_FORMAT"
            )
        },
    )
    return True


def lesson_mark_done(request, *, lesson):
    """POST to a lesson's done/ route: mark it done and go on to the next item."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    course = selectors.course_of_item(item=lesson)
    enrolment = selectors.enrolment_get_for(learner=request.user, course=course)
    if enrolment is None:
        messages.error(request, _("Enrol in the course first."))
        return redirect(course.url)
    was_completed = enrolment.completed_at is not None
    services.item_complete(enrolment=enrolment, item=lesson)
    if course_completed_message(
        request, enrolment=enrolment, was_completed=was_completed
    ):
        return redirect(course.url)
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    _previous, following = outline.neighbours(lesson.translation_key)
    messages.success(request, _("Lesson marked as done."))
    return redirect(following.page.url if following else course.url)


def acknowledgement_sign(request, *, page):
    """POST to an acknowledgement's acknowledge/ route: with the box ticked, record
    the acknowledgement (once, however often it is posted) and show its date; without
    it, show the page again with the error."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    course = selectors.course_of_item(item=page)
    enrolment = selectors.enrolment_get_for(learner=request.user, course=course)
    if enrolment is None:
        messages.error(request, _("Enrol in the course first."))
        return redirect(course.url)
    if request.POST.get("agree") != "yes":
        error = _("Tick the box to confirm the statement.")
        response = page.render(
            request,
            # form_errors: the page's error summary (a checkbox, not a Django form).
            context_overrides={"agree_error": error, "form_errors": [("agree", error)]},
        )
        response.status_code = 400
        return response
    was_completed = enrolment.completed_at is not None
    progress = services.item_complete(enrolment=enrolment, item=page)
    messages.success(
        request,
        _("You acknowledged this on %(date)s")
        % {
            "date": date_format(
                timezone.localtime(progress.completed_at), "DATE_FORMAT"
            )
        },
    )
    course_completed_message(request, enrolment=enrolment, was_completed=was_completed)
    return redirect(page.url)


# Stands for the request's CSRF token in a rendering kept for later requests.
CSRF_PLACEHOLDER = "lms-csrf-token-placeholder"


@login_required
def my_learning(request):
    """The learner's lists are rendered once per learning stamp (their enrolments,
    progress, assignments), content version, day and language, and kept in the
    process's memory; the CSRF token of its Start buttons is put in per request. The
    certificates panel is rendered on every request (statuses change with the hour)."""
    learner = request.user
    key = (
        "my-learning",
        learner.pk,
        selectors.learning_stamp(learner=learner),
        timezone.localdate().isoformat(),
        translation.get_language(),
    )
    lists = content_cached(
        key,
        lambda: render_to_string(
            "courses/includes/my_learning_lists.html",
            {
                "learning": selectors.my_learning(learner=learner),
                "own": True,
                "csrf_token": CSRF_PLACEHOLDER,
            },
            request=request,
        ),
    )
    return render(
        request,
        "courses/my_learning.html",
        # Our own template's output, escaped when rendered (bandit's B308/B703).
        {"lists": mark_safe(lists.replace(CSRF_PLACEHOLDER, get_token(request)))},  # nosec
    )


@login_required
def enrolment_detail(request, pk: int):
    """An enrolment's progress, item by item; visible to its learner and their admins."""
    try:
        enrolment = selectors.enrolment_get_visible(viewer=request.user, pk=pk)
    except Enrolment.DoesNotExist:
        raise Http404 from None
    course = selectors.course_page_for_key(key=enrolment.course_key)
    if course is None:
        raise Http404
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    return render(
        request,
        "courses/enrolment_detail.html",
        {"enrolment": enrolment, "course": course, "outline": outline},
    )


# Admin views of the learners in scope
# ------------------------------------------------------------------------------


@login_required
@permission_required("people.view_user", raise_exception=True)
def learner_list(request):
    form = LearnerSearchForm(request.GET)
    query = form.query()
    learners = user_list_visible(viewer=request.user).filter(is_active=True)
    if query:
        learners = learners.filter(full_name__icontains=query) | learners.filter(
            email__icontains=query
        )
    page = Paginator(learners.order_by("full_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/manage/learner_list.html",
        {"page": page, "query": query, "form": form},
    )


def _learner_detail(
    request, learner, *, form: AssignForm, blockers=None, status: int = 200
):
    return render(
        request,
        "courses/manage/learner_detail.html",
        {
            "learner": learner,
            "learning": selectors.my_learning(learner=learner),
            "region_history": user_region_history(user=learner),
            "own": learner.pk == request.user.pk,
            "form": form,
            "blockers": blockers or [],
            "can_assign": request.user.has_perm("courses.add_assignment"),
        },
        status=status,
    )


@login_required
@permission_required("people.view_user", raise_exception=True)
def learner_detail(request, pk: int):
    try:
        learner = user_get_visible(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    return _learner_detail(request, learner, form=AssignForm())


@login_required
@require_POST
@permission_required("courses.add_assignment", raise_exception=True)
def learner_assign(request, pk: int):
    """Assign learning. When the person cannot start it yet (a minimum age, a required
    course), show what is missing and save nothing until "Assign anyway" is ticked."""
    try:
        learner = user_get_visible(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    form = AssignForm(request.POST, confirm=True)
    if not form.is_valid():
        return _learner_detail(
            request, learner, form=AssignForm(request.POST), status=400
        )
    confirmed = form.cleaned_data["confirm"]
    try:
        _assignment, created = services.assignment_create(
            learner=learner,
            target=form.cleaned_data["target"],
            due_date=form.cleaned_data["due_date"],
            assigned_by=request.user,
            unmet_confirmed=confirmed,
        )
    except PermissionDenied:
        raise Http404 from None
    except services.AssignmentUnmetRequirements as exc:
        return _learner_detail(request, learner, form=form, blockers=exc.blockers)
    if not created:
        messages.info(request, _("This was already assigned; nothing changed."))
    elif confirmed:
        messages.success(
            request,
            _(
                "Assigned. The person cannot start all of it yet: My learning tells "
                "them what is missing."
            ),
        )
    else:
        messages.success(request, _("Assigned."))
    return redirect("courses:learner_detail", pk=learner.pk)


@login_required
@permission_required("people.view_position", raise_exception=True)
def position_overview(request):
    """National admins: every region's positions (filled, vacant, in hand-over) and
    how far each newcomer is through onboarding. Here rather than in people because
    onboarding progress is courses' data (courses may import people, not the reverse)."""
    if not user_scope(user=request.user).everything:
        raise PermissionDenied
    return render(
        request,
        "courses/manage/position_overview.html",
        {"rows": selectors.position_overview()},
    )


@login_required
@permission_required("people.view_user", raise_exception=True)
def overdue_list(request):
    """The people in scope whose assigned learning is overdue (national admins: every
    region, with a filter), with a "Remind" button each."""
    form = OverdueFilterForm(request.GET or None, viewer=request.user)
    rows = selectors.overdue_learners(viewer=request.user, region_id=form.region_id())
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/manage/overdue_list.html",
        {
            "form": form,
            "page": page,
            "can_remind": request.user.has_perm("courses.add_assignment"),
        },
    )


@login_required
@require_POST
@permission_required("courses.add_assignment", raise_exception=True)
def overdue_remind(request, pk: int):
    """E-mail a person in scope a reminder of their overdue learning (once a day)."""
    try:
        learner = user_get_visible(viewer=request.user, pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    try:
        services.assignment_nudge(learner=learner, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.warning(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s will get an e-mail reminder of their overdue learning.")
            % {"name": learner.full_name or learner.email},
        )
    return redirect("courses:overdue_list")
