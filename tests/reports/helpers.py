"""Building the records the reports count, directly (the figures, not the services
that make them, are under test)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import itertools
import uuid
from decimal import Decimal

from django.utils import timezone

from assessments.models import QuizAttempt
from certificates.models import Certificate, ClearanceRequirement, ClearanceRule
from courses import services as course_services
from courses.models import Assignment, AssignmentRule, Enrolment, ItemProgress
from people.roles import Role
from scheduling.models import Attendance, CadenceRule, SessionKind
from tests.courses.standard_helpers import standard_create
from tests.factories import (
    AcknowledgementFactory,
    CourseFactory,
    OrganizationFactory,
    QuizFactory,
    TrainingSessionFactory,
    UserFactory,
    staff_member,
)

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


def attempt(learner, quiz_key: uuid.UUID, *, passed: bool, days_ago: int = 0):
    """A submitted attempt at quiz `quiz_key` (the learner's next one), `days_ago`."""
    number = QuizAttempt.objects.filter(learner=learner, quiz_key=quiz_key).count() + 1
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return QuizAttempt.objects.create(
        learner=learner,
        quiz_key=quiz_key,
        number=number,
        status=QuizAttempt.Status.SUBMITTED,
        started_at=when - datetime.timedelta(minutes=10),
        submitted_at=when,
        score=Decimal(9 if passed else 3),
        max_score=Decimal(10),
        percent=Decimal(90 if passed else 30),
        passed=passed,
        pass_mark=70,
    )


def sign(learner, course_key: uuid.UUID, item_key: uuid.UUID) -> ItemProgress:
    """Item `item_key` (an acknowledgement) of course `course_key` done by `learner`."""
    enrolment, _created = Enrolment.objects.get_or_create(
        learner=learner, course_key=course_key
    )
    return ItemProgress.objects.create(
        enrolment=enrolment, item_key=item_key, completed_at=timezone.now()
    )


def complete(learner, course_key: uuid.UUID) -> Enrolment:
    return Enrolment.objects.create(
        learner=learner,
        course_key=course_key,
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
    )


def session_held(kind: str, region, days_ago: int, *people):
    """A session of `kind` (intensive or online) in `region` (None: national) held
    `days_ago`, attended by `people`."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    session = TrainingSessionFactory(kind=kind, region=region, days=[day])
    for person in people:
        for session_day in session.days.all():
            Attendance.objects.create(
                day=session_day,
                person=person,
                mark="present",
                source=Attendance.Source.LIST,
                marked_at=timezone.now(),
            )
    return session


INTENSIVE, ONLINE = SessionKind.INTENSIVE, SessionKind.ONLINE


def csv_rows(response) -> dict[str, list[str]]:
    """The CSV export as {first cell: the line}, without the BOM and header."""
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    return {line[0]: line for line in lines[1:]}


# A world for the query counts: every figure has something to count
# ------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    """Courses (each with a quiz) under a program; two risk zones (the first
    course's certificate and its code of conduct signed, 18+; the second course's
    certificate); a cadence for staff; the Standard for staff; the program assigned
    to staff by a rule."""

    program: object
    courses: list  # (course, quiz)
    ack: object
    onboarding: AssignmentRule
    standard: object


def course_with_quiz(program):
    course = CourseFactory(parent=program)
    return course, QuizFactory(parent=course)


def world_build(catalog_page, program, *, courses: int = 2) -> World:
    pairs = [course_with_quiz(program) for _ in range(courses)]
    ack = AcknowledgementFactory(parent=pairs[0][0])
    zones = [
        ("palliative-care", "Паллиативная помощь", 18, [pairs[0][0], ack]),
        ("elderly", "Пожилые люди", None, [pairs[1][0]]),
    ]
    for order, (slug, name, age, pages) in enumerate(zones):
        rule = ClearanceRule.objects.create(
            slug=slug,
            name_kk=name,
            name_ru=name,
            name_en=slug,
            min_age=age,
            sort_order=order,
        )
        for page in pages:
            ClearanceRequirement.objects.create(rule=rule, page=page)
    CadenceRule.objects.create(
        role=Role.STAFF, intensive_months=6, online_meetings=2, online_share=50
    )
    return World(
        program=program,
        courses=pairs,
        ack=ack,
        onboarding=AssignmentRule.objects.create(
            name="Сотрудники РФО", role=Role.STAFF, target=program, due_in_days=30
        ),
        standard=standard_create(catalog_page, roles=[Role.STAFF]),
    )


def courses_add(world: World, count: int) -> None:
    world.courses += [course_with_quiz(world.program) for _ in range(count)]


def onboard(world: World, person, *, done: int) -> None:
    """The program assigned to `person` by the onboarding rule, `done` of its
    courses completed."""
    Assignment.objects.create(
        learner=person,
        rule=world.onboarding,
        target_kind=Assignment.TargetKind.PROGRAM,
        target_key=world.program.translation_key,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    for course, _quiz in world.courses[:done]:
        complete(person, course.translation_key)


def region_populate(world: World, region, *, learners: int = 2) -> None:
    """In `region`: two newcomer staff (one keeping the cadence, having acknowledged
    the Standard and completed one onboarding course; one overdue) and `learners`
    learners, each with every course assigned and completed, certified, each quiz
    failed then passed, the code of conduct signed."""
    office = OrganizationFactory(region=region)
    keeper, late = (staff_member(Role.STAFF, organization=office) for _ in range(2))
    for person in (keeper, late):
        onboard(world, person, done=1 if person is keeper else 0)
    course_services.standard_acknowledge(user=keeper, page=world.standard)
    session_held(INTENSIVE, region, 30, keeper)
    session_held(ONLINE, region, 10, keeper)
    for _ in range(learners):
        person = UserFactory(region=region)
        for course, quiz in world.courses:
            assign(person, course.translation_key, state="completed")
            certify(person, course.translation_key)
            attempt(person, quiz.translation_key, passed=False)
            attempt(person, quiz.translation_key, passed=True)
        sign(person, world.courses[0][0].translation_key, world.ack.translation_key)


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
