"""Certificate rules: which rule certifies a course or program, and what renews it."""

from __future__ import annotations

import uuid

from wagtail.models import Page

from core.i18n import localized_pick

from ..models import Certificate, CertificateRule


def certificate_rule_for_key(*, key: uuid.UUID) -> CertificateRule | None:
    """The active rule certifying the course or program with this translation_key."""
    return (
        CertificateRule.objects.filter(page__translation_key=key, is_active=True)
        .select_related("page", "template")
        .order_by("pk")
        .first()
    )


def certificate_refresher_page(
    *, certificate: Certificate, language: str
) -> Page | None:
    """The refresher that renews `certificate` (the short course or quiz its active
    rule names), published, in `language` where translated, else in the default
    language; None when the rule names none."""
    rule = certificate_rule_for_key(key=certificate.target_key)
    if rule is None or rule.refresher_page_id is None:
        return None
    key = (
        Page.objects.filter(pk=rule.refresher_page_id)
        .values_list("translation_key", flat=True)
        .first()
    )
    pages = localized_pick(
        Page.objects.live().filter(translation_key=key).select_related("locale"),
        language,
    )
    return pages.get(key)


def certificate_rules_renewed_by(*, key: uuid.UUID) -> list[CertificateRule]:
    """Active rules whose refresher is the course or quiz with this translation_key."""
    return list(
        CertificateRule.objects.filter(
            refresher_page__translation_key=key, is_active=True
        ).select_related("page", "template")
    )
