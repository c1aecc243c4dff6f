"""The titles of certificates in the languages their course (or program) is translated
into after they were issued.

A certificate copies the title of its course in each language at issue
(services.certificate_issue). When a course only in Russian then gets its Kazakh
translation, its certificates had no Kazakh title: Kazakh pages and e-mails showed the
Russian one. Publishing the translation gives them its title; what they had stays
(a translation's title changed later is not copied: the certificate keeps the one of
the day it got it), and so does the PDF already made (the document as issued).
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import Certificate

CHUNK = 500


def certificate_titles_add(*, page: Page) -> int:
    """Give the certificates of `page`'s course or program that have no title in
    `page`'s language its title (idempotent). Returns how many changed."""
    language = page.locale.language_code
    pending = Certificate.objects.filter(target_key=page.translation_key).exclude(
        title__has_key=language
    )
    ids = list(pending.values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            certificates = list(
                pending.filter(pk__in=ids[start : start + CHUNK])
                .select_for_update()
                .only("pk", "title")
            )
            for certificate in certificates:
                certificate.title = {**certificate.title, language: page.title}
            Certificate.objects.bulk_update(certificates, ["title"])
        changed += len(certificates)
    return changed
