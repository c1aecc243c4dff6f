"""Applying an import of people: all or nothing, twice changes nothing, positions with
their groups, audit and signal, invitations once, and a fixed number of queries."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people.importing import people_file_read
from people.models import Organization, Position, User
from people.roles import Role, role_group_name
from people.services import (
    IMPORT_ACTION,
    MSG_IMPORT_INVALID,
    people_import_apply,
    position_start,
)
from people.signals import position_started
from tests.courses.helpers import SignalRecorder
from tests.factories import UserFactory
from tests.people.import_helpers import csv_bytes, person_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def apply(raw: bytes, actor, **kwargs):
    rows, problems = people_file_read(raw)
    assert problems == []
    return people_import_apply(rows=rows, actor=actor, filename="люди.csv", **kwargs)


def test_apply_creates_people_positions_role_groups_and_audit_entries(
    national_admin, regional_office, region
):
    raw = xlsx_bytes(person_rows(3, organization=regional_office.name))
    with SignalRecorder(position_started) as started:
        plan = apply(raw, national_admin)

    assert plan.counts["people_created"] == 3
    people = list(User.objects.filter(email__startswith="person").order_by("email"))
    assert [u.full_name for u in people] == [f"Человек Номер {n}" for n in range(3)]
    person = people[0]
    assert person.region == region and person.organization == regional_office
    assert not person.has_usable_password()
    assert person.groups.filter(name=role_group_name(Role.STAFF)).exists()
    position = Position.objects.get(user=person)
    assert (position.role, position.organization, str(position.start_date)) == (
        Role.STAFF,
        regional_office,
        "2025-09-01",
    )
    assert sorted(call["position"].user_id for call in started.calls) == sorted(
        u.pk for u in people
    )
    assert (
        ModelLogEntry.objects.filter(
            action="people.position_start", user=national_admin
        ).count()
        == 3
    )
    entry = ModelLogEntry.objects.get(action=IMPORT_ACTION)
    assert entry.user_id == national_admin.pk
    assert entry.data["file"] == "люди.csv"
    assert entry.data["people_created"] == 3


def test_one_bad_row_imports_nothing(national_admin, regional_office):
    rows = person_rows(3, organization=regional_office.name)
    rows[2][3] = "Атлантида"
    users = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        apply(csv_bytes(rows), national_admin)
    assert caught.value.messages == [str(MSG_IMPORT_INVALID)]
    assert User.objects.count() == users
    assert not Position.objects.filter(user__email__startswith="person").exists()
    assert not ModelLogEntry.objects.filter(action=IMPORT_ACTION).exists()


def test_the_same_file_applied_twice_changes_nothing_the_second_time(
    national_admin, regional_office, django_capture_on_commit_callbacks, mailoutbox
):
    existing = UserFactory(email="Person1@Example.kz", full_name="Старое Имя")
    position_start(user=existing, organization=regional_office, role=Role.STAFF)
    raw = csv_bytes(person_rows(4, organization=regional_office.name))

    with django_capture_on_commit_callbacks(execute=True):
        first = apply(raw, national_admin, create_organizations=True)
    users, positions = User.objects.count(), Position.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        second = apply(raw, national_admin, create_organizations=True)

    assert first.counts == {
        "rows": 4,
        "people_created": 3,
        "people_updated": 1,
        "positions_created": 3,
        "organizations_created": 0,
        "unchanged": 0,
    }
    assert second.counts == {
        "rows": 4,
        "people_created": 0,
        "people_updated": 0,
        "positions_created": 0,
        "organizations_created": 0,
        "unchanged": 4,
    }
    assert (User.objects.count(), Position.objects.count()) == (users, positions)
    existing.refresh_from_db()
    assert existing.full_name == "Человек Номер 1"
    assert existing.email == "Person1@Example.kz"
    # Invitations went to the three new people only, once.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "person0@example.kz",
        "person2@example.kz",
        "person3@example.kz",
    ]


def test_missing_organisations_are_created_when_asked(national_admin, region):
    rows = person_rows(2, organization="Новая инициативная группа")
    plan = apply(csv_bytes(rows), national_admin, create_organizations=True)
    organization = Organization.objects.get(name="Новая инициативная группа")
    assert organization.region == region
    assert plan.counts["organizations_created"] == 1
    assert Position.objects.filter(organization=organization).count() == 2


def test_invitation_holds_a_working_link_to_set_the_password(
    client,
    national_admin,
    regional_office,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    raw = csv_bytes(person_rows(1, organization=regional_office.name))
    with django_capture_on_commit_callbacks(execute=True):
        apply(raw, national_admin)
    [mail] = mailoutbox
    assert mail.to == ["person0@example.kz"]
    link = re.search(r"https?://\S+", mail.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(
        form_url,
        {"password1": "Volunteer-2026-kz!", "password2": "Volunteer-2026-kz!"},
    )
    assert done.status_code == 302
    person = User.objects.get(email="person0@example.kz")
    assert person.check_password("Volunteer-2026-kz!")
    assert person.invited_at is not None
    # The new person signs in with it at once (the address counts as verified).
    signed_in = client.post(
        reverse("account_login"),
        {"login": "person0@example.kz", "password": "Volunteer-2026-kz!"},
    )
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk
    client.logout()
    # Used once: the same link no longer sets a password.
    again = client.get(path, follow=True)
    assert "password1" not in again.content.decode()
    assert reverse("account_login") in again.content.decode()


@pytest.mark.parametrize("eager", [True, False])
def test_apply_takes_the_same_number_of_queries_for_10_and_50_rows(
    national_admin, regional_office, settings, eager, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    counts = []
    # A first import warms what is memoised per process (content types).
    for size, prefix in ((1, "warm"), (10, "a"), (50, "b")):
        rows = [
            [f"{prefix}{row[0]}", *row[1:]]
            for row in person_rows(size, organization=regional_office.name)
        ]
        parsed, _problems = people_file_read(csv_bytes(rows))
        # The actor is read again for each file, as each request does.
        actor = User.objects.get(pk=national_admin.pk)
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                people_import_apply(rows=parsed, actor=actor)
        # Without eager tasks each queued task is first written to the outbox
        # (core.outbox: one row each, so that a broker outage loses none of them):
        # those rows aside, the count does not grow with the file.
        outbox = [q for q in queries if 'INSERT INTO "core_outboxmessage"' in q["sql"]]
        counts.append(len(queries) - len(outbox))
        # After the commit: one assignment-rules task per new position and one
        # invitation task per 100 new people, each only enqueued, and the content
        # version bump.
        assert len(callbacks) == size + 2
    assert counts[1] == counts[2]
    assert counts[1] <= 16
