"""Building the records the dashboard counts, directly (the figures, not the
services that make them, are under test)."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import uuid

from django.utils import timezone

from certificates.models import Certificate
from courses.models import Assignment, Enrolment

_codes = itertools.count(1)


def assign(learner, key: uuid.UUID, *, due_in_days: int = 10, state: str = "new"):
    """An assignment of course `key`, due in `due_in_days` (negative: past), and the
    learner's enrolment: "new" (none), "started" or "completed"."""
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        learner=learner,
        target_kind=Assignment.TargetKind.COURSE,
        target_key=key,
        due_date=today + datetime.timedelta(days=due_in_days),
    )
    if state == "started":
        Enrolment.objects.create(learner=learner, course_key=key)
    elif state == "completed":
        Enrolment.objects.create(
            learner=learner,
            course_key=key,
            status=Enrolment.Status.COMPLETED,
            completed_at=timezone.now(),
        )
    return assignment


def certify(learner, key: uuid.UUID, *, expires_in_days=None, revoked=False):
    now = timezone.now()
    return Certificate.objects.create(
        code=f"T-{next(_codes):06d}",
        learner=learner,
        kind=Certificate.Kind.COURSE,
        target_key=key,
        holder_name=learner.full_name,
        completed_at=now,
        issued_at=now,
        expires_at=None
        if expires_in_days is None
        else now + datetime.timedelta(days=expires_in_days),
        revoked_at=now if revoked else None,
        revoked_reason="Ошибка" if revoked else "",
    )


def csv_rows(response) -> dict[str, list[str]]:
    """The CSV export as {first cell: the line}, without the BOM and header."""
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    return {line[0]: line for line in lines[1:]}


def record_fill(learner, program, n: int, *, standard=None) -> dict:
    """`n` of everything a learner record shows, on `learner`: courses under `program`
    (two lessons, a quiz and an assignment to hand in each), each assigned and
    enrolled (the first lesson done; the first course completed, after its due date),
    with a quiz attempt, an accepted submission and a certificate; a training
    session registered for and attended, a position held, and (given `standard`,
    a StandardPage) an acknowledgement of a new version of it."""
    from assessments.models import QuizAttempt, Submission
    from courses.models import ItemProgress, StandardAcknowledgement, StandardVersion
    from scheduling.models import Attendance, Registration
    from tests.factories import OrganizationFactory, course_with_lessons
    from tests.factories.assessments import AssignmentPageFactory, QuizFactory
    from tests.factories.people import PositionFactory
    from tests.factories.scheduling import TrainingSessionFactory

    now = timezone.now()
    made: dict[str, list] = {"courses": [], "certificates": [], "sessions": []}
    for i in range(n):
        course, lessons = course_with_lessons(program, 2, title=f"Курс {i} записи")
        quiz = QuizFactory(parent=course, title=f"Тест {i} записи")
        work = AssignmentPageFactory(parent=course, title=f"Задание {i} записи")
        key = course.translation_key
        assign(
            learner,
            key,
            due_in_days=-3 if i == 0 else 10,
            state="completed" if i == 0 else "started",
        )
        enrolment = Enrolment.objects.get(learner=learner, course_key=key)
        ItemProgress.objects.create(
            enrolment=enrolment, item_key=lessons[0].translation_key, completed_at=now
        )
        QuizAttempt.objects.create(
            learner=learner,
            quiz_key=quiz.translation_key,
            number=1,
            status=QuizAttempt.Status.SUBMITTED,
            started_at=now - datetime.timedelta(minutes=20),
            submitted_at=now - datetime.timedelta(minutes=5),
            score=8,
            max_score=10,
            percent=80,
            passed=True,
            pass_mark=70,
        )
        Submission.objects.create(
            learner=learner,
            assignment_key=work.translation_key,
            version=1,
            status=Submission.Status.ACCEPTED,
            submitted_at=now - datetime.timedelta(days=2),
            reviewed_at=now - datetime.timedelta(days=1),
            score=4,
            max_score=5,
        )
        made["certificates"].append(certify(learner, key, expires_in_days=365))
        session = TrainingSessionFactory(
            region=learner.region,
            days=[timezone.localdate() - datetime.timedelta(days=10 + i)],
        )
        Registration.objects.create(
            session=session,
            person=learner,
            status=Registration.Status.REGISTERED,
            seat=1,
        )
        Attendance.objects.create(
            day=session.days.get(),
            person=learner,
            mark=Attendance.Mark.PRESENT,
            source=Attendance.Source.LIST,
            marked_at=now,
        )
        PositionFactory(
            user=learner,
            organization=OrganizationFactory(region=learner.region),
            start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        )
        if standard is not None:
            number = StandardVersion.objects.filter(page=standard).count() + 1
            version = StandardVersion.objects.create(
                page=standard, number=number, published_at=now
            )
            StandardAcknowledgement.objects.create(
                user=learner, version=version, acknowledged_at=now
            )
        made["courses"].append(course)
        made["sessions"].append(session)
    return made
