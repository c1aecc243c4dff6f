"""Attendance marks: an idempotent upsert per day and person (a re-sent or older
mark changes nothing, a newer one wins), who may mark whom, and the completion of
"attend a session" items when a learner was present on every day."""

# The shared fixtures are imported by name (tests/scheduling has no conftest of its
# own yet), which pyflakes reads as unused imports redefined by the arguments.
# ruff: noqa: F401, F811

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.models import ItemProgress
from scheduling import services
from scheduling.models import Attendance, Registration, SessionKind
from tests.factories import TrainingSessionFactory, UserFactory
from tests.scheduling.attendance_helpers import (
    SessionAttendancePageFactory,
    attend_course,
    day,
    other_session,
    participant,
    register,
    second_day,
    session,
    today,
    trainer,
)

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def mark(day, person, value, by, at=T0, source=Attendance.Source.LIST):
    return services.attendance_mark(
        day=day, person=person, mark=value, by=by, marked_at=at, source=source
    )


def test_attendance_mark_stores_one_row_and_a_resent_mark_changes_nothing(
    day, participant, trainer
):
    first = mark(day, participant, "present", trainer)
    again = mark(day, participant, "present", trainer)

    assert first.changed is True
    assert again.changed is False
    row = Attendance.objects.get()
    assert (row.mark, row.source, row.marked_by, row.marked_at) == (
        "present",
        "list",
        trainer,
        T0,
    )


def test_attendance_mark_resent_with_the_same_time_but_another_mark_changes_nothing(
    day, participant, trainer
):
    mark(day, participant, "present", trainer)

    outcome = mark(day, participant, "absent", trainer)

    assert outcome.changed is False
    assert Attendance.objects.get().mark == "present"


def test_attendance_mark_older_than_the_kept_one_is_ignored(day, participant, trainer):
    mark(day, participant, "absent", trainer, at=T0)

    outcome = mark(
        day, participant, "present", trainer, at=T0 - datetime.timedelta(minutes=5)
    )

    assert outcome.changed is False
    assert outcome.attendance.mark == "absent"
    assert Attendance.objects.count() == 1


def test_attendance_mark_newer_than_the_kept_one_wins(day, participant, trainer):
    mark(day, participant, "absent", trainer, at=T0)

    outcome = mark(
        day, participant, "excused", trainer, at=T0 + datetime.timedelta(minutes=5)
    )

    assert outcome.changed is True
    row = Attendance.objects.get()
    assert (row.mark, row.marked_at) == ("excused", T0 + datetime.timedelta(minutes=5))


def test_attendance_mark_refuses_a_person_without_a_seat(day, session, trainer):
    waitlisted = UserFactory()
    Registration.objects.create(
        session=session, person=waitlisted, status=Registration.Status.WAITLISTED
    )
    with pytest.raises(ValidationError) as error:
        mark(day, waitlisted, "present", trainer)
    assert error.value.messages == [str(services.MSG_NOT_REGISTERED)]
    with pytest.raises(ValidationError):
        mark(day, UserFactory(), "present", trainer)
    assert not Attendance.objects.exists()


def test_attendance_mark_refuses_an_unknown_mark(day, participant, trainer):
    with pytest.raises(ValidationError) as error:
        mark(day, participant, "late", trainer)
    assert error.value.messages == [str(services.MSG_BAD_MARK)]


@pytest.mark.parametrize(
    "who",
    ["learner_self", "other_trainer", "other_regional_admin", "mentor", "editor"],
)
def test_attendance_mark_is_refused_to_people_who_do_not_run_the_session(
    request, who, day, participant, other_session
):
    by = {
        "learner_self": participant,
        "other_trainer": other_session.trainers.get(),
    }.get(who) or request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        mark(day, participant, "present", by)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["trainer", "regional_admin", "national_admin"])
def test_attendance_mark_is_allowed_to_trainers_and_admins_in_scope(
    request, who, day, participant
):
    outcome = mark(day, participant, "present", request.getfixturevalue(who))
    assert outcome.changed is True


def test_attendance_mark_batch_reports_each_mark_and_refuses_only_the_bad_ones(
    day, participant, trainer
):
    stranger = UserFactory()
    results = services.attendance_mark_batch(
        day=day,
        by=trainer,
        marks=[
            services.BatchMark(participant.pk, "present", T0, "a"),
            services.BatchMark(stranger.pk, "present", T0, "b"),
            services.BatchMark(participant.pk, "present", T0, "c"),
        ],
    )

    assert [(r.client_id, r.status) for r in results] == [
        ("a", "saved"),
        ("b", "refused"),
        ("c", "unchanged"),
    ]
    assert Attendance.objects.count() == 1


# "Attend a session" items
# ------------------------------------------------------------------------------


def _done(item, person) -> bool:
    return ItemProgress.objects.filter(
        enrolment__learner=person, item_key=item.translation_key
    ).exists()


def test_item_completes_when_the_learner_was_present_on_every_day(
    day, second_day, participant, trainer, attend_course
):
    _course, item = attend_course

    mark(day, participant, "present", trainer)
    assert not _done(item, participant)

    mark(second_day, participant, "present", trainer)
    assert _done(item, participant)


def test_item_stays_open_when_a_day_was_missed(
    day, second_day, participant, trainer, attend_course
):
    _course, item = attend_course
    mark(day, participant, "present", trainer)
    mark(second_day, participant, "excused", trainer)

    assert (
        services.attendance_completion_evaluate(session=day.session, person=participant)
        == []
    )
    assert not _done(item, participant)


def test_item_of_another_kind_of_session_is_not_completed(
    day, second_day, participant, trainer, attend_course
):
    course, item = attend_course
    online_item = SessionAttendancePageFactory(
        parent=course, session_kind=SessionKind.ONLINE
    )

    mark(day, participant, "present", trainer)
    mark(second_day, participant, "present", trainer)

    assert _done(item, participant)
    assert not _done(online_item, participant)


def test_attendance_of_a_learner_not_enrolled_completes_nothing(
    region, trainer, attend_course, today
):
    course, _item = attend_course
    session = TrainingSessionFactory(
        region=region, course_key=course.translation_key, days=[today]
    )
    session.trainers.add(trainer)
    person = UserFactory()
    register(session, person)

    mark(session.days.get(), person, "present", trainer)

    assert not ItemProgress.objects.exists()
