"""Views of the Standard of volunteer support: acknowledging it (from its page or from a
course item) and the acknowledgement rates per region."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from people.selectors import region_list, user_scope

from .. import selectors, services
from .learning import course_completed_message


def _standard_acknowledge(request, *, page, back: str):
    """Acknowledge the version the form shows (refused if it is not the current one)
    and say so; the response goes back to `back`."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        number = int(request.POST.get("version", ""))
    except ValueError:
        number = -1
    try:
        acknowledgement, _created = services.standard_acknowledge(
            user=request.user, page=page, number=number
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    messages.success(
        request,
        _("You acknowledged version %(number)s on %(date)s.")
        % {
            "number": acknowledgement.version.number,
            "date": date_format(
                timezone.localtime(acknowledgement.acknowledged_at), "DATE_FORMAT"
            ),
        },
    )
    return redirect(back)


def standard_acknowledge(request, *, page):
    """POST to the Standard's acknowledge/ route: "I have read version N and will
    follow it" (once, however often it is posted)."""
    return _standard_acknowledge(request, page=page, back=page.url)


def standard_item_acknowledge(request, *, item):
    """POST to a Standard-acknowledgement item's acknowledge/ route: the same, from
    inside a course, which completes the item (the item page let only enrolled
    learners and editors through: CourseItemPage.serve)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    course = selectors.course_of_item(item=item)
    enrolment = selectors.enrolment_get_for(learner=request.user, course=course)
    if enrolment is None:
        messages.error(request, _("Enrol in the course first."))
        return redirect(course.url)
    was_completed = enrolment.completed_at is not None
    response = _standard_acknowledge(request, page=item.standard, back=item.url)
    enrolment.refresh_from_db()
    course_completed_message(request, enrolment=enrolment, was_completed=was_completed)
    return response


def _rates_page_or_404(request):
    try:
        page_id = int(request.GET["standard"]) if "standard" in request.GET else None
    except ValueError:
        raise Http404 from None
    page = selectors.standard_page_for_rates(page_id=page_id)
    if page is None:
        raise Http404
    return page


@login_required
@permission_required("people.view_user", raise_exception=True)
def standard_rates(request):
    """Acknowledgement rates of the Standard per region in the viewer's scope (a
    page saying so while no Standard is published)."""
    if (
        "standard" not in request.GET
        and selectors.standard_page_for_rates(page_id=None) is None
    ):
        return render(request, "courses/manage/standard_rates.html", {})
    page = _rates_page_or_404(request)
    rows, total = selectors.standard_rates_by_region(viewer=request.user, page=page)
    return render(
        request,
        "courses/manage/standard_rates.html",
        {
            "standard": page,
            "current_version": selectors.standard_version_current(page=page),
            "rows": rows,
            "total": total,
        },
    )


@login_required
@permission_required("people.view_user", raise_exception=True)
def standard_region_people(request, region_id: int):
    """The people of one region in the Standard's roles, with the latest version each
    acknowledged (0: those without a region, for national admins)."""
    page = _rates_page_or_404(request)
    region = None
    if region_id:
        if not selectors.standard_region_visible(
            viewer=request.user, region_id=region_id
        ):
            raise Http404
        region = region_list().filter(pk=region_id).first()
        if region is None:
            raise Http404
    elif not user_scope(user=request.user).everything:
        raise Http404
    people = Paginator(
        selectors.standard_people_in_region(
            viewer=request.user, page=page, region_id=region_id or None
        ),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/manage/standard_region_people.html",
        {
            "standard": page,
            "current_version": selectors.standard_version_current(page=page),
            "region": region,
            "page": people,
        },
    )
