"""Placeholder: the learner's certificate pages (being written)."""

from django.http import Http404


def certificate_list(request):
    raise Http404


def certificate_pdf(request, code):
    raise Http404


def certificate_badge(request, code):
    raise Http404
