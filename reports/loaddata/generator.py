"""Generating the load data set, step by step, in batches."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from assessments.models import QuizAttempt
from certificates.codes import ALPHABET, LENGTH
from certificates.models import Certificate
from core.pagecache import content_version_bump
from courses.models import (
    Assignment,
    Enrolment,
    ItemProgress,
)
from people.models import Organization, Position, Region, User
from people.roles import Role

from .catalog import (
    BATCH,
    LEARNERS,
    LOAD_DOMAIN,
    NGOS_PER_REGION,
    ORG_PREFIX,
    Report,
    Say,
    _batches,
    catalog_read,
    generated_users,
)


class Generator:
    """One run: `run()` creates everything, step by step, and returns the Report."""

    def __init__(self, *, scale: float, seed: int, say: Say):
        self.scale = scale
        self.rng = random.Random(seed)
        self.say = say
        self.now = timezone.now()
        self.report = Report()
        self.regions = list(Region.objects.order_by("iso_code"))
        # Completion differs by region: from 35 % to 80 % of enrolments completed.
        self.completion = {
            region.pk: 0.35 + 0.45 * self.rng.random() for region in self.regions
        }
        # Some regions are larger than others (weights 1 to 6).
        self.weights = [1 + 5 * self.rng.random() for _ in self.regions]
        self.courses = catalog_read()

    def _step(self, name: str, fn: Callable[[], int]) -> None:
        started = time.monotonic()
        count = fn()
        seconds = time.monotonic() - started
        self.report.counts[name] = count
        self.report.seconds[name] = seconds
        self.say(f"{name}: {count} in {seconds:.1f} s")

    def run(self) -> Report:
        self._step("organisations", self.organisations_create)
        self._step("learners", self.learners_create)
        self._step("positions", self.positions_create)
        self._step("learning", self.learning_create)
        for name in ("enrolments", "item progress", "quiz attempts", "certificates"):
            self.report.counts[name] = self._learning_counts[name]
        self.report.counts.pop("learning")
        self._step("assignments", self.assignments_create)
        return self.report

    # Organisations -----------------------------------------------------------------

    def organisations_create(self) -> int:
        kinds = [
            (Organization.Kind.REGIONAL_FRONT_OFFICE, "front office"),
            (Organization.Kind.YOUTH_RESOURCE_CENTRE, "youth centre"),
            (Organization.Kind.AKIMAT_DEPARTMENT, "akimat department"),
        ]
        ngos = max(1, round(NGOS_PER_REGION * self.scale))
        rows = []
        for region in self.regions:
            for kind, label in kinds:
                rows.append((region, kind, f"{ORG_PREFIX}{label} {region.iso_code}"))
            for n in range(1, ngos + 1):
                rows.append(
                    (
                        region,
                        Organization.Kind.VOLUNTEER_NGO,
                        f"{ORG_PREFIX}NGO {n} {region.iso_code}",
                    )
                )
        Organization.objects.bulk_create(
            [
                Organization(name=name, kind=kind, region=region)
                for region, kind, name in rows
            ],
            batch_size=BATCH,
        )
        self.orgs_by_region: dict = {}
        for org in Organization.objects.filter(name__startswith=ORG_PREFIX):
            self.orgs_by_region.setdefault(org.region_id, []).append((org.pk, org.kind))
        return len(rows)

    # Learners ------------------------------------------------------------------------

    def learners_create(self) -> int:
        total = max(len(self.regions), round(LEARNERS * self.scale))
        password = make_password(None)  # unusable: "!" and random text, no hashing
        rng = self.rng
        for batch in _batches(total):
            users = []
            for n in batch:
                # The first 20 go one to each region, so every region has learners.
                if n < len(self.regions):
                    region = self.regions[n]
                else:
                    region = rng.choices(self.regions, self.weights)[0]
                org_id, org_kind = None, ""
                if rng.random() < 0.7:
                    org_id, org_kind = rng.choice(self.orgs_by_region[region.pk])
                joined = self.now - datetime.timedelta(days=rng.randint(1, 730))
                users.append(
                    User(
                        email=f"learner{n:06d}@{LOAD_DOMAIN}",
                        full_name=f"Learner {n:06d}",
                        password=password,
                        region_id=region.pk,
                        organization_id=org_id,
                        organization_kind=org_kind,
                        date_of_birth=datetime.date(rng.randint(1965, 2009), 1, 1)
                        + datetime.timedelta(days=rng.randint(0, 364)),
                        preferred_language=rng.choice(("ru", "ru", "kk", "en")),
                        date_joined=joined,
                    )
                )
            User.objects.bulk_create(users, batch_size=BATCH)
            reset_queries()
        return total

    def _learner_batches(self) -> Iterator[list[tuple]]:
        """(pk, region_id, organization_id, date_joined, full_name) of the generated
        learners, BATCH at a time, in pk order."""
        last = 0
        while True:
            rows = list(
                generated_users()
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list(
                    "pk", "region_id", "organization_id", "date_joined", "full_name"
                )[:BATCH]
            )
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    # Positions -----------------------------------------------------------------------

    def positions_create(self) -> int:
        """Staff (5 %) and mentors (1 %) in their organisation; one regional admin per
        region, in its front office."""
        count = 0
        admins_done: set = set()
        front = {
            region_id: next(
                pk
                for pk, kind in orgs
                if kind == Organization.Kind.REGIONAL_FRONT_OFFICE
            )
            for region_id, orgs in self.orgs_by_region.items()
        }
        for rows in self._learner_batches():
            positions = []
            for pk, region_id, org_id, joined, _name in rows:
                role = None
                if region_id not in admins_done:
                    admins_done.add(region_id)
                    role, org_id = Role.REGIONAL_ADMIN, front[region_id]
                elif org_id is not None:
                    draw = self.rng.random()
                    role = (
                        Role.STAFF
                        if draw < 0.05
                        else Role.MENTOR
                        if draw < 0.06
                        else None
                    )
                if role:
                    positions.append(
                        Position(
                            user_id=pk,
                            organization_id=org_id,
                            role=role,
                            start_date=joined.date(),
                        )
                    )
            Position.objects.bulk_create(positions, batch_size=BATCH)
            count += len(positions)
            reset_queries()
        return count

    # Enrolments, progress, attempts, certificates ------------------------------------

    def learning_create(self) -> int:
        counts = dict.fromkeys(
            ("enrolments", "item progress", "quiz attempts", "certificates"), 0
        )
        self._learning_counts = counts
        self._enrolled: dict = {}  # learner pk -> [(course key, completed)] (small)
        if not self.courses:
            return 0
        rng = self.rng
        for rows in self._learner_batches():
            enrolments, plans = [], []
            for pk, region_id, _org, joined, name in rows:
                # 1 to 3 courses each (mean about 1.7).
                k = min(len(self.courses), rng.choice((1, 1, 1, 2, 2, 3)))
                for course in rng.sample(self.courses, k):
                    start = joined + datetime.timedelta(
                        seconds=rng.randint(
                            0, max(1, int((self.now - joined).total_seconds()))
                        )
                    )
                    completed = rng.random() < self.completion[region_id]
                    done = (
                        len(course.items)
                        if completed
                        else rng.randint(0, max(0, len(course.items) - 1))
                    )
                    span = max(60, int((self.now - start).total_seconds()))
                    finish = start + datetime.timedelta(seconds=rng.randint(60, span))
                    enrolments.append(
                        Enrolment(
                            learner_id=pk,
                            course_key=course.key,
                            status="completed" if completed else "active",
                            completed_at=finish if completed else None,
                            completion_notified_at=finish if completed else None,
                            last_item_key=course.items[done - 1] if done else None,
                            last_activity_at=finish if done else None,
                            created_at=start,
                        )
                    )
                    plans.append((pk, name, course, completed, done, start, finish))
                    self._enrolled.setdefault(pk, []).append((course.key, completed))
            Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
            counts["enrolments"] += len(enrolments)
            progress, attempts, certificates = [], [], []
            for enrolment, plan in zip(enrolments, plans, strict=True):
                pk, name, course, completed, done, start, finish = plan
                step = (finish - start) / max(1, done)
                for i, item_key in enumerate(course.items[:done]):
                    progress.append(
                        ItemProgress(
                            enrolment_id=enrolment.pk,
                            item_key=item_key,
                            completed_at=start + step * (i + 1),
                            created_at=start + step * (i + 1),
                        )
                    )
                    if item_key in course.quizzes:
                        attempts += self._attempts(
                            pk, item_key, course, start + step * i, True
                        )
                for item_key in course.items[done : done + 1]:
                    if item_key in course.quizzes and rng.random() < 0.5:
                        attempts += self._attempts(pk, item_key, course, finish, False)
                if completed and (
                    course.rule_id or not any(c.rule_id for c in self.courses)
                ):
                    certificates.append(self._certificate(pk, name, course, finish))
                if len(progress) >= BATCH:
                    ItemProgress.objects.bulk_create(progress, batch_size=BATCH)
                    counts["item progress"] += len(progress)
                    progress = []
            ItemProgress.objects.bulk_create(progress, batch_size=BATCH)
            counts["item progress"] += len(progress)
            QuizAttempt.objects.bulk_create(attempts, batch_size=BATCH)
            counts["quiz attempts"] += len(attempts)
            Certificate.objects.bulk_create(certificates, batch_size=BATCH)
            counts["certificates"] += len(certificates)
            reset_queries()
        return sum(counts.values())

    def _attempts(self, learner_id, quiz_key, course, when, passed_at_last) -> list:
        """Submitted attempts at one quiz: failed ones first, the last passed if
        `passed_at_last` (the quiz is done), else all failed."""
        rng = self.rng
        pass_mark = course.quizzes[quiz_key] or 0
        number = rng.choice((1, 1, 1, 2, 2, 3))
        rows = []
        for n in range(1, number + 1):
            passed = (passed_at_last and n == number) or pass_mark == 0
            low, high = (pass_mark, 100) if passed else (0, max(0, pass_mark - 1))
            percent = Decimal(rng.randint(low, high))
            started = when - datetime.timedelta(minutes=30 * (number - n + 1))
            rows.append(
                QuizAttempt(
                    learner_id=learner_id,
                    quiz_key=quiz_key,
                    number=n,
                    status="submitted",
                    started_at=started,
                    submitted_at=started
                    + datetime.timedelta(minutes=rng.randint(3, 25)),
                    closed_by="learner",
                    score=percent / 10,
                    max_score=Decimal(10),
                    percent=percent,
                    passed=passed,
                    pass_mark=pass_mark,
                    created_at=started,
                )
            )
        return rows

    def _certificate(self, learner_id, name, course, finish) -> Certificate:
        rng = self.rng
        expires = None
        if course.validity_months:
            expires = finish + datetime.timedelta(days=30 * course.validity_months)
        elif rng.random() < 0.2:  # some certificates carry a 1-year validity
            expires = finish + datetime.timedelta(days=365)
        revoked = rng.random() < 0.02
        return Certificate(
            code="".join(rng.choice(ALPHABET) for _ in range(LENGTH)),
            learner_id=learner_id,
            rule_id=course.rule_id,
            kind=Certificate.Kind.COURSE,
            target_key=course.key,
            holder_name=name,
            title=course.title,
            template_id=course.template_id,
            completed_at=finish,
            issued_at=finish,
            expires_at=expires,
            revoked_at=finish + datetime.timedelta(days=1) if revoked else None,
            revoked_reason="Load data: revoked for the test" if revoked else "",
            notified_at=finish,
            created_at=finish,
        )

    # Assignments ---------------------------------------------------------------------

    def assignments_create(self) -> int:
        """40 % of learners have one course assigned with a due date from 6 months ago
        to 6 months ahead; the ones past due and not completed are overdue."""
        rng = self.rng
        today = timezone.localdate(self.now)
        count = 0
        assignments = []
        for pk, enrolled in self._enrolled.items():
            if rng.random() >= 0.4:
                continue
            if rng.random() < 0.8:
                key, _completed = rng.choice(enrolled)
            else:
                key = rng.choice(self.courses).key
            assignments.append(
                Assignment(
                    learner_id=pk,
                    target_kind=Assignment.TargetKind.COURSE,
                    target_key=key,
                    due_date=today + datetime.timedelta(days=rng.randint(-180, 180)),
                    notified_at=self.now,
                    reminded_at=self.now,
                    overdue_reminded_at=self.now,
                )
            )
            if len(assignments) >= BATCH:
                Assignment.objects.bulk_create(assignments, batch_size=BATCH)
                count += len(assignments)
                assignments = []
                reset_queries()
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        return count + len(assignments)


def load_data_generate(*, scale: float, seed: int, say: Say) -> Report:
    """Generates the data set (the caller has checked it may); one transaction."""
    with transaction.atomic():
        report = Generator(scale=scale, seed=seed, say=say).run()
        # No signal went out per row: the page caches are told once.
        transaction.on_commit(content_version_bump)
    statistics_refresh()
    return report


def statistics_refresh() -> None:
    """Have PostgreSQL gather the new tables' statistics now (ANALYZE), as autovacuum
    would some minutes later: until then the planner takes the bulk-filled tables for
    nearly empty and picks plans that take the dashboard from 0.8 s to 25 s at 120,000
    learners. SQLite needs nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
