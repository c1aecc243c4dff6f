"""Consent pages: the question asked again when the personal-data policy changed
(people.middleware sends every signed-in person who has not answered it here), what
declining means, and the admins' registration of a child under 14 and recording of a
guardian's consent (on the site's management pages: regional admins have no Wagtail
admin)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms_consent import ConsentForm, GuardianConsentForm, MinorRegistrationForm

REGISTER_PERMISSION = "people.register_minor"


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return get_adapter(request).get_login_redirect_url(request)


def _data(request):
    return request.POST if request.method == "POST" else None


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def consent(request):
    """The current policy in brief and the question: agree (as at sign-up: under 18
    with a parent's consent) or decline. A child under 14 cannot answer it here."""
    user = request.user
    next_url = _next_url(request)
    if selectors.consent_is_current(user=user):
        return redirect(next_url)
    age = user.age_on(timezone.localdate())
    child = age is not None and age < services.CHILD_AGE
    minor = age is not None and age < services.ADULT_AGE
    form = None
    if not child:
        form = ConsentForm(_data(request), minor=minor)
        if request.method == "POST" and form.is_valid():
            try:
                services.consent_give(
                    user=user,
                    consent=form.cleaned_data["consent"],
                    guardian_name=form.cleaned_data.get("guardian_name", ""),
                    guardian_consent=form.cleaned_data.get("guardian_consent", False),
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Thank you: your consent is recorded."))
                return redirect(next_url)
    return render(
        request,
        "people/consent.html",
        {
            "form": form,
            "child": child,
            "minor": minor,
            "policy_version": settings.LMS_CONSENT_POLICY_VERSION,
            "previous_version": user.consent_policy_version,
            "next": next_url,
        },
    )


@login_required
@require_POST
def consent_decline(request):
    """The person declines: recorded, then signed out (people.consent_declined says
    what follows)."""
    services.consent_decline(user=request.user)
    logout(request)
    return redirect("people:consent_declined")


def consent_declined(request):
    return render(
        request,
        "people/consent_declined.html",
        {"policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )


@login_required
@permission_required(REGISTER_PERMISSION, raise_exception=True)
def minor_register(request):
    """An admin registers a child under 14 of their region with the guardian's
    written consent."""
    form = MinorRegistrationForm(_data(request), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.minor_register(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered, with the consent of %(guardian)s. An "
                    "invitation to choose a password has been sent to %(email)s."
                )
                % {
                    "name": child.full_name,
                    "guardian": form.cleaned_data["guardian_name"].strip(),
                    "email": child.email,
                },
            )
            return redirect("people:minor_register")
    return render(
        request,
        "people/minor_register.html",
        {"form": form, "policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )


@login_required
@permission_required(REGISTER_PERMISSION, raise_exception=True)
def guardian_consent(request):
    """An admin records a guardian's written consent to the current policy version
    for a minor of their region (a child under 14 is asked again through them)."""
    form = GuardianConsentForm(_data(request), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.guardian_consent_record(
                by=request.user,
                person=person,
                guardian_name=form.cleaned_data["guardian_name"],
                guardian_consent=form.cleaned_data["guardian_consent"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The consent of %(guardian)s for %(name)s is recorded (policy "
                    "version %(version)s)."
                )
                % {
                    "guardian": form.cleaned_data["guardian_name"].strip(),
                    "name": person.full_name or person.email,
                    "version": settings.LMS_CONSENT_POLICY_VERSION,
                },
            )
            return redirect("people:guardian_consent")
    return render(
        request,
        "people/guardian_consent.html",
        {"form": form, "policy_version": settings.LMS_CONSENT_POLICY_VERSION},
    )
