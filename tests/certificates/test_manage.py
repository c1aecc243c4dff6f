"""Admins of learners manage certificates: the list in their scope with its filters,
one certificate with its history, clearance and audit entries, and revocation with a
reason (who, when, why)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.codes import code_display
from certificates.models import Certificate
from certificates.selectors import Status
from tests.factories import (
    CertificateRuleFactory,
    UserFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("certificates_manage:list")


def detail_url(certificate) -> str:
    return reverse("certificates_manage:detail", args=[certificate.pk])


def revoke_url(certificate) -> str:
    return reverse("certificates_manage:revoke", args=[certificate.pk])


def issue(rule, *, region, name: str, previous=None) -> Certificate:
    """A certificate of `rule` for a new learner of `region` (or a renewal)."""
    learner = (
        previous.learner if previous else UserFactory(region=region, full_name=name)
    )
    certificate, _created = services.certificate_issue(
        learner=learner, rule=rule, completed_at=timezone.now(), previous=previous
    )
    return certificate


def listed(response) -> list[str]:
    return [row["certificate"].code for row in response.context["rows"]]


@pytest.fixture
def certificate_y(certificate_rule, other_region):
    return issue(certificate_rule, region=other_region, name="Ержан Бекұлы")


# The list
# ------------------------------------------------------------------------------


def test_regional_admin_sees_the_certificates_of_own_region_only(
    regional_admin_client, certificate, certificate_y
):
    response = regional_admin_client.get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [certificate.code]
    html = response.content.decode()
    assert certificate.holder_name in html
    assert code_display(certificate.code) in html
    assert certificate_y.holder_name not in html


def test_national_admin_sees_the_certificates_of_every_region(
    client, national_admin, certificate, certificate_y
):
    client.force_login(national_admin)
    response = client.get(LIST_URL)
    assert set(listed(response)) == {certificate.code, certificate_y.code}


def test_learner_may_not_open_the_certificate_admin_pages(client, certificate):
    client.force_login(certificate.learner)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(certificate)).status_code == 403
    response = client.post(revoke_url(certificate), {"reason": "Сам себе"})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_anonymous_visitor_is_sent_to_log_in(client, certificate):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_list_filters_by_status(
    regional_admin_client, certificate_rule, region, regional_admin
):
    now = timezone.now()
    valid = issue(certificate_rule, region=region, name="Действующий")
    expiring = issue(certificate_rule, region=region, name="Истекающий")
    expired = issue(certificate_rule, region=region, name="Истёкший")
    revoked = issue(certificate_rule, region=region, name="Отозванный")
    Certificate.objects.filter(pk=expiring.pk).update(
        expires_at=now + datetime.timedelta(days=10)
    )
    Certificate.objects.filter(pk=expired.pk).update(
        expires_at=now - datetime.timedelta(days=1)
    )
    services.certificate_revoke(certificate=revoked, by=regional_admin, reason="Ошибка")
    for status, certificate in [
        (Status.VALID, valid),
        (Status.EXPIRING, expiring),
        (Status.EXPIRED, expired),
        (Status.REVOKED, revoked),
    ]:
        response = regional_admin_client.get(LIST_URL, {"status": status})
        assert listed(response) == [certificate.code], status
        assert str(Status.LABELS[status]) in response.content.decode()
    assert len(listed(regional_admin_client.get(LIST_URL))) == 4


def test_list_filters_by_region_and_course(
    client, national_admin, program_page, certificate, certificate_y, other_region
):
    other_course, _lessons = course_with_lessons(
        program_page, 1, slug="emergencies", title="Чрезвычайные ситуации"
    )
    other = issue(
        CertificateRuleFactory(page=other_course), region=other_region, name="Дана Әли"
    )
    client.force_login(national_admin)

    by_region = client.get(LIST_URL, {"region": other_region.pk})
    assert set(listed(by_region)) == {certificate_y.code, other.code}

    by_course = client.get(LIST_URL, {"course": str(other_course.translation_key)})
    assert listed(by_course) == [other.code]
    assert "Чрезвычайные ситуации" in by_course.content.decode()  # a course choice

    both = client.get(
        LIST_URL,
        {"region": other_region.pk, "course": str(certificate.target_key)},
    )
    assert listed(both) == [certificate_y.code]


def test_regional_admin_is_offered_only_own_region(
    regional_admin_client, region, other_region
):
    choices = dict(
        regional_admin_client.get(LIST_URL).context["form"].fields["region"].choices
    )
    assert region.pk in choices
    assert other_region.pk not in choices


def test_list_finds_by_holder_name_or_number(
    regional_admin_client, certificate, certificate_rule, region
):
    other = issue(certificate_rule, region=region, name="Болат Серікұлы")
    assert listed(regional_admin_client.get(LIST_URL, {"q": "Болат"})) == [other.code]
    # A number as printed (grouped) or typed carelessly finds the certificate.
    typed = code_display(certificate.code).lower()
    assert listed(regional_admin_client.get(LIST_URL, {"q": typed})) == [
        certificate.code
    ]
    assert listed(regional_admin_client.get(LIST_URL, {"q": "Никто"})) == []


def count_queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_certificates(
    regional_admin_client, certificate, certificate_rule, region, regional_admin
):
    one = count_queries(regional_admin_client, LIST_URL)
    for number in range(19):
        issued = issue(certificate_rule, region=region, name=f"Волонтёр {number}")
        if number % 3 == 0:
            services.certificate_revoke(
                certificate=issued, by=regional_admin, reason="Проверка"
            )
    many = count_queries(regional_admin_client, LIST_URL)
    assert len(listed(regional_admin_client.get(LIST_URL))) == 20
    assert one == many
    assert many <= 15


# One certificate
# ------------------------------------------------------------------------------


def test_detail_shows_facts_history_clearance_and_links(
    regional_admin_client, certificate, certificate_rule
):
    renewal = issue(certificate_rule, region=None, name="", previous=certificate)
    response = regional_admin_client.get(detail_url(renewal))
    assert response.status_code == 200
    html = response.content.decode()
    assert [row["certificate"] for row in response.context["history"]] == [
        certificate,
        renewal,
    ]
    assert certificate.holder_name in html
    assert code_display(renewal.code) in html
    assert code_display(certificate.code) in html  # the original, in the history
    assert detail_url(certificate) in html
    assert reverse("certificates:pdf", args=[renewal.code]) in html
    assert reverse("certificates:verify", args=[renewal.code]) in html
    assert response.context["clearance"] == []
    assert gettext("No clearance rules are set up.") in html
    assert response.context["can_revoke"]


def test_detail_query_count_does_not_grow_with_history(
    regional_admin_client, certificate, certificate_rule, regional_admin
):
    one = count_queries(regional_admin_client, detail_url(certificate))
    latest = certificate
    for _cycle in range(4):
        latest = issue(certificate_rule, region=None, name="", previous=latest)
    services.certificate_revoke(certificate=latest, by=regional_admin, reason="Ошибка")
    assert count_queries(regional_admin_client, detail_url(latest)) == one


def test_certificate_of_another_region_is_not_found(
    regional_admin_client, certificate_y
):
    assert regional_admin_client.get(detail_url(certificate_y)).status_code == 404
    response = regional_admin_client.post(
        revoke_url(certificate_y), {"reason": "Чужой"}
    )
    assert response.status_code == 404
    certificate_y.refresh_from_db()
    assert certificate_y.revoked_at is None
    assert not ModelLogEntry.objects.for_instance(certificate_y).exists()


# Revocation
# ------------------------------------------------------------------------------


def test_revoke_with_a_reason_revokes_and_records_who_when_and_why(
    regional_admin_client, certificate, regional_admin
):
    before = timezone.now()
    response = regional_admin_client.post(
        revoke_url(certificate), {"reason": "  Выдан по ошибке  "}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(certificate)
    certificate.refresh_from_db()
    assert certificate.revoked_at >= before
    assert certificate.revoked_by == regional_admin
    assert certificate.revoked_reason == "Выдан по ошибке"

    entry = ModelLogEntry.objects.for_instance(certificate).get()
    assert entry.action == "certificates.revoke"
    assert entry.user == regional_admin
    assert entry.timestamp >= before
    assert entry.data["reason"] == "Выдан по ошибке"

    page = regional_admin_client.get(response["Location"])
    html = page.content.decode()
    assert gettext("The certificate is revoked.") in html
    assert "Выдан по ошибке" in html
    assert str(Status.LABELS[Status.REVOKED]) in html
    assert regional_admin.full_name in html  # in the audit entry
    assert not page.context["can_revoke"]
    assert revoke_url(certificate) not in html


def test_revoke_without_a_reason_shows_the_error_and_revokes_nothing(
    regional_admin_client, certificate
):
    response = regional_admin_client.post(revoke_url(certificate), {"reason": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [
        str(services.MSG_REASON_REQUIRED)
    ]
    assert str(services.MSG_REASON_REQUIRED) in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not ModelLogEntry.objects.for_instance(certificate).exists()


def test_second_revoke_says_it_is_revoked_already_and_records_one_entry(
    regional_admin_client, certificate
):
    regional_admin_client.post(revoke_url(certificate), {"reason": "Выдан по ошибке"})
    response = regional_admin_client.post(
        revoke_url(certificate), {"reason": "Ещё раз"}, follow=True
    )
    assert response.status_code == 200
    assert str(services.MSG_ALREADY_REVOKED) in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Выдан по ошибке"
    assert ModelLogEntry.objects.for_instance(certificate).count() == 1


def test_revoke_needs_the_revoke_permission(client, certificate, mentor):
    """A mentor of the region sees learners but may not revoke their certificates."""
    client.force_login(mentor)
    response = client.post(revoke_url(certificate), {"reason": "Без права"})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_is_post_only(regional_admin_client, certificate):
    assert regional_admin_client.get(revoke_url(certificate)).status_code == 405


def test_page_links_keep_the_filters(
    regional_admin_client, certificate_rule, region, monkeypatch
):
    from certificates.views import manage

    monkeypatch.setattr(manage, "PAGE_SIZE", 2)
    for n in range(3):
        issue(certificate_rule, region=region, name=f"Ерлан {n}")

    response = regional_admin_client.get(LIST_URL, {"q": "Ерлан", "status": "valid"})

    assert len(listed(response)) == 2
    html = response.content.decode()
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "page=2" in next_link
    assert "status=valid" in next_link
    assert "q=%D0%95" in next_link  # "Е…", URL-encoded
    second = regional_admin_client.get(LIST_URL + next_link.replace("&amp;", "&"))
    assert len(listed(second)) == 1
