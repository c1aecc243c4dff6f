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
