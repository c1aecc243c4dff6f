"""Demo sessions: this year's plan for all 20 regions (and the next quarter's), the
public holidays it skips, the training cadence of staff and regional admins, and the
story of the Almaty front office.

- The plan service makes every quarter of this year and the next quarter; the
  sessions up to the end of the next quarter are confirmed (venue or meeting link,
  the Almaty mentor as trainer in Almaty) and opened, and those already over are
  held; their plan notices count as sent.
- Almaty's held sessions have registrations and attendance: the regional admin came
  to everything; the RFO staff member (staff@) came to the online meetings mostly
  and to an intensive only more than six months ago (registered for the later ones
  but excused), so is overdue for an intensive; eight staff of the Almaty front
  office and youth centre came to some.
- Almaty's next online meeting and next intensive are open with registrations; the
  intensive (a small hall, 8 seats) is full, with two people on the waitlist.

Idempotent: what is there (by e-mail, role, plan slot, a session's registrations)
is left alone, so a second run changes nothing. Called by lms.demo after people.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from core.demo import Say
from people import services as people_services
from people.demo.loader import DEMO_PASSWORD, ORGANIZATIONS
from people.models import Organization, Region, User
from people.roles import Role

from ..models import (
    Attendance,
    AttendanceMark,
    CadenceRule,
    PlanNotice,
    Registration,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
    TrainingSession,
)
from ..services import (
    holiday_defaults_load,
    plan_quarter_create,
    session_register,
    session_status_set,
    session_update,
)
from ..services.plan import quarter_bounds, quarter_next, quarter_period

ALMATY = "KZ-75"
STAFF = "staff@demo.birgemiz.kz"
MENTOR = "mentor@demo.birgemiz.kz"
REGIONAL_ADMIN = "admin.almaty@demo.birgemiz.kz"
VOLUNTEER = "volunteer@demo.birgemiz.kz"
# Staff of the Almaty front office and youth resource centre (organisation key in
# people.demo, e-mail, full name, born).
PARTICIPANTS = [
    ("rfo-almaty", "rfo.almaty.1@demo.birgemiz.kz", "Әйгерім Қасымова", 1994),
    ("rfo-almaty", "rfo.almaty.2@demo.birgemiz.kz", "Нұржан Есенов", 1991),
    ("rfo-almaty", "rfo.almaty.3@demo.birgemiz.kz", "Ольга Петренко", 1987),
    ("mrc-almaty", "mrc.almaty.1@demo.birgemiz.kz", "Дәулет Сейітқали", 1998),
    ("mrc-almaty", "mrc.almaty.2@demo.birgemiz.kz", "Гүлназ Өмірбекова", 1996),
    ("mrc-almaty", "mrc.almaty.3@demo.birgemiz.kz", "Ерболат Жақсыбеков", 1989),
    ("mrc-almaty", "mrc.almaty.4@demo.birgemiz.kz", "Мария Ли", 1999),
    ("mrc-almaty", "mrc.almaty.5@demo.birgemiz.kz", "Ілияс Тұрсынов", 2000),
]
# The training cadence the report asks of front-office staff and their coordinators.
CADENCE = {"intensive_months": 6, "online_meetings": 6, "online_share": 50}
CADENCE_ROLES = (Role.STAFF, Role.REGIONAL_ADMIN)
# The next Almaty intensive is in a small hall: full, with a waitlist.
SMALL_HALL = 8
SMALL_HALL_VENUE = "г. Алматы, Молодежный ресурсный центр, малый зал (8 мест), 2-й этаж"


def scheduling_demo_load(*, say: Say, today: datetime.date | None = None) -> None:
    """The demo's sessions, plan, holidays, cadence rules and Almaty story."""
    today = today or timezone.localdate()
    added = holiday_defaults_load(years=[today.year, today.year + 1])
    if added:
        say(f"{len(added)} public holidays")
    cadence_rules_load(say=say)
    participants = participants_load(say=say)
    last_quarter = plan_load(say=say, today=today)
    sessions_confirm(say=say, until=last_quarter)
    almaty_story_load(say=say, participants=participants)


def cadence_rules_load(*, say: Say) -> None:
    """An intensive within 6 months and half of the last 6 online meetings, for
    staff and regional admins."""
    for role in CADENCE_ROLES:
        _rule, created = CadenceRule.objects.get_or_create(role=role, defaults=CADENCE)
        if created:
            say(f"training cadence rule ({role})")


def participants_load(*, say: Say) -> list[User]:
    """Eight staff of the Almaty front office and youth centre, signed up and
    appointed through people's services (they may sign in with the demo password)."""
    region = Region.objects.get(iso_code=ALMATY)
    organizations = {
        key: Organization.objects.get(name=ORGANIZATIONS[key][0])
        for key in ("rfo-almaty", "mrc-almaty")
    }
    people = []
    for key, email, full_name, born in PARTICIPANTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            with transaction.atomic():
                user = User.objects.create_user(email, DEMO_PASSWORD)
                EmailAddress.objects.create(
                    user=user, email=email, verified=True, primary=True
                )
                people_services.user_signup_complete(
                    user=user,
                    full_name=full_name,
                    region=region,
                    organization_kind=organizations[key].kind,
                    date_of_birth=datetime.date(born, 4, 1),
                    preferred_language="kk" if len(people) % 2 else "ru",
                    consent=True,
                )
                people_services.position_start(
                    user=user,
                    organization=organizations[key],
                    role=Role.STAFF,
                    start_date=datetime.date(timezone.localdate().year - 1, 9, 1),
                )
            say(f"user {email} (Almaty staff)")
        people.append(user)
    return people


def plan_load(*, say: Say, today: datetime.date) -> tuple[int, int]:
    """This year's plan and the next quarter's (through the plan service); returns
    the (year, quarter) of the next quarter."""
    quarters = [(today.year, quarter) for quarter in (1, 2, 3, 4)]
    following = quarter_next(today)
    if following not in quarters:
        quarters.append(following)
    for year, quarter in quarters:
        result = plan_quarter_create(year=year, quarter=quarter)
        if result.created:
            say(f"plan {result.period}: {len(result.created)} sessions")
    return following


def _confirmed_fields(session: TrainingSession) -> dict:
    region = session.region
    if session.kind == SessionKind.ONLINE:
        slug = f"{region.iso_code.lower()}-{session.plan_slot}"
        return {"meeting_url": f"https://meet.demo.birgemiz.kz/{slug}"}
    return {
        "venue": (
            f"{region.name_ru}: молодежный ресурсный центр, конференц-зал"
            f" ({region.admin_centre or region.name_en})"
        )
    }


def sessions_confirm(*, say: Say, until: tuple[int, int]) -> None:
    """Confirm the planned sessions up to the end of quarter `until`, as the regional
    admins would: venue or meeting link, the Almaty mentor as trainer in Almaty,
    opened; those already over are held. Their plan notices count as sent."""
    year, quarter = until
    _first, last = quarter_bounds(year, quarter)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1),
        datetime.time(),
        timezone.get_current_timezone(),
    )
    now = timezone.now()
    mentor = User.objects.get(email=MENTOR)
    drafts = list(
        TrainingSession.objects.filter(status=SessionStatus.DRAFT, starts_at__lt=end)
        .exclude(plan_slot="")
        .select_related("region")
    )
    for session in drafts:
        trainers = [mentor] if session.region.iso_code == ALMATY else None
        session = session_update(
            session=session, by=None, trainers=trainers, **_confirmed_fields(session)
        )
        session = session_status_set(
            session=session, by=None, status=SessionStatus.OPEN
        )
        if session.ends_at <= now:
            session_status_set(session=session, by=None, status=SessionStatus.HELD)
    if drafts:
        say(f"{len(drafts)} planned sessions confirmed (opened, or held if over)")
    # Periods sort as text ("2026-Q4" < "2027-Q1").
    PlanNotice.objects.filter(
        period__lte=quarter_period(year, quarter), sent_at__isnull=True
    ).update(sent_at=now)


def almaty_story_load(*, say: Say, participants: list[User]) -> None:
    """Who came to Almaty's held sessions, and who signed up for the next ones."""
    people = {
        email: User.objects.get(email=email)
        for email in (STAFF, MENTOR, REGIONAL_ADMIN, VOLUNTEER)
    }
    now = timezone.now()
    six_months_ago = now - datetime.timedelta(days=183)
    almaty = TrainingSession.objects.filter(region__iso_code=ALMATY).exclude(
        plan_slot=""
    )
    held = list(almaty.filter(status=SessionStatus.HELD).order_by("starts_at"))
    written = 0
    online_index = {
        session.pk: number
        for number, session in enumerate(
            s for s in held if s.kind == SessionKind.ONLINE
        )
    }
    for index, session in enumerate(held):
        if session.registrations.exists():
            continue
        written += 1
        marks = {people[REGIONAL_ADMIN]: AttendanceMark.PRESENT}
        staff = people[STAFF]
        if session.kind == SessionKind.INTENSIVE:
            # The staff member's last intensive was more than six months ago.
            marks[staff] = (
                AttendanceMark.PRESENT
                if session.ends_at < six_months_ago
                else AttendanceMark.EXCUSED
            )
        else:
            # Two of every three meetings: above the half the cadence asks.
            marks[staff] = (
                AttendanceMark.ABSENT
                if online_index[session.pk] % 3 == 2
                else AttendanceMark.PRESENT
            )
        for number, person in enumerate(participants):
            if (number + index) % 4 != 3:
                marks[person] = (
                    AttendanceMark.PRESENT
                    if (number * 7 + index) % 5
                    else AttendanceMark.ABSENT
                )
        past_attendance_write(session=session, marks=marks, by=people[MENTOR])
    if written:
        say(f"attendance of {written} held sessions in Almaty")

    upcoming = almaty.filter(status=SessionStatus.OPEN, starts_at__gt=now)
    meeting = upcoming.filter(kind=SessionKind.ONLINE).order_by("starts_at").first()
    if meeting is not None and not meeting.registrations.exists():
        for person in [
            people[REGIONAL_ADMIN],
            people[STAFF],
            people[VOLUNTEER],
            *participants[:5],
        ]:
            session_register(session=meeting, person=person, by=person)
        say(f"registrations for {meeting.plan_slot} (Almaty)")
    intensive = (
        upcoming.filter(kind=SessionKind.INTENSIVE).order_by("starts_at").first()
    )
    if intensive is not None and not intensive.registrations.exists():
        intensive = session_update(
            session=intensive, by=None, capacity=SMALL_HALL, venue=SMALL_HALL_VENUE
        )
        # Eight seats, ten people: the last two wait for a seat.
        for person in [people[STAFF], people[REGIONAL_ADMIN], *participants]:
            session_register(session=intensive, person=person, by=person)
        say(f"registrations and a waitlist for {intensive.plan_slot} (Almaty)")


def past_attendance_write(
    *, session: TrainingSession, marks: dict[User, str], by: User
) -> None:
    """The registrations (seats in order) and the trainer's marks of a session that
    is over. session_register refuses a session that has begun, so the past
    registrations are written as they would have been (DIRECT MODEL WRITES); the
    marks go through the attendance service, as a trainer's list sends them."""
    from ..services import attendance_mark

    registrations = [
        Registration(
            session=session,
            person=person,
            status=RegistrationStatus.REGISTERED,
            seat=seat,
            created_at=session.starts_at - datetime.timedelta(days=10),
        )
        for seat, person in enumerate(marks, start=1)
    ]
    Registration.objects.bulk_create(registrations)
    for day in session.days.all():
        for person, mark in marks.items():
            attendance_mark(
                day=day,
                person=person,
                mark=mark,
                by=by,
                marked_at=day.ends_at,
                source=Attendance.Source.LIST,
            )
