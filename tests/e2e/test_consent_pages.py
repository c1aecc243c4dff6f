"""The consent pages in a browser, on a phone, in Russian and in Kazakh: a teenager
asked again after the policy changed answers with their parent's consent and goes on
to the page they asked for; a child under 14 is told who records it; an admin's
registration of a child and recording of a guardian's consent. Checked with axe-core
and the page checks of test_accessibility."""

from __future__ import annotations

import pytest
from django.conf import settings

from people.models import ConsentRecord
from people.roles import Role
from tests.e2e.conftest import session_start
from tests.e2e.test_accessibility import PHONE, problems_of, visit
from tests.factories import UserFactory, staff_member
from tests.people.helpers import years_ago

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_teenager_asked_again_answers_with_a_parent_and_goes_on(
    live_server, context_new, region, catalog_page
):
    teen = UserFactory(
        region=region, date_of_birth=years_ago(16), consent_policy_version="2020-01"
    )
    context = context_new(viewport=PHONE)
    session_start(context, teen, live_server)
    page = context.new_page()

    page.goto(f"{live_server.url}/ru/profile/")
    assert page.url.startswith(f"{live_server.url}/ru/privacy/consent/")
    problems = problems_of(page, "/ru/privacy/consent/ (teen)")
    page.locator("#id_consent").check()
    page.locator("#id_guardian_name").fill("Сапарова Динара Ержановна")
    page.locator("#id_guardian_consent").check()
    page.locator("form", has=page.locator("#id_consent")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/ru/profile/"
    record = ConsentRecord.objects.get(user=teen)
    assert record.policy_version == settings.LMS_CONSENT_POLICY_VERSION
    assert record.guardian_name == "Сапарова Динара Ержановна"
    assert not problems, "\n".join(problems)


def test_the_consent_and_registration_pages_have_no_serious_accessibility_problem(
    live_server, context_new, region, regional_office, catalog_page
):
    child = UserFactory(
        region=region, date_of_birth=years_ago(11), consent_policy_version=""
    )
    adult = UserFactory(region=region, consent_policy_version="2020-01")
    admin = staff_member(Role.REGIONAL_ADMIN, organization=regional_office)
    problems: list[str] = []
    for person in (child, adult):
        context = context_new(viewport=PHONE)
        session_start(context, person, live_server)
        page = context.new_page()
        for language in ("ru", "kk"):
            problems += visit(page, f"{live_server.url}/{language}/privacy/consent/")
        context.close()
    anonymous = context_new(viewport=PHONE).new_page()
    for language in ("ru", "kk"):
        problems += visit(
            anonymous, f"{live_server.url}/{language}/privacy/consent/declined/"
        )
        problems += visit(anonymous, f"{live_server.url}/{language}/privacy/")
    context = context_new(viewport=PHONE)
    session_start(context, admin, live_server)
    page = context.new_page()
    for language in ("ru", "kk"):
        for path in (
            "/manage/people/children/new/",
            "/manage/people/guardian-consent/",
        ):
            problems += visit(page, f"{live_server.url}/{language}{path}")
    assert not problems, "\n".join(problems)
