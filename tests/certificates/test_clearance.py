"""Clearance for a risk zone, derived from certificates, acknowledgements and age at
the moment of viewing."""

import datetime

import pytest
from django.utils import timezone, translation

from certificates import selectors, services
from certificates.models import Certificate, ClearanceRequirement, ClearanceRule
from courses import services as course_services
from tests.factories import (
    AcknowledgementFactory,
    CertificateRuleFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(program_page, certified_course, certificate_template):
    """Palliative care: the intro certificate, the palliative certificate, the code
    of conduct signed (an item of the palliative course), 18+."""
    intro, _ = course_with_lessons(program_page, 1, slug="intro")
    intro_rule = CertificateRuleFactory(page=intro, validity_months=None)
    conduct = AcknowledgementFactory(parent=certified_course)
    rule = ClearanceRule.objects.create(
        slug="palliative-care",
        name_kk="Паллиативтік көмек",
        name_ru="Паллиативная помощь",
        name_en="Palliative care",
        min_age=18,
    )
    for page in (intro, certified_course, conduct):
        ClearanceRequirement.objects.create(rule=rule, page=page)
    return {"rule": rule, "intro_rule": intro_rule, "conduct": conduct}


def _qualify(holder, zone, certificate_rule, certified_course):
    intro = services.certificate_issue(
        learner=holder, rule=zone["intro_rule"], completed_at=timezone.now()
    )[0]
    palliative = services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )[0]
    enrolment = course_services.enrolment_create(
        learner=holder, course=certified_course
    )
    course_services.item_complete(enrolment=enrolment, item=zone["conduct"])
    return intro, palliative


def test_a_person_with_both_certificates_the_signed_code_and_18_years_is_cleared(
    holder, zone, certificate_rule, certified_course
):
    _qualify(holder, zone, certificate_rule, certified_course)
    (clearance,) = selectors.clearance_list(learner=holder)
    assert clearance.cleared
    assert clearance.missing == []
    assert [c.rule for c in selectors.clearance_zones(learner=holder)] == [zone["rule"]]


def test_without_the_signed_code_of_conduct_there_is_no_clearance(
    holder, zone, certificate_rule
):
    services.certificate_issue(
        learner=holder, rule=zone["intro_rule"], completed_at=timezone.now()
    )
    services.certificate_issue(
        learner=holder, rule=certificate_rule, completed_at=timezone.now()
    )
    (clearance,) = selectors.clearance_list(learner=holder)
    assert not clearance.cleared
    assert len(clearance.missing) == 1
    assert zone["conduct"].title in str(clearance.missing[0])


def test_under_18_or_an_unknown_birth_date_is_never_cleared(
    holder, zone, certificate_rule, certified_course
):
    _qualify(holder, zone, certificate_rule, certified_course)
    today = timezone.localdate()
    holder.date_of_birth = today.replace(year=today.year - 17)
    holder.save()
    assert selectors.clearance_zones(learner=holder) == []
    holder.date_of_birth = None
    holder.save()
    assert selectors.clearance_zones(learner=holder) == []


def test_clearance_ends_when_a_certificate_expires_or_is_revoked(
    holder, zone, certificate_rule, certified_course, regional_admin
):
    _intro, palliative = _qualify(holder, zone, certificate_rule, certified_course)
    later = palliative.expires_at + datetime.timedelta(days=1)
    assert selectors.clearance_zones(learner=holder)
    assert selectors.clearance_zones(learner=holder, now=later) == []
    services.certificate_revoke(certificate=palliative, by=regional_admin, reason="X")
    assert selectors.clearance_zones(learner=holder) == []


def test_a_renewed_certificate_keeps_the_clearance_after_the_first_expires(
    holder, zone, certificate_rule, certified_course
):
    _intro, palliative = _qualify(holder, zone, certificate_rule, certified_course)
    Certificate.objects.filter(pk=palliative.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    palliative.refresh_from_db()
    assert selectors.clearance_zones(learner=holder) == []
    services.certificate_issue(
        learner=holder,
        rule=certificate_rule,
        completed_at=timezone.now(),
        previous=palliative,
    )
    assert selectors.clearance_zones(learner=holder)


def test_clearance_takes_the_same_number_of_queries_for_more_zones(
    holder, zone, certificate_rule, certified_course, django_assert_max_num_queries
):
    _qualify(holder, zone, certificate_rule, certified_course)
    with django_assert_max_num_queries(5) as one:
        selectors.clearance_list(learner=holder)
    for n in range(4):
        extra = ClearanceRule.objects.create(
            slug=f"zone-{n}", name_kk="А", name_ru="Б", name_en="C", min_age=None
        )
        ClearanceRequirement.objects.create(rule=extra, page=certified_course)
        ClearanceRequirement.objects.create(rule=extra, page=zone["conduct"])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(selectors.clearance_list(learner=holder)) == 5


def test_the_zone_counts_agree_with_each_persons_clearance(
    holder, zone, certificate_rule, certified_course, region
):
    """clearance_zone_counts, the grouped count of reports, counts who clearance_list
    clears: all certificates (two here), the code signed, 18+; not one short of a
    certificate, not one too young, not one with an expired certificate."""
    from django.db.models import Count

    from people.models import User
    from tests.factories import UserFactory

    _qualify(holder, zone, certificate_rule, certified_course)
    young = UserFactory(region=region, date_of_birth=timezone.localdate())
    _qualify(young, zone, certificate_rule, certified_course)
    one_short = UserFactory(region=region)
    services.certificate_issue(
        learner=one_short, rule=certificate_rule, completed_at=timezone.now()
    )
    expired = UserFactory(region=region)
    _intro, palliative = _qualify(expired, zone, certificate_rule, certified_course)
    Certificate.objects.filter(pk=palliative.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    zones, counts = selectors.clearance_zone_counts()
    assert [z.rule for z in zones] == [zone["rule"]]
    people = User.objects.filter(pk__in=[holder.pk, young.pk, one_short.pk, expired.pk])
    (row,) = people.order_by().values("region").annotate(n=Count("pk"), **counts)
    assert (row["n"], row[zones[0].alias]) == (4, 1)
    assert sum(bool(selectors.clearance_zones(learner=p)) for p in people) == 1


def test_a_kazakh_page_names_the_missing_requirements_by_their_kazakh_titles(
    holder, zone, locales
):
    """The rule points at the Russian pages; their Kazakh translations (when there
    are) name them on Kazakh pages, the zone's Kazakh name too."""
    intro = zone["rule"].requirements.first().page.specific
    kazakh = intro.copy_for_translation(locales["kk"], copy_parents=True)
    kazakh.title = "Кіріспе курс"
    kazakh.save_revision().publish()

    with translation.override("kk"):
        (clearance,) = selectors.clearance_list(learner=holder)
        assert clearance.name == str(zone["rule"]) == "Паллиативтік көмек"
        missing = [str(item) for item in clearance.missing]
    assert missing[0] == "Жарамды сертификат: Кіріспе курс"
    # Without a Kazakh translation: the Russian title.
    assert zone["conduct"].title in missing[2]
    with translation.override("ru"):
        (clearance,) = selectors.clearance_list(learner=holder)
        assert str(clearance.missing[0]) == f"Действительный сертификат: {intro.title}"
