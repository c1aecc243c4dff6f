"""Placeholder: public verification (being written)."""

from django.http import Http404


def verify_form(request):
    raise Http404


def verify_page(request, code):
    raise Http404


def verify_json(request, code):
    raise Http404


def verify_short(request, code):
    raise Http404
