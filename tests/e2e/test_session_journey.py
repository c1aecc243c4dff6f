"""A session's seats in Chromium: the first person registers and takes the only
seat, the second joins the waitlist, the first cancels, and the second finds on the
session page that they are registered (promoted)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from people.roles import Role
from tests.e2e.conftest import session_start, t
from tests.factories import TrainingSessionFactory, staff_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_waitlist_cancel_and_promotion(
    live_server, context_new, home_page, region, regional_office
):
    session = TrainingSessionFactory(region=region, capacity=1, title_ru="Интенсив РФО")
    staff, other_staff = (
        staff_member(Role.STAFF, organization=regional_office) for _ in range(2)
    )
    url = live_server.url + reverse("scheduling:session_detail", args=[session.pk])
    first_context, second_context = context_new(), context_new()
    session_start(first_context, staff, live_server)
    session_start(second_context, other_staff, live_server)
    first, second = first_context.new_page(), second_context.new_page()
    state = "p.session-state__status"

    first.goto(url)
    first.get_by_role("button", name=t("Register")).click()
    expect(first.locator(state)).to_have_text(t("You are registered."))

    second.goto(url)
    second.get_by_role("button", name=t("Join the waitlist")).click()
    expect(second.locator(state)).to_have_text(
        t("You are on the waitlist, number %(position)s.", position=1)
    )

    first.get_by_role("button", name=t("Cancel my registration")).click()
    expect(first.locator(state)).to_have_text(t("Your registration is cancelled."))

    second.reload()
    expect(second.locator(state)).to_have_text(t("You are registered."))
    expect(
        second.get_by_role("button", name=t("Cancel my registration"))
    ).to_be_visible()


def test_calendar_and_session_page_on_a_phone_without_javascript(
    live_server, context_new, home_page, region, regional_office
):
    from django.utils import timezone

    from tests.e2e.test_accessibility import PHONE, problems_of

    person = staff_member(Role.STAFF, organization=regional_office)
    session = TrainingSessionFactory(region=region, title_ru="Интенсив РФО")
    month = timezone.localtime(session.starts_at).strftime("%Y-%m")
    context = context_new(viewport=PHONE, java_script_enabled=False)
    session_start(context, person, live_server)
    page = context.new_page()
    calendar = f"{live_server.url}{reverse('scheduling:calendar')}?month={month}"
    page.goto(calendar)
    page.get_by_role("link", name="Интенсив РФО").first.click()
    expect(page.locator("h1")).to_have_text("Интенсив РФО")
    page.get_by_role("button", name=t("Register")).click()
    expect(page.locator("p.session-state__status")).to_have_text(
        t("You are registered.")
    )

    checked = context_new(viewport=PHONE)
    session_start(checked, person, live_server)
    checker = checked.new_page()
    detail = live_server.url + reverse("scheduling:session_detail", args=[session.pk])
    from scheduling.models import CadenceRule

    CadenceRule.objects.create(role=Role.STAFF)
    my_learning = live_server.url + reverse("courses:my_learning")
    problems = []
    for url in (calendar, calendar + "&view=list", detail, my_learning):
        checker.goto(url)
        problems += problems_of(checker, url)
    expect(checker.locator("section.sessions-panel")).to_contain_text("Интенсив РФО")
    assert problems == []


def test_manage_pages_on_a_phone(
    live_server, context_new, home_page, region, regional_office, regional_admin
):
    from tests.e2e.test_accessibility import PHONE, problems_of

    session = TrainingSessionFactory(region=region, approval_required=True)
    person = staff_member(Role.STAFF, organization=regional_office)
    from scheduling.services import session_register

    session_register(session=session, person=person, by=person)
    context = context_new(viewport=PHONE)
    session_start(context, regional_admin, live_server)
    page = context.new_page()
    problems = []
    for name, args, query in [
        ("session_list", [], ""),
        ("detail", [session.pk], "?q=" + person.email[:6]),
        ("edit", [session.pk], ""),
        ("compliance", [], ""),
    ]:
        url = live_server.url + reverse(f"scheduling_manage:{name}", args=args) + query
        response = page.goto(url)
        assert response.ok, url
        problems += problems_of(page, url)
    assert problems == []
