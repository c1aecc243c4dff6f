"""Placeholder: Open Badges issuer profile, key and status list (being written)."""

from django.http import Http404


def issuer_profile(request):
    raise Http404


def jwks(request):
    raise Http404


def status_list(request):
    raise Http404
