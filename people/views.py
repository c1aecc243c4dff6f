"""Learner-facing views of people: profile, data download, erasure, privacy policy."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import sensitive_action
from .forms import ErasureRequestForm, ProfileForm


@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.user_profile_update(user=user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("people:profile")
    else:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "region": user.region_id,
                "organization_kind": user.organization_kind,
                "date_of_birth": user.date_of_birth,
                "preferred_language": user.preferred_language,
            }
        )
    context = {
        "form": form,
        "consent": selectors.consent_current(
            user=user, policy_version=settings.LMS_CONSENT_POLICY_VERSION
        ),
        "erasure_request": selectors.erasure_request_pending(user=user),
        "positions": user.positions.select_related("organization"),
        "handovers": selectors.handover_list_for_user(user=user),
    }
    return render(request, "people/profile.html", context)


@login_required
def data_export(request):
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="birgemiz-academy-my-data-{stamp}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@sensitive_action
def erasure_request(request):
    """The request to erase one's account and data: sent after a re-authentication
    (people.access), which carries out the request sent once it is done."""
    pending = selectors.erasure_request_pending(user=request.user)
    if request.method == "POST" and pending is None:
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                services.user_erasure_request(user=request.user)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been received. Your personal data will be "
                        "erased after the waiting period; until then you can cancel it "
                        "here."
                    ),
                )
            return redirect("people:erasure_request")
    else:
        form = ErasureRequestForm()
    return render(
        request,
        "people/erasure_request.html",
        {
            "form": form,
            "pending": pending,
            "grace_days": settings.LMS_ERASURE_GRACE_DAYS,
        },
    )


@login_required
@require_POST
def erasure_cancel(request):
    if services.user_erasure_cancel(user=request.user):
        messages.success(request, _("Your erasure request has been cancelled."))
    return redirect("people:profile")


def privacy(request):
    return render(
        request,
        "people/privacy_policy.html",
        {"policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )
