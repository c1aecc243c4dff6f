"""The world the authorization walk runs in, built once per module: the people of
every role, and the objects of a learner of `region` (Almaty) that the other roles
may or may not reach (an enrolment, quiz attempts, a submission with a file, a
certificate, a training session and its registration, a calendar feed, hand-overs,
a report subscription, a target).

Who is who (the roles of the walk, tests/authz/rules.py):
- learner: the owner of every object; had a staff position in the region's office,
  ended (so a hand-over of theirs is open), and stands in for another leaver;
- other_learner: a second learner of the same region, enrolled in the same course;
- mentor: a mentor of the region, trainer of the region's session;
- regional_admin / other_regional_admin: of `region` and of `other_region` (Astana);
- national_admin (who has set up a second factor: an authenticator app and recovery
  codes, as staff must); editor (a content editor of the national office, no
  learners).

`world.mirror` holds the same objects of a learner of `other_region` (Astana): the
walk asks the two regional admins for them too, each now in the other's place.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Page

from assessments.models import QuizAttempt
from assessments.services import assignments as assignment_services
from assessments.services import quizzes as quiz_services
from certificates import services as certificate_services
from courses.models import (
    AssignmentRule,
    CatalogPage,
    StandardAcknowledgementPage,
)
from courses.services import enrolment_create
from people.models import Handover, Organization, Position, User
from people.roles import Role
from people.services import position_end, position_start
from reports.services import report_subscription_create
from reports.services.targets import target_create
from scheduling.models import Registration
from scheduling.selectors import check_in_token
from scheduling.services import calendar_feed_get_or_create
from tests.courses.standard_helpers import standard_create
from tests.factories import (
    AcknowledgementFactory,
    AssignmentPageFactory,
    CertificateRuleFactory,
    CertificateTemplateFactory,
    CourseFactory,
    LessonFactory,
    OrganizationFactory,
    ProgramFactory,
    QuestionCategoryFactory,
    QuestionFactory,
    QuizFactory,
    SignatoryFactory,
    TrainingSessionFactory,
    UserFactory,
    region_by_code,
    staff_member,
)
from tests.factories.courses import document_create
from tests.factories.scheduling import session_days_set
from tests.people.access_helpers import mfa_set_up
from tests.scheduling.attendance_helpers import SessionAttendancePageFactory

# What identifies the learner in a page: no page may show them to a role that has no
# business seeing them (tests/authz/walk.py checks every 200 answer).
LEARNER_NAME = "Жанаргуль Обходная-Проверкина"
LEARNER_EMAIL = "walk.learner@example.kz"
# The learner of the other region, whose objects make the mirror world.
MIRROR_NAME = "Айбек Зеркальный-Обходов"
MIRROR_EMAIL = "walk.mirror@example.kz"
# A minor of each region (16 years old: under 18, not a child under 14).
MINOR_EMAIL = "walk.minor.{region}@example.kz"
MINOR_AGE = 16

ROLES = (
    "anonymous",
    "learner",
    "other_learner",
    "mentor",
    "regional_admin",
    "other_regional_admin",
    "national_admin",
    "editor",
)


@dataclasses.dataclass
class World:
    users: dict[str, User | None]
    region: object
    other_region: object
    pages: dict[str, Page]
    enrolment: object
    attempt_submitted: QuizAttempt
    attempt_open: QuizAttempt
    submission: object
    submission_file: object
    certificate: object
    template: object
    session: object
    draft_session: object
    day: object
    draft_day: object
    check_in_token: str
    registration: Registration
    feed: object
    handover_leaver: Handover
    handover_stand_in: Handover
    subscription: object
    target: object
    document: object
    rule: object
    minor: User
    mirror: World | None = None

    @property
    def learner(self) -> User:
        return self.users["learner"]

    @property
    def learner_marks(self) -> tuple[str, str]:
        """What shows the learner in a page: their name and e-mail."""
        return self.learner.full_name, self.learner.email


def _people(region, other_region) -> tuple[dict, dict]:
    office = OrganizationFactory(name="Фронт-офис Алматы (обход)", region=region)
    other_office = OrganizationFactory(
        name="Фронт-офис Астаны (обход)", region=other_region
    )
    national = OrganizationFactory(
        name="Национальный фронт-офис (обход)",
        kind=Organization.Kind.NATIONAL_OFFICE,
        region=None,
    )
    users = {
        "anonymous": None,
        "learner": UserFactory(
            region=region,
            full_name=LEARNER_NAME,
            email=LEARNER_EMAIL,
            date_of_birth=datetime.date(1998, 5, 17),
        ),
        "other_learner": UserFactory(region=region, full_name="Другой Учащийся"),
        "mentor": staff_member(
            Role.MENTOR, organization=office, full_name="Ментор Обхода"
        ),
        "regional_admin": staff_member(
            Role.REGIONAL_ADMIN, organization=office, full_name="Координатор Обхода"
        ),
        "other_regional_admin": staff_member(
            Role.REGIONAL_ADMIN,
            organization=other_office,
            full_name="Координатор Другого Региона",
        ),
        "national_admin": staff_member(
            Role.NATIONAL_ADMIN, organization=national, full_name="Национальный Админ"
        ),
        "editor": staff_member(
            Role.EDITOR, organization=national, full_name="Редактор Обхода"
        ),
    }
    mfa_set_up(users["national_admin"])
    return users, {"office": office, "other_office": other_office}


def _curriculum() -> dict[str, Page]:
    catalog = CatalogPage.objects.get()
    template = CertificateTemplateFactory(is_default=True, name="Основной (обход)")
    SignatoryFactory(template=template)
    program = ProgramFactory(parent=catalog, slug="walk-program")
    course = CourseFactory(parent=program, slug="walk-course", title="Курс обхода")
    lesson = LessonFactory(parent=course, slug="lesson")
    acknowledgement = AcknowledgementFactory(parent=course, slug="code")
    category = QuestionCategoryFactory(name="Категория обхода")
    quiz = QuizFactory(
        parent=course,
        slug="quiz",
        questions=[QuestionFactory(category=category)],
        attempts_allowed=0,
    )
    assignment = AssignmentPageFactory(
        parent=course, slug="assignment", allowed_extensions="pdf", max_files=1
    )
    attend = SessionAttendancePageFactory(parent=course, slug="attend")
    standard = standard_create(catalog)
    standard_item = course.add_child(
        instance=StandardAcknowledgementPage(
            title="Стандарт (пункт курса)", slug="standard-item", standard=standard
        )
    )
    standard_item.save_revision().publish()
    course.refresh_from_db()
    return {
        "home": catalog.get_parent().specific,
        "catalog": catalog,
        "program": program,
        "course": course,
        "lesson": lesson,
        "acknowledgement": acknowledgement,
        "quiz": quiz,
        "assignment": assignment,
        "attend": attend,
        "standard": standard,
        "standard_item": StandardAcknowledgementPage.objects.get(pk=standard_item.pk),
        "_template": template,
        "_rule": CertificateRuleFactory(page=course, template=template),
    }


def _handovers(learner, office) -> tuple[Handover, Handover]:
    """The learner left a staff position (their own hand-over), and stands in for
    another leaver of the region (whose notes they may read)."""
    position = position_start(user=learner, organization=office, role=Role.STAFF)
    position_end(position=position, end_date=timezone.localdate())
    own = Handover.objects.get(leaver=learner)
    leaver = staff_member(Role.STAFF, organization=office)
    position_end(position=Position.objects.get(user=leaver))
    other = Handover.objects.get(leaver=leaver)
    Handover.objects.filter(pk=other.pk).update(stand_in=learner)
    other.refresh_from_db()
    return own, other


def _learning(learner, pages) -> dict:
    """The learner enrolled in the course: a submitted and an open quiz attempt, a
    submission (with a file) awaiting review, and the course's certificate."""
    quiz = pages["quiz"]
    enrolment = enrolment_create(learner=learner, course=pages["course"])
    submitted = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    submitted = quiz_services.quiz_attempt_submit(
        attempt=submitted, closed_by=QuizAttempt.ClosedBy.LEARNER
    )
    submission = assignment_services.submission_create(
        learner=learner,
        assignment=pages["assignment"],
        text="Черновик заявки обхода",
        files=[
            SimpleUploadedFile(
                "draft.pdf", b"%PDF-1.4 walk", content_type="application/pdf"
            )
        ],
    )
    certificate, _created = certificate_services.certificate_issue(
        learner=learner, rule=pages["_rule"], completed_at=timezone.now()
    )
    return {
        "enrolment": enrolment,
        "attempt_submitted": submitted,
        "attempt_open": quiz_services.quiz_attempt_start(learner=learner, quiz=quiz),
        "submission": submission,
        "submission_file": submission.files.get(),
        "certificate": certificate,
    }


def _sessions(learner, region, pages, trainer) -> dict:
    """The region's session of the course, today and tomorrow, with its trainer and
    the learner registered; their calendar feed."""
    today = timezone.localdate()
    session = TrainingSessionFactory(
        region=region,
        course_key=pages["course"].translation_key,
        title_ru=f"Интенсив обхода ({region.iso_code})",
    )
    session_days_set(session, [today, today + datetime.timedelta(days=1)])
    if trainer is not None:
        session.trainers.add(trainer)
    day = session.days.order_by("date").first()
    return {
        "session": session,
        "day": day,
        "check_in_token": check_in_token(day=day),
        "registration": Registration.objects.create(
            session=session,
            person=learner,
            status=Registration.Status.REGISTERED,
            seat=1,
        ),
        "feed": calendar_feed_get_or_create(person=learner),
    }


def _learner_objects(learner, *, region, office, pages, trainer, subscriber, by):
    """Everything of one learner (and of their region) the walk asks for."""
    own_handover, stand_in_handover = _handovers(learner, office)
    subscription, _created = report_subscription_create(
        user=subscriber, report="completion", query="", frequency="weekly"
    )
    targets, _existing = target_create(
        by=by,
        regions=[region],
        title="Цель обхода",
        target_key=pages["course"].translation_key,
        percent=80,
        due_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    return {
        **_learning(learner, pages),
        **_sessions(learner, region, pages, trainer),
        "handover_leaver": own_handover,
        "handover_stand_in": stand_in_handover,
        "subscription": subscription,
        "target": targets[0],
    }


def _minor(region) -> User:
    today = timezone.localdate()
    return UserFactory(
        region=region,
        full_name=f"Несовершеннолетний Обхода ({region.iso_code})",
        email=MINOR_EMAIL.format(region=region.iso_code.lower()),
        date_of_birth=datetime.date(today.year - MINOR_AGE, 1, 1),
    )


def build_world() -> World:
    region, other_region = region_by_code("KZ-75"), region_by_code("KZ-71")
    users, offices = _people(region, other_region)
    pages = _curriculum()
    national = users["national_admin"]
    # Enrolled too: the learner's attempts and files are refused to a learner who
    # may open the same items.
    enrolment_create(learner=users["other_learner"], course=pages["course"])
    objects = _learner_objects(
        users["learner"],
        region=region,
        office=offices["office"],
        pages=pages,
        trainer=users["mentor"],
        subscriber=users["regional_admin"],
        by=national,
    )
    mirror_learner = UserFactory(
        region=other_region, full_name=MIRROR_NAME, email=MIRROR_EMAIL
    )
    mirror_objects = _learner_objects(
        mirror_learner,
        region=other_region,
        office=offices["other_office"],
        pages=pages,
        trainer=None,
        subscriber=users["other_regional_admin"],
        by=national,
    )
    draft = TrainingSessionFactory(
        region=region, status="draft", title_ru="Черновик сессии обхода"
    )
    shared = {
        "pages": {k: v for k, v in pages.items() if not k.startswith("_")},
        "template": pages["_template"],
        "draft_session": draft,
        "draft_day": draft.days.order_by("date").first(),
        "document": document_create(title="Памятка обхода", name="walk-memo.pdf"),
        # Of a role nobody here holds: it assigns nobody anything.
        "rule": AssignmentRule.objects.create(
            name="Правило обхода",
            role=Role.LEADER,
            target=pages["program"],
            due_in_days=30,
        ),
    }
    users = {
        name: (User.objects.get(pk=user.pk) if user else None)
        for name, user in users.items()
    }
    mirror = World(
        users={**users, "learner": User.objects.get(pk=mirror_learner.pk)},
        region=other_region,
        other_region=region,
        minor=_minor(other_region),
        **shared,
        **mirror_objects,
    )
    return World(
        users=users,
        region=region,
        other_region=other_region,
        minor=_minor(region),
        **shared,
        **objects,
        mirror=mirror,
    )
