"""Open Badges: the issuer profile, its public key set and the revocation status list.

Public addresses without a language prefix, for verifiers (wallets, validators, other
platforms): no login, GET only, readable from any origin. The profile and the key set
change only when the key does, so caches may keep them an hour; the status list is
built on every request and must not be cached, so a revocation shows at once.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .. import credentials

ONE_HOUR = 60 * 60


def _public(response: HttpResponse, **cache_control) -> HttpResponse:
    # Verifiers running in a browser fetch these from other origins; nothing here
    # depends on who asks.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, **cache_control)
    return response


def _json(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def issuer_profile(request):
    """The issuer's Open Badges 3.0 Profile, with its public key."""
    return _public(_json(credentials.issuer_profile()), max_age=ONE_HOUR)


@require_GET
def jwks(request):
    """The JSON Web Key Set that verifies the platform's credentials."""
    return _public(_json(credentials.jwks()), max_age=ONE_HOUR)


@require_GET
def status_list(request):
    """The revocation status list: signed (application/vc+jwt), or with
    ?format=json the unsigned credential for people to read."""
    credential = credentials.status_list_credential()
    if request.GET.get("format") == "json":
        response = _json(credential)
    else:
        response = HttpResponse(
            credentials.status_list_jwt(credential),
            content_type=credentials.STATUS_LIST_MEDIA_TYPE,
        )
    return _public(response, no_cache=True, max_age=0)
