"""Public verification of certificates: no login, reached by the QR code's short link
or by typing the number into a form. The page and its JSON twin tell the status,
the holder's name, the course, the dates, the issuer and the risk zones the holder is
cleared for: nothing else about the holder.

Guessing is made pointless by the numbers (100 random bits) and slow by a limit per
client address (certificates.ratelimit). Every answer about a number counts once: the
page, the JSON, and the form's "not found". The form's and the short link's redirects
only pass a number on to the page, which counts it, so a QR scan costs one look-up
and not two; they are refused too once the limit is reached. A number that cannot be
one and a number nobody holds get the same answer: the same message, the same status.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.links import public_url

from .. import credentials, selectors
from ..codes import code_display, code_normalize
from ..forms.public import MSG_NOT_FOUND, VerifyForm
from ..ratelimit import Verdict, verify_rate_check, verify_rate_hit

FORM_TEMPLATE = "certificates/verify_form.html"


def _robots(response):
    """Verification pages carry a person's name: keep them out of search engines."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request, verdict: Verdict, *, as_json: bool = False):
    minutes = max(1, -(-verdict.retry_after // 60))
    if as_json:
        response = JsonResponse(
            {"error": "rate_limited", "retry_after": verdict.retry_after}, status=429
        )
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = render(
            request,
            "certificates/rate_limited.html",
            {"minutes": minutes},
            status=429,
        )
    response["Retry-After"] = str(verdict.retry_after)
    return _robots(response)


def _not_found(request, code: str):
    """The form again, with the number as typed and the one "not found" message."""
    form = VerifyForm(data={"code": code[:64]})
    form.is_valid()
    form.add_error("code", MSG_NOT_FOUND)
    return _robots(render(request, FORM_TEMPLATE, {"form": form}, status=404))


def _verify_url(code: str) -> str:
    return reverse("certificates:verify", args=[code])


@require_safe
def verify_form(request):
    """The form to type a number in (GET, so the answer can be bookmarked). The empty
    form is the same for everyone and may be cached (lms.pagecache); an answer about
    a number never is."""
    if "code" not in request.GET:
        return _robots(render(request, FORM_TEMPLATE, {"form": VerifyForm()}))
    response = _verify_form_answer(request)
    add_never_cache_headers(response)
    return response


def _verify_form_answer(request):
    form = VerifyForm(request.GET)
    if not form.is_valid():  # empty or far too long: nothing was looked up
        return _robots(render(request, FORM_TEMPLATE, {"form": form}))
    verdict = verify_rate_check(request)
    if not verdict.allowed:
        return _too_many(request, verdict)
    code = form.cleaned_data["code"]
    certificate = selectors.certificate_get_by_code(code=code)
    if certificate is None:
        verdict = verify_rate_hit(request)
        if not verdict.allowed:
            return _too_many(request, verdict)
        return _not_found(request, code)
    return redirect(_verify_url(certificate.code))


@never_cache
@require_safe
def verify_page(request, code):
    """A certificate's public page: its status at this moment and its facts."""
    verdict = verify_rate_hit(request)
    if not verdict.allowed:
        return _too_many(request, verdict)
    certificate = selectors.certificate_get_for_verification(code=code)
    if certificate is None:
        return _not_found(request, code)
    verification = selectors.certificate_verification(certificate=certificate)
    return _robots(
        render(
            request,
            "certificates/verify_page.html",
            {"verification": verification, "certificate": certificate},
        )
    )


def _status_entry(certificate) -> dict:
    """Where the certificate's revocation is published: its bit in the Open Badges
    status list (the same entry as in its credential)."""
    return {
        "type": "BitstringStatusListEntry",
        "status_purpose": "revocation",
        "status_list": credentials.status_list_id(),
        "index": certificate.pk,
    }


@never_cache
@require_safe
def verify_json(request, code):
    """The verification page's facts, for machines."""
    verdict = verify_rate_hit(request)
    if not verdict.allowed:
        return _too_many(request, verdict, as_json=True)
    certificate = selectors.certificate_get_for_verification(code=code)
    if certificate is None:
        response = JsonResponse(
            {"error": "not_found", "detail": str(MSG_NOT_FOUND)}, status=404
        )
    else:
        verification = selectors.certificate_verification(certificate=certificate)
        response = JsonResponse(
            _facts(verification), json_dumps_params={"ensure_ascii": False}
        )
    # Public facts, asked for by the number: any site may read them (no cookies sent).
    response["Access-Control-Allow-Origin"] = "*"
    return _robots(response)


def _when(moment):
    return moment.isoformat() if moment else None


def _facts(verification: selectors.Verification) -> dict:
    certificate = verification.certificate
    previous = certificate.previous
    renewal = getattr(certificate, "renewal", None)
    zones = verification.zones
    return {
        "number": verification.number,
        "status": verification.status,
        "status_label": str(verification.status_label),
        "holder_name": certificate.holder_name,
        "kind": certificate.kind,
        "title": certificate.title,
        "hours": float(certificate.hours) if certificate.hours is not None else None,
        "issued_at": _when(certificate.issued_at),
        "expires_at": _when(certificate.expires_at),
        "revoked_at": _when(certificate.revoked_at),
        "issuer": verification.issuers,
        "renews": code_display(previous.code) if previous else None,
        "renewed_by": code_display(renewal.code) if renewal else None,
        # None (not given) for a revoked certificate, [] when cleared for no zone.
        "cleared_zones": (
            None
            if zones is None
            else [{"code": zone.rule.slug, "name": zone.name} for zone in zones]
        ),
        "checked_at": _when(verification.checked_at),
        "verification_url": public_url(_verify_url(certificate.code)),
        "credential_status": _status_entry(certificate),
    }


@never_cache
@require_safe
def verify_short(request, code):
    """The QR code's short link (no language prefix): on to the verification page in
    the visitor's language."""
    verdict = verify_rate_check(request)
    if not verdict.allowed:
        return _too_many(request, verdict)
    language = translation.get_language_from_request(request)
    with translation.override(language):
        url = _verify_url(code_normalize(code) or code)
    return redirect(url)
