"""Scheduled reports: an admin subscribes to the completion report with its filters,
weekly or monthly, and receives it by e-mail as XLSX, once per period, limited to
their scope on the day it is sent."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import Position
from people.roles import Role
from people.selectors import user_data_export
from people.services import position_end, position_start
from people.services.erasure import user_erase
from reports.models import ReportDelivery, ReportSubscription
from reports.selectors import report_subscription_list_due
from reports.services import report_subscription_create
from reports.tasks import report_subscription_send, report_subscriptions_send
from reports.views.subscriptions import MSG_ALREADY, MSG_CANCELLED, MSG_WEEKLY
from tests.courses.helpers import ru
from tests.lms.helpers import assert_error_summary

from .helpers import assign

pytestmark = pytest.mark.django_db

KEY = uuid.uuid4()
LONG_AGO = datetime.date(2026, 10, 5)
MONDAY = datetime.date(2026, 11, 30)  # ISO week 49 of 2026, not a 1st
FIRST = datetime.date(2026, 12, 1)  # a Tuesday, the 1st of December
WEDNESDAY = datetime.date(2026, 12, 2)
# The list page with an empty cache: the session, the user, their permissions
# (their own, their groups'), their scope, the subscriptions, the regions and the
# programs and courses the filters name (two), then the site's navigation (four).
QUERIES = 13
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def records(learner, other_region_learner):
    """One completed assignment in `region`; two in `other_region`."""
    assign(learner, KEY, state="completed")
    assign(other_region_learner, KEY, state="started")
    assign(other_region_learner, uuid.uuid4(), state="new")


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def subscribe(user, *, query="", frequency="weekly", since=LONG_AGO):
    """A subscription made through the service, dated `since`."""
    subscription, _created = report_subscription_create(
        user=user, report="completion", query=query, frequency=frequency
    )
    ReportSubscription.objects.filter(pk=subscription.pk).update(
        created_at=_aware(since)
    )
    return subscription


def _sheet(message) -> list[tuple]:
    (filename, content, mimetype), *others = message.attachments
    assert others == [] and mimetype == XLSX and filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content))
    return list(book.active.iter_rows(values_only=True))


def _region_names(lines) -> list[str]:
    return [line[0] for line in lines[1:-1]]


def _move_out(admin) -> None:
    """End the admin's position yesterday (it began a month ago)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    position = Position.objects.get(user=admin)
    Position.objects.filter(pk=position.pk).update(
        start_date=yesterday - datetime.timedelta(days=30)
    )
    position.refresh_from_db()
    position_end(position=position, end_date=yesterday)


# Subscribing, cancelling, the list
# ------------------------------------------------------------------------------


def test_the_dashboard_offers_to_e_mail_the_report_with_its_filters(
    regional_admin_client, region
):
    response = regional_admin_client.get(
        reverse("reports:dashboard"), {"region": region.pk}
    )

    form = response.context["subscribe_form"]
    assert form["query"].value() == f"region={region.pk}"
    html = response.content.decode()
    assert reverse("reports:subscription_create") in html
    assert 'name="frequency" value="monthly"' in html


def test_subscribing_twice_makes_one_subscription(
    regional_admin_client, regional_admin, region
):
    data = {
        "report": "completion",
        "query": f"region={region.pk}&role=",
        "frequency": "weekly",
    }

    first = regional_admin_client.post(reverse("reports:subscription_create"), data)
    second = regional_admin_client.post(
        reverse("reports:subscription_create"), data, follow=True
    )

    assert first.status_code == 302
    assert first["Location"] == reverse("reports:subscriptions")
    subscription = ReportSubscription.objects.get()
    assert (subscription.user, subscription.query, subscription.frequency) == (
        regional_admin,
        f"region={region.pk}",  # normalised: the empty filter is left out
        "weekly",
    )
    assert ru(MSG_ALREADY) in second.content.decode()


def test_a_new_subscription_says_when_it_comes(regional_admin_client):
    response = regional_admin_client.post(
        reverse("reports:subscription_create"),
        {"report": "completion", "query": "", "frequency": "weekly"},
        follow=True,
    )

    assert ru(MSG_WEEKLY) in response.content.decode()


def test_the_same_filters_monthly_are_another_subscription(regional_admin):
    subscribe(regional_admin, frequency="weekly")
    subscribe(regional_admin, frequency="monthly")

    assert ReportSubscription.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"frequency": "daily"}, "id_frequency_0"),
        ({"frequency": ""}, "id_frequency_0"),
        ({"query": "date_from=2026-05-02&date_to=2026-05-01"}, "id_date_to"),
    ],
)
def test_bad_input_re_displays_the_report_with_the_errors(
    regional_admin_client, data, field
):
    post = {"report": "completion", "query": "", "frequency": "weekly", **data}

    response = regional_admin_client.post(reverse("reports:subscription_create"), post)

    assert response.status_code == 400
    assert_error_summary(response, fields=[field])
    assert "completion-caption" in response.content.decode()  # the report again
    assert not ReportSubscription.objects.exists()


def test_a_regional_admin_cannot_subscribe_to_another_region(
    regional_admin_client, other_region
):
    response = regional_admin_client.post(
        reverse("reports:subscription_create"),
        {
            "report": "completion",
            "query": f"region={other_region.pk}",
            "frequency": "weekly",
        },
    )

    assert response.status_code == 400
    assert not ReportSubscription.objects.exists()


def test_an_unknown_report_is_refused_with_a_message(regional_admin_client):
    response = regional_admin_client.post(
        reverse("reports:subscription_create"),
        {"report": "salaries", "query": "", "frequency": "weekly"},
    )

    assert response.status_code == 400
    assert not ReportSubscription.objects.exists()


def test_cancelling_twice_cancels_once_and_stops_the_e_mails(
    regional_admin_client, regional_admin, mailoutbox
):
    subscription = subscribe(regional_admin)
    url = reverse("reports:subscription_cancel", args=[subscription.pk])

    regional_admin_client.post(url)
    response = regional_admin_client.post(url, follow=True)

    subscription.refresh_from_db()
    assert subscription.cancelled_at is not None
    assert ru(MSG_CANCELLED) in response.content.decode()
    assert report_subscriptions_send(day=MONDAY.isoformat()) == 0
    assert mailoutbox == []


def test_subscribing_again_after_cancelling_makes_a_new_subscription(
    regional_admin_client, regional_admin
):
    first = subscribe(regional_admin)
    regional_admin_client.post(reverse("reports:subscription_cancel", args=[first.pk]))

    second = subscribe(regional_admin)

    assert second.pk != first.pk and second.cancelled_at is None


def test_nobody_cancels_someone_elses_subscription(
    client, regional_admin, other_regional_admin
):
    subscription = subscribe(other_regional_admin)
    client.force_login(regional_admin)

    response = client.post(
        reverse("reports:subscription_cancel", args=[subscription.pk])
    )

    assert response.status_code == 404
    subscription.refresh_from_db()
    assert subscription.cancelled_at is None


def test_the_list_shows_only_my_active_subscriptions_with_their_filters_in_words(
    regional_admin_client, regional_admin, other_regional_admin, region
):
    mine = subscribe(regional_admin, query=f"region={region.pk}&role=mentor")
    cancelled = subscribe(regional_admin, frequency="monthly")
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    theirs = subscribe(other_regional_admin)

    response = regional_admin_client.get(reverse("reports:subscriptions"))

    listed = [item.subscription for item in response.context["subscriptions"]]
    assert listed == [mine]
    html = response.content.decode()
    assert f"{ru('Region')}: {region.name_ru}" in html
    assert f"{ru('Role')}: {ru(Role.MENTOR.label)}" in html
    assert reverse("reports:subscription_cancel", args=[mine.pk]) in html
    assert reverse("reports:subscription_cancel", args=[theirs.pk]) not in html
    assert '<th scope="col">' in html and "subscriptions-caption" in html


def test_the_list_has_a_fixed_number_of_queries(
    client, regional_admin, region, django_assert_num_queries
):
    def get():
        cache.clear()  # each request as the first: nothing from the one before
        with django_assert_num_queries(QUERIES):
            response = client.get(reverse("reports:subscriptions"))
        assert response.status_code == 200
        return response

    client.force_login(regional_admin)
    subscribe(regional_admin, query=f"region={region.pk}")
    get()
    subscribe(regional_admin, frequency="monthly")
    subscribe(regional_admin, query="role=mentor")
    assert len(get().context["subscriptions"]) == 3


# ------------------------------------------------------------------------------
# Beat: which subscriptions are due
# ------------------------------------------------------------------------------


def _due(day) -> set[tuple[int, str]]:
    return set(report_subscription_list_due(day=day))


def test_weekly_reports_are_due_on_monday_and_monthly_ones_on_the_1st(
    regional_admin,
):
    weekly = subscribe(regional_admin, frequency="weekly")
    monthly = subscribe(regional_admin, frequency="monthly")

    assert _due(MONDAY) == {(weekly.pk, "2026-W49"), (monthly.pk, "2026-11")}
    ReportDelivery.objects.create(
        subscription=weekly, period="2026-W49", sent_at=_aware(MONDAY)
    )
    ReportDelivery.objects.create(
        subscription=monthly, period="2026-11", sent_at=_aware(MONDAY)
    )
    assert _due(MONDAY) == set()
    assert _due(FIRST) == {(monthly.pk, "2026-12")}
    ReportDelivery.objects.create(
        subscription=monthly, period="2026-12", sent_at=_aware(FIRST)
    )
    assert _due(WEDNESDAY) == set()


def test_a_subscription_made_during_a_period_waits_for_the_next(regional_admin):
    weekly = subscribe(regional_admin, frequency="weekly", since=MONDAY)
    monthly = subscribe(regional_admin, frequency="monthly", since=MONDAY)

    assert _due(WEDNESDAY) == {(monthly.pk, "2026-12")}  # made in November
    assert _due(MONDAY + datetime.timedelta(days=7)) == {
        (weekly.pk, "2026-W50"),
        (monthly.pk, "2026-12"),
    }


def test_a_missed_monday_is_caught_up_the_next_day(regional_admin):
    weekly = subscribe(regional_admin, frequency="weekly")

    assert _due(MONDAY + datetime.timedelta(days=1)) == {(weekly.pk, "2026-W49")}


def test_a_report_that_could_not_be_sent_stays_due(regional_admin):
    weekly = subscribe(regional_admin, frequency="weekly")
    ReportDelivery.objects.create(subscription=weekly, period="2026-W49")

    assert _due(MONDAY) == {(weekly.pk, "2026-W49")}


def test_the_beat_task_e_mails_the_due_reports_once_per_period(
    regional_admin, records, mailoutbox
):
    subscribe(regional_admin, frequency="weekly")
    subscribe(regional_admin, frequency="monthly", since=MONDAY)

    assert report_subscriptions_send(day=MONDAY.isoformat()) == 1
    assert report_subscriptions_send(day=MONDAY.isoformat()) == 0
    assert report_subscriptions_send(day=WEDNESDAY.isoformat()) == 1  # the month

    assert len(mailoutbox) == 2
    assert sorted(ReportDelivery.objects.values_list("period", flat=True)) == [
        "2026-12",
        "2026-W49",
    ]


# Sending
# ------------------------------------------------------------------------------


def test_a_period_is_sent_once_however_often_the_task_runs(
    regional_admin, records, mailoutbox
):
    subscription = subscribe(regional_admin)

    report_subscription_send.delay(subscription_id=subscription.pk, period="2026-W49")
    report_subscription_send.delay(subscription_id=subscription.pk, period="2026-W49")

    assert len(mailoutbox) == 1
    delivery = ReportDelivery.objects.get()
    assert delivery.sent_at is not None and delivery.rows == 1


def test_the_attachment_is_the_report_of_the_subscribers_scope(
    regional_admin, records, region, mailoutbox
):
    subscription = subscribe(regional_admin, frequency="monthly")

    report_subscription_send.delay(subscription_id=subscription.pk, period="2026-12")

    (message,) = mailoutbox
    assert message.to == [regional_admin.email]
    lines = _sheet(message)
    assert lines[0][0] == ru("Region")
    assert _region_names(lines) == [region.name_ru]
    # learners (the learner and the admin, who lives there too), assigned, in
    # progress, completed
    assert lines[1][1:5] == (2, 1, 0, 1)
    assert lines[-1][0] == ru("Total") and lines[-1][2] == 1
    assert "reports/subscriptions/" in message.body
    assert ".." not in message.subject


def test_the_e_mail_names_the_filters_and_links_the_report_with_them(
    national_admin, records, region, mailoutbox
):
    subscription = subscribe(national_admin, query=f"region={region.pk}")

    report_subscription_send.delay(subscription_id=subscription.pk, period="2026-W49")

    (message,) = mailoutbox
    assert f"{ru('Region')}: {region.name_ru}" in message.body
    assert f"/ru/manage/reports/?region={region.pk}" in message.body
    assert _region_names(_sheet(message)) == [region.name_ru]


def test_a_regional_admin_moved_to_another_region_gets_only_the_new_region(
    regional_admin, other_regional_office, records, region, other_region, mailoutbox
):
    everything = subscribe(regional_admin)
    old_region = subscribe(regional_admin, query=f"region={region.pk}")
    _move_out(regional_admin)
    position_start(
        user=regional_admin,
        organization=other_regional_office,
        role=Role.REGIONAL_ADMIN,
    )

    for subscription in (everything, old_region):
        report_subscription_send.delay(
            subscription_id=subscription.pk, period="2026-W49"
        )

    first, second = (_sheet(message) for message in mailoutbox)
    assert _region_names(first) == [other_region.name_ru]
    assert first[-1][2] == 2  # the two assignments of the new region
    assert _region_names(second) == []  # the old region's filter: no rows
    assert second[-1][1:5] == (0, 0, 0, 0)


def test_an_admin_without_rights_any_more_is_unsubscribed_and_sent_nothing(
    regional_admin, records, mailoutbox
):
    subscription = subscribe(regional_admin)
    _move_out(regional_admin)

    report_subscriptions_send(day=MONDAY.isoformat())

    assert mailoutbox == []
    subscription.refresh_from_db()
    assert subscription.cancelled_at is not None
    assert report_subscriptions_send(day=MONDAY.isoformat()) == 0


def test_filters_that_no_longer_validate_send_nothing_and_stay_due(
    regional_admin, records, mailoutbox
):
    subscription = subscribe(regional_admin)
    ReportSubscription.objects.filter(pk=subscription.pk).update(
        query=f"target={uuid.uuid4()}"  # a course no longer in the catalogue
    )

    report_subscriptions_send(day=MONDAY.isoformat())

    assert mailoutbox == []
    assert _due(MONDAY) == {(subscription.pk, "2026-W49")}


# Personal data
# ------------------------------------------------------------------------------


def test_the_personal_data_export_lists_the_subscriptions(regional_admin, region):
    subscribe(regional_admin, query=f"region={region.pk}")

    (exported,) = user_data_export(user=regional_admin)["report_subscriptions"]

    assert exported["filters"] == f"region={region.pk}"
    assert exported["frequency"] == "weekly" and exported["cancelled_at"] is None


def test_erasure_deletes_the_subscriptions_and_their_deliveries(regional_admin):
    subscription = subscribe(regional_admin)
    ReportDelivery.objects.create(subscription=subscription, period="2026-W49")

    user_erase(user=regional_admin)

    assert not ReportSubscription.objects.exists()
    assert not ReportDelivery.objects.exists()
