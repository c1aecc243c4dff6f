"""Demo certificates: the default template, the rules that certify the demo courses, and
the clearance rules of the five risk zones.

Called by lms.demo after the curriculum and the people exist and before the demo
learners' progress, so that completing the intro course issues its certificate; a
database loaded before the rules existed gets what was earned meanwhile. Idempotent:
a template, rule or clearance rule already there (by name, page or slug) is left
alone.
"""

from __future__ import annotations

from wagtail.models import Locale, Page

from core.demo import DemoDataError, Say
from courses.models import AcknowledgementPage, CoursePage, ProgramPage

from ..models import (
    CertificateRule,
    CertificateTemplate,
    ClearanceRequirement,
    ClearanceRule,
    Signatory,
)
from ..services import certificate_rule_apply

TEMPLATE = {
    "name": "Birgemiz Academy",
    "primary_language": "kk",
    "secondary_language": "ru",
    "issuer_kk": "Ұлттық волонтерлік фронт-офис",
    "issuer_ru": "Национальный волонтёрский фронт-офис",
    "issuer_en": "National Volunteer Front Office",
}
SIGNATORIES = [
    {
        "name_kk": "Жанар Асқарқызы Төлеубаева",
        "name_ru": "Жанар Аскаровна Тулеубаева",
        "title_kk": "Ұлттық волонтерлік фронт-офистің басшысы",
        "title_ru": "Руководитель Национального волонтёрского фронт-офиса",
        "title_en": "Head of the National Volunteer Front Office",
    },
    {
        "name_kk": "Нұрлан Бақытжанұлы Оспанов",
        "name_ru": "Нурлан Бахытжанович Оспанов",
        "title_kk": "Оқу бағдарламаларының үйлестірушісі",
        "title_ru": "Координатор учебных программ",
        "title_en": "Training Programmes Coordinator",
    },
]

INTRO = "volunteer-rights"
REFRESHER = "palliative-care-refresher"
# (course or program slug, valid for months or None: never expires, refresher slug)
RULES = [
    (INTRO, None, None),
    ("palliative-care", 24, REFRESHER),
    ("emergencies", 24, None),
    ("disabilities", 24, None),
    ("elderly-care", 24, None),
    ("children-in-care", 24, None),
    ("grant-applications", None, None),
    ("rfo-onboarding", None, None),  # the program for new RFO staff
]
# (slug, names kk/ru/en, risk-zone course, minimum age). Emergencies: never under 18
# (Law on Volunteer Activity, Art. 12.2-1); palliative care is 18+ too; work with people
# with disabilities and older people is open from 16 (their courses have no age
# limit; the law allows under-18s where it does not harm them); children in care is
# 18+, as institutions ask adults for a certificate of no criminal record.
ZONES = [
    (
        "palliative-care",
        ("Паллиативтік көмек", "Паллиативная помощь", "Palliative care"),
        "palliative-care",
        18,
    ),
    (
        "emergencies",
        ("Төтенше жағдайлар", "Чрезвычайные ситуации", "Emergencies"),
        "emergencies",
        18,
    ),
    (
        "disabilities",
        (
            "Мүгедектігі бар адамдар",
            "Люди с инвалидностью",
            "People with disabilities",
        ),
        "disabilities",
        16,
    ),
    (
        "elderly",
        ("Егде жастағы адамдар", "Пожилые люди", "Older people"),
        "elderly-care",
        16,
    ),
    (
        "children-in-care",
        (
            "Жетім балалар және қиын жағдайдағы балалар",
            "Дети-сироты и дети в трудной жизненной ситуации",
            "Children in care",
        ),
        "children-in-care",
        18,
    ),
]
ACKNOWLEDGEMENT_SLUG = "code-of-conduct"


def _page(slug: str, locale: Locale) -> Page:
    page = (
        CoursePage.objects.filter(locale=locale, slug=slug).first()
        or ProgramPage.objects.filter(locale=locale, slug=slug).first()
    )
    if page is None:
        raise DemoDataError(f"no demo course or program {slug!r}")
    return page


def template_load(say: Say) -> CertificateTemplate:
    """The default bilingual template (Kazakh and Russian) with its signatories."""
    template = CertificateTemplate.objects.filter(name=TEMPLATE["name"]).first()
    if template is not None:
        return template
    template = CertificateTemplate(
        **TEMPLATE,
        is_default=not CertificateTemplate.objects.filter(is_default=True).exists(),
    )
    for order, spec in enumerate(SIGNATORIES):
        template.signatories.add(Signatory(sort_order=order, **spec))
    template.save()
    say(f"certificate template {template.name}")
    return template


def rules_load(say: Say, locale: Locale) -> None:
    """One certificate rule per certified course or program (translations share it)."""
    existing = set(CertificateRule.objects.values_list("page_id", flat=True))
    for slug, months, refresher in RULES:
        page = _page(slug, locale)
        if page.pk in existing:
            continue
        CertificateRule.objects.create(
            page=page,
            validity_months=months,
            refresher_page=_page(refresher, locale) if refresher else None,
        )
        say(f"certificate rule {slug}")


def clearance_load(say: Say, locale: Locale) -> None:
    """Each risk zone: valid intro and zone certificates, the zone course's code of
    conduct signed, and the minimum age."""
    existing = set(ClearanceRule.objects.values_list("slug", flat=True))
    intro = _page(INTRO, locale)
    for order, (slug, (name_kk, name_ru, name_en), course_slug, age) in enumerate(
        ZONES
    ):
        if slug in existing:
            continue
        course = _page(course_slug, locale)
        code = (
            AcknowledgementPage.objects.child_of(course)
            .filter(slug=ACKNOWLEDGEMENT_SLUG)
            .first()
        )
        if code is None:
            raise DemoDataError(f"{course_slug}: no code of conduct item")
        rule = ClearanceRule(
            slug=slug,
            name_kk=name_kk,
            name_ru=name_ru,
            name_en=name_en,
            min_age=age,
            sort_order=order,
        )
        for position, page in enumerate((intro, course, code)):
            rule.requirements.add(ClearanceRequirement(page=page, sort_order=position))
        rule.save()
        say(f"clearance rule {slug}")


def certificates_demo_load(*, say: Say) -> None:
    """The template, the certificate rules and the clearance rules of the demo; then
    what was earned before the rules existed (a database loaded before them)."""
    ru = Locale.objects.get(language_code="ru")
    template_load(say)
    rules_load(say, ru)
    clearance_load(say, ru)
    if sum(
        certificate_rule_apply(rule=rule)
        for rule in CertificateRule.objects.filter(is_active=True)
    ):
        say("certificates earned before the rules existed")
