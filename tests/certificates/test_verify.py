"""Public verification: the page, its JSON, the form, the QR short link, the limit."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services
from certificates.codes import code_display
from certificates.forms import MSG_NOT_FOUND
from certificates.models import Certificate, ClearanceRequirement, ClearanceRule
from certificates.selectors import Status
from tests.courses.helpers import page_text, ru, ru_date
from tests.factories import CertificateRuleFactory, course_with_lessons

pytestmark = pytest.mark.django_db

UNKNOWN = "7KQ2M9XD4HBTR6WCZ3NP"  # well formed, held by nobody
MALFORMED = "HELLO-WORLD"


@pytest.fixture
def palliative_zone(certified_course):
    """A risk zone needing a valid certificate of the certified course and age 18."""
    zone = ClearanceRule.objects.create(
        slug="palliative",
        name_kk="Паллиативтік көмек",
        name_ru="Паллиативная помощь",
        name_en="Palliative care",
        min_age=18,
    )
    ClearanceRequirement.objects.create(rule=zone, page=certified_course)
    return zone


def without(response, code: str) -> str:
    """The HTML with the echoed number and the (per response) CSRF token blanked."""
    text = response.content.decode().replace(code, "X")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def page_url(code: str, language: str = "ru") -> str:
    return f"/{language}/verify/{code}/"


def json_url(code: str) -> str:
    return f"/ru/verify/{code}/json/"


def set_expiry(certificate: Certificate, days: int) -> Certificate:
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=days)
    )
    certificate.refresh_from_db()
    return certificate


def holder_secrets(holder) -> list[str]:
    """What the page must never show about the holder."""
    born = holder.date_of_birth
    return [
        holder.email,
        born.isoformat(),
        born.strftime("%d.%m.%Y"),
        ru_date(born),
        holder.region.name_ru,
    ]


# The page
# ------------------------------------------------------------------------------


def test_verify_page_shows_a_valid_certificate_and_nothing_else_about_the_holder(
    client, certificate, holder, palliative_zone
):
    response = client.get(page_url(certificate.code))

    assert response.status_code == 200
    html = page_text(response)
    assert ru(Status.LABELS[Status.VALID]) in html
    assert "Айгерім Сұлтанқызы Өтегенова" in html
    assert "Паллиативная помощь" in html  # course title and the cleared zone
    assert code_display(certificate.code) in html
    assert "Национальный волонтёрский фронт-офис" in html  # issuer, in Russian
    assert ru_date(certificate.issued_at) in html
    assert ru_date(certificate.expires_at) in html
    assert response.context["verification"].zones[0].rule == palliative_zone
    for secret in holder_secrets(holder):
        assert secret not in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_verify_page_uses_the_language_of_its_address(client, certificate):
    response = client.get(page_url(certificate.code, "en"))

    assert "National Volunteer Front Office" in page_text(response)


def test_verify_page_says_a_certificate_expires_soon(client, certificate):
    set_expiry(certificate, days=10)

    response = client.get(page_url(certificate.code))

    assert response.context["verification"].status == Status.EXPIRING
    html = page_text(response)
    assert ru(Status.LABELS[Status.EXPIRING]) in html
    assert ru_date(certificate.expires_at) in html


def test_verify_page_says_a_certificate_expired_and_when(client, certificate):
    set_expiry(certificate, days=-3)

    response = client.get(page_url(certificate.code))

    assert response.context["verification"].status == Status.EXPIRED
    assert ru("Expired on %(date)s", date=ru_date(certificate.expires_at)) in page_text(
        response
    )


def test_verify_page_of_a_revoked_certificate_shows_the_date_but_not_the_reason(
    client, certificate, regional_admin, palliative_zone
):
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Выдан по ошибке"
    )

    response = client.get(page_url(certificate.code))

    assert response.status_code == 200
    html = page_text(response)
    assert ru("Revoked on %(date)s", date=ru_date(certificate.revoked_at)) in html
    assert "Выдан по ошибке" not in html
    # A revoked document vouches for nothing, the holder's clearance included.
    assert response.context["verification"].zones is None
    assert "Паллиативная помощь</li>" not in html
    assert ru("Clearance is not shown on the page of a revoked certificate.") in html


def test_verify_page_shows_the_renewal_chain_both_ways(client, certificate, holder):
    set_expiry(certificate, days=10)
    renewal, _created = services.certificate_issue(
        learner=holder,
        rule=certificate.rule,
        completed_at=timezone.now(),
        previous=certificate,
    )

    old_page = page_text(client.get(page_url(certificate.code)))
    new_page = page_text(client.get(page_url(renewal.code)))

    assert ru("Renewed by certificate") in old_page
    assert f'href="{page_url(renewal.code)}">{code_display(renewal.code)}' in old_page
    assert ru("Renews certificate") in new_page
    assert (
        f'href="{page_url(certificate.code)}">{code_display(certificate.code)}'
        in new_page
    )


def test_verify_page_finds_a_number_typed_in_lowercase_with_dashes(client, certificate):
    typed = code_display(certificate.code).lower()

    response = client.get(page_url(typed))

    assert response.status_code == 200
    assert response.context["verification"].certificate == certificate


def test_unknown_and_malformed_numbers_get_the_same_not_found_answer(client):
    unknown = client.get(page_url(UNKNOWN))
    malformed = client.get(page_url(MALFORMED))

    assert unknown.status_code == malformed.status_code == 404
    assert ru(str(MSG_NOT_FOUND)) in page_text(unknown)
    # Nothing but the echoed number tells the two apart.
    assert without(unknown, UNKNOWN) == without(malformed, MALFORMED)


# The form
# ------------------------------------------------------------------------------


def test_verify_form_is_public_and_empty_at_first(client):
    response = client.get("/ru/verify/")

    assert response.status_code == 200
    html = page_text(response)
    assert 'name="code"' in html
    assert str(MSG_NOT_FOUND) not in html


def test_verify_form_sends_a_found_number_to_its_page(client, certificate):
    typed = code_display(certificate.code).lower()

    response = client.get("/ru/verify/", {"code": typed})

    assert response.status_code == 302
    assert response.url == page_url(certificate.code)


def test_verify_form_answers_unknown_and_malformed_alike_with_404(client):
    unknown = client.get("/ru/verify/", {"code": UNKNOWN})
    malformed = client.get("/ru/verify/", {"code": MALFORMED})

    assert unknown.status_code == malformed.status_code == 404
    assert unknown.context["form"].errors == malformed.context["form"].errors
    assert unknown.context["form"].errors["code"] == [ru(str(MSG_NOT_FOUND))]
    assert without(unknown, UNKNOWN) == without(malformed, MALFORMED)


def test_verify_form_without_a_number_asks_for_one(client):
    response = client.get("/ru/verify/", {"code": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]


# JSON
# ------------------------------------------------------------------------------


def test_verify_json_tells_the_facts_of_the_page(
    client, certificate, holder, palliative_zone, settings
):
    response = client.get(json_url(certificate.code))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == Status.VALID
    assert data["holder_name"] == "Айгерім Сұлтанқызы Өтегенова"
    assert data["title"] == certificate.title
    assert data["title"]["ru"] == "Паллиативная помощь"
    assert data["hours"] == 6
    assert data["number"] == code_display(certificate.code)
    assert data["issued_at"] == certificate.issued_at.isoformat()
    assert data["expires_at"] == certificate.expires_at.isoformat()
    assert data["revoked_at"] is None
    assert data["issuer"]["ru"] == "Национальный волонтёрский фронт-офис"
    assert data["issuer"]["kk"] == "Ұлттық волонтерлік фронт-офис"
    assert data["cleared_zones"] == [
        {"code": "palliative", "name": "Паллиативная помощь"}
    ]
    assert data["renews"] is None and data["renewed_by"] is None
    assert data["verification_url"] == (
        f"{settings.LMS_PUBLIC_URL}/ru/verify/{certificate.code}/"
    )
    assert data["credential_status"]["index"] == certificate.pk
    assert data["credential_status"]["status_list"].endswith(
        "/credentials/status/revocation"
    )
    text = response.content.decode()
    for secret in holder_secrets(holder):
        assert secret not in text
    assert "date_of_birth" not in text and "email" not in text


def test_verify_json_of_a_revoked_certificate(client, certificate, regional_admin):
    services.certificate_revoke(
        certificate=certificate, by=regional_admin, reason="Выдан по ошибке"
    )

    data = client.get(json_url(certificate.code)).json()

    assert data["status"] == Status.REVOKED
    assert data["revoked_at"] == certificate.revoked_at.isoformat()
    assert data["cleared_zones"] is None
    assert "Выдан по ошибке" not in str(data)


def test_verify_json_answers_unknown_and_malformed_alike(client):
    unknown = client.get(json_url(UNKNOWN))
    malformed = client.get(json_url(MALFORMED))

    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()
    assert unknown.json()["error"] == "not_found"


# The QR code's short link
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_short_link_redirects_to_the_page_in_the_visitors_language(
    client, certificate, language
):
    response = client.get(
        f"/v/{certificate.code.lower()}", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 302
    assert response.url == page_url(certificate.code, language)


# The limit
# ------------------------------------------------------------------------------


def shown(response, certificate) -> bool:
    """The look-up went through: the page names the certificate, valid."""
    html = page_text(response)
    return (
        response.status_code == 200
        and code_display(certificate.code) in html
        and ru(Status.LABELS[Status.VALID]) in html
    )


def test_the_31st_look_up_in_the_window_is_refused_with_retry_after(client):
    for _ in range(30):
        assert client.get(json_url(UNKNOWN)).status_code == 404

    refused = client.get(json_url(UNKNOWN))

    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 600


def test_every_route_refuses_once_the_limit_is_reached(client, certificate, settings):
    settings.LMS_VERIFY_RATE = "3/60"
    assert shown(client.get(page_url(certificate.code)), certificate)
    looked_up = client.get(json_url(certificate.code))
    assert looked_up.status_code == 200
    assert looked_up.json()["number"] == code_display(certificate.code)
    assert client.get("/ru/verify/", {"code": MALFORMED}).status_code == 404

    page = client.get(page_url(certificate.code))
    form = client.get("/ru/verify/", {"code": certificate.code})
    short = client.get(f"/v/{certificate.code}")

    for response in (page, form, short):
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
    assert ru("Too many look-ups") in page_text(page)
    # An empty form is no look-up: it still shows.
    empty = client.get("/ru/verify/")
    assert empty.status_code == 200
    assert ru("Too many look-ups") not in page_text(empty)
    assert 'name="code"' in empty.content.decode()


def test_the_limit_is_per_client_address(client, certificate, settings):
    settings.LMS_VERIFY_RATE = "1/60"
    assert shown(client.get(page_url(certificate.code)), certificate)
    assert client.get(page_url(certificate.code)).status_code == 429

    other = client.get(page_url(certificate.code), REMOTE_ADDR="10.0.0.9")

    assert shown(other, certificate)


def test_behind_a_proxy_the_limit_is_per_address_the_proxy_passes(
    client, certificate, settings
):
    settings.LMS_VERIFY_RATE = "1/60"
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    url = page_url(certificate.code)
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert shown(client.get(url, **proxy, **first), certificate)
    assert client.get(url, **proxy, **first).status_code == 429
    # Another visitor through the same proxy has a counter of their own; a client
    # writing its own X-Forwarded-For gets the proxy's appended entry counted.
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert shown(client.get(url, **proxy, **second), certificate)
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}
    assert client.get(url, **proxy, **forged).status_code == 429


def test_a_qr_scan_counts_once(client, certificate, settings):
    """The short link only passes the number on; the page it leads to counts."""
    settings.LMS_VERIFY_RATE = "2/60"
    for _ in range(2):
        response = client.get(f"/v/{certificate.code}", follow=True)
        assert shown(response, certificate)

    assert client.get(f"/v/{certificate.code}").status_code == 429


# Query counts
# ------------------------------------------------------------------------------


def queries_of(client, url: str) -> int:
    client.get(url)  # warm the caches (content types, site, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_verify_page_queries_do_not_grow_with_certificates_or_zones(
    client, certificate, holder, program_page, palliative_zone
):
    url = page_url(certificate.code)
    few = queries_of(client, url)

    for number in range(4):
        course, _lessons = course_with_lessons(
            program_page, 1, slug=f"zone-course-{number}"
        )
        rule = CertificateRuleFactory(page=course)
        services.certificate_issue(
            learner=holder, rule=rule, completed_at=timezone.now()
        )
        zone = ClearanceRule.objects.create(
            slug=f"zone-{number}",
            name_kk=f"Аймақ {number}",
            name_ru=f"Зона {number}",
            name_en=f"Zone {number}",
        )
        ClearanceRequirement.objects.create(rule=zone, page=course)
        ClearanceRequirement.objects.create(rule=zone, page=rule.page)
    cache.clear()
    many = queries_of(client, url)

    assert many == few
    assert few <= 10
    cache.clear()
    assert queries_of(client, json_url(certificate.code)) <= 10
