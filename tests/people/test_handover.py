"""The hand-over of a position: a coordinator leaves, a hand-over opens with their
duties, they fill in the checklist, a stand-in or the successor takes over, and
nothing they held is left without a holder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments.models import Submission
from assessments.selectors.handover import regions_with_reviews_unattended
from certificates.models import Certificate
from courses.models import Assignment, Enrolment, ItemProgress
from people import services
from people.models import Handover, HandoverDuty, Position, User
from people.roles import Role
from people.selectors import duties_without_holder, reviewer_list_for_learner
from tests.courses.helpers import ru

from .conftest import yesterday

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    """The user read again (no permissions or scope cached)."""
    return User.objects.get(pk=user.pk)


def checklist_post(client, handover, *, notes, contacts, submit=True):
    data = {
        "notes": notes,
        "open_matters": "Отчёт за квартал сдать до 10-го.",
        "contacts-TOTAL_FORMS": str(len(contacts) + 1),
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    for i, contact in enumerate(contacts):
        for key, value in contact.items():
            data[f"contacts-{i}-{key}"] = value
    if submit:
        data["submit"] = "1"
    return client.post(f"/ru/profile/handovers/{handover.pk}/", data)


def test_a_whole_turnover(
    client,
    django_capture_on_commit_callbacks,
    coordinator,
    coordinator_position,
    coordinator_learning,
    onboarding,
    pending_review,
    sessions,
    volunteer_ngo,
    successor,
    national_admin,
    learner,
):
    upcoming, held = sessions
    a_enrolments = list(
        Enrolment.objects.filter(learner=coordinator).values_list(
            "pk", "status", "completed_at"
        )
    )
    a_progress = ItemProgress.objects.filter(enrolment__learner=coordinator).count()
    a_certificates = list(
        Certificate.objects.filter(learner=coordinator).values_list("pk", "code")
    )
    assert a_enrolments and a_progress and a_certificates
    a_submissions = list(
        Submission.objects.filter(learner=coordinator).values_list("pk", "status")
    )

    # A leaves.
    services.position_end(
        position=coordinator_position, end_date=yesterday(), actor=national_admin
    )

    handover = Handover.objects.get(position=coordinator_position)
    assert handover.status == Handover.Status.OPEN
    assert handover.leaver == coordinator
    assert handover.region == coordinator_position.organization.region
    duties = {d.kind: d for d in handover.duties.all()}
    assert set(duties) == {"role", "learning", "reviews", "sessions"}
    assert duties["sessions"].object_id == str(upcoming.pk)  # not the held one
    assert duties["learning"].label == onboarding["program"].title
    assert not duties["learning"].moves and duties["learning"].holder is None
    assert "1" in duties["reviews"].label
    assert all(d.holder == coordinator for d in handover.duties.filter(moves=True))
    # Open with nobody in the role: every moving duty is orphaned, and so are the
    # region's reviews.
    assert set(duties_without_holder()) == set(handover.duties.filter(moves=True))
    assert list(regions_with_reviews_unattended()) == [handover.region]
    assert [c.name for c in handover.contacts.all()] == [volunteer_ngo.name]
    assert ModelLogEntry.objects.filter(action="people.handover_open").count() == 1

    # A fills in the checklist (A lost the role, not the account).
    client.force_login(coordinator)
    response = checklist_post(
        client,
        handover,
        notes="Ключевые партнёры — акимат и ОФ «Добрые руки».",
        contacts=[
            {
                "organization": str(volunteer_ngo.pk),
                "name": volunteer_ngo.name,
                "contact_person": "Сауле Ахметова",
                "phone": "+7 701 000 00 00",
                "email": "saule@example.kz",
            }
        ],
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.checklist_submitted_at is not None
    contact = handover.contacts.get()
    assert contact.organization == volunteer_ngo
    assert contact.contact_person == "Сауле Ахметова"

    # B is appointed.
    with django_capture_on_commit_callbacks(execute=True):
        services.handover_complete(
            handover=handover, successor=successor, actor=national_admin
        )

    handover.refresh_from_db()
    assert handover.status == Handover.Status.COMPLETED
    b_position = handover.successor_position
    assert (b_position.user, b_position.organization, b_position.role) == (
        successor,
        coordinator_position.organization,
        Role.REGIONAL_ADMIN,
    )
    assert b_position.end_date is None
    assignment = Assignment.objects.get(learner=successor)
    assert assignment.rule == onboarding["rule"]
    assert assignment.target_key == onboarding["program"].translation_key
    assert assignment.due_date == timezone.localdate() + datetime.timedelta(days=30)
    # A's duties are B's.
    assert list(upcoming.trainers.all()) == [successor]
    assert list(held.trainers.all()) == [coordinator]
    assert successor in reviewer_list_for_learner(learner=learner)
    assert coordinator not in reviewer_list_for_learner(learner=learner)
    b = fresh(successor)
    assert b.has_perm("assessments.change_submission")
    assert b.has_perm("people.change_handover")
    assert not fresh(coordinator).has_perm("assessments.change_submission")
    assert all(d.holder == successor for d in handover.duties.filter(moves=True))
    assert not duties_without_holder().exists()
    assert not regions_with_reviews_unattended().exists()
    assert ModelLogEntry.objects.filter(action="people.handover_complete").count() == 1

    # B reads A's notes.
    client.force_login(successor)
    page = client.get(f"/ru/profile/handovers/{handover.pk}/notes/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ключевые партнёры" in text
    assert "Сауле Ахметова" in text
    assert handover.successor_read_at is None
    client.post(f"/ru/profile/handovers/{handover.pk}/notes/")
    handover.refresh_from_db()
    assert handover.successor_read_at is not None

    # A's own learning records are unchanged.
    assert (
        list(
            Enrolment.objects.filter(learner=coordinator).values_list(
                "pk", "status", "completed_at"
            )
        )
        == a_enrolments
    )
    assert ItemProgress.objects.filter(enrolment__learner=coordinator).count() == (
        a_progress
    )
    assert (
        list(Certificate.objects.filter(learner=coordinator).values_list("pk", "code"))
        == a_certificates
    )
    assert (
        list(Submission.objects.filter(learner=coordinator).values_list("pk", "status"))
        == a_submissions
    )
    assert Submission.objects.get(pk=pending_review.pk).status == "submitted"


def test_after_a_completed_hand_over_nothing_is_orphaned(
    coordinator_position, pending_review, sessions, successor, learner
):
    upcoming, _held = sessions
    services.position_end(position=coordinator_position, end_date=yesterday())
    assert duties_without_holder().exists()

    services.handover_complete(
        handover=coordinator_position.handovers.get(), successor=successor
    )

    assert not duties_without_holder().exists()
    assert not regions_with_reviews_unattended().exists()
    assert reviewer_list_for_learner(learner=learner).exists()
    assert upcoming.trainers.exists()
    assert not upcoming.trainers.filter(positions__end_date__lt=timezone.localdate())


def test_the_stand_in_holds_the_duties_until_the_successor_comes(
    coordinator, coordinator_position, sessions, stand_in, successor, pending_review
):
    upcoming, _held = sessions
    services.position_end(position=coordinator_position, end_date=yesterday())
    handover = coordinator_position.handovers.get()

    services.handover_stand_in_set(handover=handover, stand_in=stand_in)

    handover.refresh_from_db()
    assert handover.status == Handover.Status.STAND_IN
    acting = handover.stand_in_position
    assert (acting.user, acting.role, acting.organization) == (
        stand_in,
        Role.REGIONAL_ADMIN,
        coordinator_position.organization,
    )
    assert ru("%(title)s (acting)", title="") in acting.title
    assert list(upcoming.trainers.all()) == [stand_in]
    assert fresh(stand_in).has_perm("assessments.change_submission")
    assert not duties_without_holder().exists()

    services.handover_complete(handover=handover, successor=successor)

    acting.refresh_from_db()
    assert acting.end_date is not None  # ends when the successor is appointed
    assert list(upcoming.trainers.all()) == [successor]
    # The acting position's end opens no hand-over of its own.
    assert Handover.objects.count() == 1
    assert not duties_without_holder().exists()
    assert all(d.holder == successor for d in handover.duties.filter(moves=True))


def test_appointing_twice_creates_one_position(coordinator_position, successor):
    services.position_end(position=coordinator_position, end_date=yesterday())
    handover = coordinator_position.handovers.get()

    services.handover_complete(handover=handover, successor=successor)
    services.handover_complete(handover=handover, successor=successor)

    assert Position.objects.filter(user=successor).count() == 1


def test_a_completed_hand_over_refuses_another_successor(
    coordinator_position, successor, stand_in
):
    services.position_end(position=coordinator_position, end_date=yesterday())
    handover = coordinator_position.handovers.get()
    services.handover_complete(handover=handover, successor=successor)

    with pytest.raises(ValidationError) as raised:
        services.handover_complete(handover=handover, successor=stand_in)
    assert raised.value.messages == [ru(services.MSG_HANDOVER_COMPLETED)]
    assert not Position.objects.filter(user=stand_in).exists()


def test_ending_a_position_twice_opens_one_hand_over(coordinator_position):
    services.position_end(
        position=coordinator_position,
        end_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    services.position_end(position=coordinator_position)

    assert Handover.objects.filter(position=coordinator_position).count() == 1
    assert HandoverDuty.objects.filter(kind="role").count() == 1


def test_position_hand_over_opens_and_completes_in_one_go(
    coordinator, coordinator_position, sessions, successor
):
    upcoming, _held = sessions

    new_position = services.position_hand_over(
        position=coordinator_position, successor=successor
    )

    handover = coordinator_position.handovers.get()
    assert handover.status == Handover.Status.COMPLETED
    assert handover.successor_position == new_position
    assert list(upcoming.trainers.all()) == [successor]
    assert not duties_without_holder().exists()


def test_the_leaver_cannot_succeed_themselves(coordinator, coordinator_position):
    services.position_end(position=coordinator_position, end_date=yesterday())

    with pytest.raises(ValidationError):
        services.handover_complete(
            handover=coordinator_position.handovers.get(), successor=coordinator
        )


def test_saving_the_checklist_twice_keeps_one_set_of_contacts(
    coordinator, coordinator_position, volunteer_ngo
):
    services.position_end(position=coordinator_position, end_date=yesterday())
    handover = coordinator_position.handovers.get()
    contacts = [{"organization": volunteer_ngo.pk, "name": volunteer_ngo.name}]

    for _ in range(2):
        services.handover_checklist_save(
            handover=handover,
            user=coordinator,
            notes="Заметки",
            open_matters="",
            contacts=contacts,
            submit=True,
        )

    assert handover.contacts.count() == 1


def test_only_the_leaver_saves_the_checklist(coordinator_position, successor):
    services.position_end(position=coordinator_position, end_date=yesterday())

    with pytest.raises(ValidationError) as raised:
        services.handover_checklist_save(
            handover=coordinator_position.handovers.get(),
            user=successor,
            notes="",
            open_matters="",
            contacts=[],
        )
    assert raised.value.messages == [ru(services.MSG_HANDOVER_NOT_LEAVER)]


def test_the_leaver_is_asked_for_the_checklist_and_the_successor_told_of_the_notes_once_each(
    django_capture_on_commit_callbacks,
    mailoutbox,
    coordinator,
    coordinator_position,
    successor,
    national_admin,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.position_end(
            position=coordinator_position, end_date=yesterday(), actor=national_admin
        )
    handover = Handover.objects.get(position=coordinator_position)

    asked = [m for m in mailoutbox if m.to == [coordinator.email]]
    assert len(asked) == 1
    assert f"/ru/profile/handovers/{handover.pk}/" in asked[0].body

    with django_capture_on_commit_callbacks(execute=True):
        services.handover_complete(
            handover=handover, successor=successor, actor=national_admin
        )
        services.handover_complete(
            handover=handover, successor=successor, actor=national_admin
        )
    told = [m for m in mailoutbox if m.to == [successor.email]]
    assert len(told) == 1
    assert f"/ru/profile/handovers/{handover.pk}/notes/" in told[0].body

    # The tasks run again (a retry, a second worker): nothing more is sent.
    from people.tasks import handover_leaver_notify, handover_successor_notify

    assert not handover_leaver_notify(handover_id=handover.pk)
    assert not handover_successor_notify(handover_id=handover.pk)
    both = [m for m in mailoutbox if m.to in ([coordinator.email], [successor.email])]
    assert len(both) == 2
