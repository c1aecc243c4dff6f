"""A person's data across every app: one record of each kind that names them, in the
download (people.selectors.user_data_export) and, after the erasure
(people.services.user_erase), gone or anonymised: no table still holds their name,
address or the free texts written about them; the audit trail stays, anonymised,
with the reason."""

import json

import pytest
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from certificates.models import CertificateNudge, CertificateReminder
from core.audit import ANONYMISED_AT_KEY, ANONYMISED_REASON_KEY, ERASURE_REASON
from courses.models import AssignmentNudge
from people.models import Handover, HandoverContact, Position, User
from people.roles import Role
from people.selectors import user_data_export
from people.services import handover_checklist_save, handover_stand_in_set, position_end
from people.services.erasure import user_erase
from reports.models import ReportDelivery, ReportSubscription
from reports.services import report_subscription_create
from scheduling.models import (
    Attendance,
    CalendarFeed,
    ComplianceNotice,
    Registration,
)
from scheduling.services import registration_cancel, session_register
from tests.factories import TrainingSessionFactory, staff_member

pytestmark = pytest.mark.django_db

NAME = "Айжан Ерланқызы Тестова"
EMAIL = "aizhan.testova@example.kz"
PHONE = "+7 701 555 12 34"
REASON = "Айжан заболела, просила перенести"
NOTES = "Спонсорские договоры ведёт Бекзат."


@pytest.fixture
def person(regional_office):
    """A regional admin of the region (they subscribe to reports), who leaves."""
    return staff_member(
        Role.REGIONAL_ADMIN, organization=regional_office, full_name=NAME, email=EMAIL
    )


@pytest.fixture
def records(
    person,
    regional_admin,
    regional_office,
    region,
    certified_course_and_lessons,
    django_capture_on_commit_callbacks,
):
    """One record of each kind about `person`, made through the services where
    there is one."""
    now = timezone.now()
    trained = TrainingSessionFactory(region=region, title_ru="Интенсив Айжан")
    trained.trainers.add(person)
    attended = TrainingSessionFactory(region=region)
    registration = session_register(session=attended, person=person, by=person)
    registration_cancel(registration=registration, by=regional_admin, reason=REASON)
    attendance = Attendance.objects.create(
        day=attended.days.first(),
        person=person,
        mark="present",
        source="list",
        marked_at=now,
    )
    CalendarFeed.objects.create(person=person)
    ComplianceNotice.objects.create(
        person=person, region=region, period="2026-11", sent_at=now
    )
    subscription, _created = report_subscription_create(
        user=person, report="completion", query="", frequency="weekly"
    )
    ReportDelivery.objects.create(
        subscription=subscription, period="2026-W49", sent_at=now
    )
    # A colleague leaves and names the person in their notes and contacts; the
    # person stands in for them.
    colleague = staff_member(Role.MENTOR, organization=regional_office)
    with django_capture_on_commit_callbacks(execute=False):
        position_end(
            position=Position.objects.get(user=colleague),
            end_date=timezone.localdate(),
            actor=regional_admin,
        )
    theirs = Handover.objects.get(leaver=colleague)
    handover_checklist_save(
        handover=theirs,
        user=colleague,
        notes=f"Волонтёров ведёт {NAME}, пишите на {EMAIL}.",
        open_matters="",
        contacts=[
            {"name": "ОФ «Добрые руки»", "contact_person": NAME, "phone": PHONE}
            | {"email": EMAIL, "note": "Отвечает вечером"}
        ],
    )
    handover_stand_in_set(handover=theirs, stand_in=person, actor=regional_admin)
    # The person leaves a position of their own, with notes and a contact.
    with django_capture_on_commit_callbacks(execute=False):
        position_end(
            position=Position.objects.get(user=person, role=Role.REGIONAL_ADMIN),
            end_date=timezone.localdate(),
            actor=regional_admin,
        )
    own = Handover.objects.get(leaver=person)
    handover_checklist_save(
        handover=own,
        user=person,
        notes=NOTES,
        open_matters="Отчёт за ноябрь",
        contacts=[{"name": "Инициативная группа «Жас»", "phone": "+7 702 000 00 00"}],
        submit=True,
    )
    course, _lessons, rule = certified_course_and_lessons
    certificate, _created = certificate_services.certificate_issue(
        learner=person, rule=rule, completed_at=now
    )
    CertificateReminder.objects.create(
        certificate=certificate, days_before=30, sent_at=now
    )
    CertificateNudge.objects.create(
        learner=person, certificate=certificate, day=timezone.localdate(), sent_at=now
    )
    AssignmentNudge.objects.create(
        learner=person, day=timezone.localdate(), sent_by=regional_admin, sent_at=now
    )
    return {
        "trained": trained,
        "attended": attended,
        "registration": registration,
        "attendance": attendance,
        "their_handover": theirs,
        "own_handover": own,
        "subscription": subscription,
        "certificate": certificate,
    }


def test_the_download_holds_one_of_each_record(person, records):
    data = user_data_export(user=person)
    json.dumps(data, cls=DjangoJSONEncoder)  # what the download writes

    sessions = data["training_sessions"]
    assert [r["reason"] for r in sessions["registrations"]] == [REASON]
    assert [a["mark"] for a in sessions["attendance"]] == ["present"]
    assert [s["session"] for s in sessions["trained"]] == [str(records["trained"].uid)]
    assert sessions["calendar_feed_created_at"] is not None
    assert [n["month"] for n in sessions["cadence_notices"]] == ["2026-11"]
    handovers = data["handovers"]
    (left,) = handovers["left"]
    assert left["notes"] == NOTES
    assert [c["organization"] for c in left["contacts"]] == [
        "Инициативная группа «Жас»"
    ]
    assert [(h["as"], h["status"]) for h in handovers["taken_over"]] == [
        ("stand_in", "stand_in")
    ]
    assert [c["phone"] for c in handovers["named_in_contacts"]] == [PHONE]
    (subscription,) = data["report_subscriptions"]
    assert [d["period"] for d in subscription["sent"]] == ["2026-W49"]
    assert sorted(r["kind"] for r in data["certificate_reminders"]) == [
        "automatic",
        "from_administrator",
    ]
    assert len(data["learning"]["reminders"]) == 1
    assert [c["number"] for c in data["certificates"]] == [records["certificate"].code]
    assert {(e["action"], e["about"]) for e in data["account_history"]} >= {
        ("people.position_start", "position"),
        ("people.position_end", "position"),
    }


def _text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    ]


def _json_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField)
    ]


def _tables_naming(needle: str) -> list[str]:
    """Every model.field of every app whose rows hold `needle` (case-insensitive)."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for name in _text_fields(model):
            if model._default_manager.filter(**{f"{name}__icontains": needle}).exists():
                found.append(f"{model._meta.label}.{name}")
        for name in _json_fields(model):
            for value in model._default_manager.values_list(name, flat=True):
                if (
                    needle.casefold()
                    in json.dumps(value, ensure_ascii=False).casefold()
                ):
                    found.append(f"{model._meta.label}.{name}")
                    break
    return found


def test_after_the_erasure_no_table_names_the_person(person, records):
    for needle in (NAME, EMAIL, PHONE, REASON):
        assert _tables_naming(needle), f"the test should have stored {needle!r}"

    user_erase(user=person)

    for needle in (NAME, EMAIL, PHONE, REASON):
        assert _tables_naming(needle) == [], needle


def test_after_the_erasure_each_record_is_gone_or_anonymised(person, records):
    user_erase(user=person)

    assert not CalendarFeed.objects.filter(person=person).exists()
    assert not ComplianceNotice.objects.filter(person=person).exists()
    assert not ReportSubscription.objects.filter(user=person).exists()
    assert not ReportDelivery.objects.exists()
    # Kept, tied only to the anonymised account, for the counts.
    registration = Registration.objects.get(pk=records["registration"].pk)
    assert registration.reason == "" and registration.status == "cancelled"
    assert Attendance.objects.filter(pk=records["attendance"].pk).exists()
    assert AssignmentNudge.objects.filter(learner=person).count() == 1
    assert CertificateNudge.objects.filter(learner=person).count() == 1
    own = Handover.objects.get(pk=records["own_handover"].pk)
    assert own.notes == NOTES  # the office's, about its work
    theirs = Handover.objects.get(pk=records["their_handover"].pk)
    assert NAME not in theirs.notes and EMAIL not in theirs.notes
    (contact,) = HandoverContact.objects.filter(handover=theirs)
    assert (contact.name, contact.contact_person, contact.phone, contact.email) == (
        "ОФ «Добрые руки»",
        "",
        "",
        "",
    )
    assert User.objects.get(pk=person.pk).erased_at is not None


def test_the_audit_trail_stays_anonymised_with_the_reason(person, records):
    cancel = ModelLogEntry.objects.get(action="scheduling.registration_cancel")
    handover_entries = ModelLogEntry.objects.filter(
        object_id=str(records["own_handover"].pk), action__startswith="people.handover"
    )
    assert NAME in handover_entries.first().label

    user_erase(user=person)

    cancel.refresh_from_db()
    assert cancel.data["reason"] == ""
    assert cancel.data["person"] == person.pk
    assert cancel.data[ANONYMISED_REASON_KEY] == ERASURE_REASON
    assert cancel.data[ANONYMISED_AT_KEY]
    for entry in handover_entries:
        assert NAME not in entry.label
        assert entry.data[ANONYMISED_REASON_KEY] == ERASURE_REASON
