"""Enrolment: who may enrol in what (requirements, the one blocker rule), the
learner's enrolments and progress records, and those an admin may see (scoped)."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict

from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from core.i18n import active_language, localized_pick
from core.pagecache import content_cached
from people.selectors import learner_scope_q

from ..models import (
    CoursePage,
    CoursePrerequisite,
    Enrolment,
    ItemProgress,
    ProgramCompletion,
)

# Why enrolment is refused (services.enrolment_create raises them; My learning and the
# assignment warning show them).
MSG_COURSE_NOT_LIVE = gettext_lazy("This course is not open for enrolment.")
MSG_REQUIREMENTS = gettext_lazy("You cannot enrol yet. Missing: %(missing)s")
MSG_BIRTH_DATE_MISSING = gettext_lazy(
    "This course has a minimum age: add your date of birth to your profile first."
)


@dataclasses.dataclass
class Requirement:
    """Something a learner must have before enrolling, and whether they have it."""

    message: str
    met: bool
    page: Page | None = None


def course_requirements(*, course: CoursePage, learner) -> list[Requirement]:
    """What enrolling in `course` requires (prerequisite courses, in the active
    language where translated, and a minimum age), each marked as met or not for
    `learner` (not met for anonymous visitors)."""
    return course_requirements_for(courses=[course], learner=learner)[course.pk]


def course_requirements_for(
    *, courses, learner, completed: set[uuid.UUID] | None = None
) -> dict[int, list[Requirement]]:
    """course_requirements of several courses at once, by course page id: at most
    three queries whatever their number. `completed` (translation_keys of the courses
    the learner has completed), when the caller knows it, saves one; a caller may also
    count courses the learner will complete on the way as completed."""
    courses = list(courses)
    language = active_language()
    links, pages = content_cached(
        ("prerequisites", tuple(c.pk for c in courses), language),
        lambda: _prerequisite_pages(courses, language),
    )
    if completed is None:
        completed = set()
        if learner.is_authenticated and pages:
            completed = set(
                Enrolment.objects.filter(
                    learner=learner,
                    status=Enrolment.Status.COMPLETED,
                    course_key__in=list(pages),
                ).values_list("course_key", flat=True)
            )
    age = learner.age_on(timezone.localdate()) if learner.is_authenticated else None
    requirements: dict[int, list[Requirement]] = {}
    for course in courses:
        requirements[course.pk] = [
            Requirement(
                message=_("Complete the course “%(title)s”.")
                % {"title": pages[key].title},
                met=key in completed,
                page=pages[key],
            )
            for key in links[course.pk]
            if key in pages
        ]
        if course.min_age:
            requirements[course.pk].append(
                Requirement(
                    message=ngettext(
                        "Be at least %(age)d year old.",
                        "Be at least %(age)d years old.",
                        course.min_age,
                    )
                    % {"age": course.min_age},
                    met=age is not None and age >= course.min_age,
                )
            )
    return requirements


def _prerequisite_pages(courses, language: str) -> tuple[dict, dict]:
    """Per course page id, the translation_keys of its required courses in order;
    and those courses, live, in `language` where translated (published content)."""
    links: dict[int, list[uuid.UUID]] = defaultdict(list)
    if courses:
        for course_id, key in (
            CoursePrerequisite.objects.filter(course_id__in=[c.pk for c in courses])
            # The editor's order; ties (no order given) in the order they were added.
            .order_by("course_id", "sort_order", "pk")
            .values_list("course_id", "required_course__translation_key")
        ):
            links[course_id].append(key)
    wanted = {key for keys in links.values() for key in keys}
    pages = (
        localized_pick(
            CoursePage.objects.live()
            .filter(translation_key__in=wanted)
            .select_related("locale"),
            language,
        )
        if wanted
        else {}
    )
    return links, pages


@dataclasses.dataclass
class Blocker:
    """Why a learner may not enrol in a course now: what enrolment_create refuses
    with. `code` is not_live, birth_date (a minimum age, and no date of birth known)
    or requirements; `unmet` lists the requirements not met."""

    code: str
    unmet: list[Requirement]

    @property
    def message(self) -> str:
        """The refusal, as the learner reads it when they try to enrol."""
        if self.code == "not_live":
            return str(MSG_COURSE_NOT_LIVE)
        if self.code == "birth_date":
            return str(MSG_BIRTH_DATE_MISSING)
        return MSG_REQUIREMENTS % {
            "missing": " ".join(str(r.message) for r in self.unmet)
        }


def enrolment_blocker(
    *, course: CoursePage, learner, requirements: list[Requirement] | None = None
) -> Blocker | None:
    """What keeps `learner` from enrolling in `course` now, or None. The one rule of
    enrolment: enrolment_create refuses with it, My learning and the assignment
    warning show it. `requirements` (from course_requirements_for), when the caller
    has them, saves the queries."""
    if not course.live:
        return Blocker(code="not_live", unmet=[])
    if requirements is None:
        requirements = course_requirements(course=course, learner=learner)
    unmet = [r for r in requirements if not r.met]
    if course.min_age and getattr(learner, "date_of_birth", None) is None:
        return Blocker(code="birth_date", unmet=unmet)
    if unmet:
        return Blocker(code="requirements", unmet=unmet)
    return None


def enrolment_get_for(*, learner, course: Page) -> Enrolment | None:
    """The learner's enrolment in a course (any translation of it), if any."""
    if not learner.is_authenticated:
        return None
    return Enrolment.objects.filter(
        learner=learner, course_key=course.translation_key
    ).first()


def enrolment_progress_get(
    *, learner, course: Page
) -> tuple[Enrolment | None, set[uuid.UUID]]:
    """The learner's enrolment in a course (any translation of it) and the
    translation_keys of the items done in it, in one query (a left join: one row per
    item done, or one row with no item)."""
    if not learner.is_authenticated:
        return None, set()
    enrolments, done = enrolments_with_progress(
        Enrolment.objects.filter(learner=learner, course_key=course.translation_key)
    )
    enrolment = next(iter(enrolments.values()), None)
    return enrolment, done[enrolment.pk] if enrolment else set()


def enrolments_with_progress(
    enrolments: QuerySet[Enrolment],
) -> tuple[dict[uuid.UUID, Enrolment], dict[int, set[uuid.UUID]]]:
    """The enrolments of a query set by course translation_key (in its order) and the
    translation_keys of the items done, by enrolment id: one query, a left join that
    gives one row per item done (or one row with no item)."""
    fields = [f.attname for f in Enrolment._meta.concrete_fields]
    by_course: dict[uuid.UUID, Enrolment] = {}
    done: dict[int, set[uuid.UUID]] = defaultdict(set)
    for row in enrolments.values_list(*fields, "item_progress__item_key"):
        enrolment = Enrolment.from_db("default", fields, row[:-1])
        enrolment = by_course.setdefault(enrolment.course_key, enrolment)
        if row[-1] is not None:
            done[enrolment.pk].add(row[-1])
    return by_course, done


def program_completed_keys(*, learner) -> set[uuid.UUID]:
    """translation_keys of the programs the learner has completed."""
    return set(
        ProgramCompletion.objects.filter(learner=learner).values_list(
            "program_key", flat=True
        )
    )


def item_progress_get(
    *, enrolment: Enrolment, item_key: uuid.UUID
) -> ItemProgress | None:
    """The record of one item done within an enrolment (when, e.g. an
    acknowledgement was signed), or None when it is not done."""
    return ItemProgress.objects.filter(enrolment=enrolment, item_key=item_key).first()


# Records seen by admins (scoped)
# ------------------------------------------------------------------------------


def enrolment_list_visible(*, viewer) -> QuerySet[Enrolment]:
    """Enrolments `viewer` may see: their own, their region's, or all (people's rule)."""
    return Enrolment.objects.filter(learner_scope_q(viewer=viewer, field="learner"))


def enrolment_list_with_required_done(
    *, required_items: dict[uuid.UUID, set[uuid.UUID]]
) -> QuerySet[Enrolment]:
    """Every enrolment (unscoped: callers limit it, as the reports do by region),
    annotated `required_done`: how many of the required items of its course
    (`required_items`, from course_required_items) it has done; None for a completed
    enrolment, which is done whatever its items. One correlated count per row, in the
    same query."""
    keys = sorted(set().union(*required_items.values()))
    done = (
        ItemProgress.objects.filter(enrolment=OuterRef("pk"), item_key__in=keys)
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Enrolment.objects.annotate(
        required_done=Case(
            When(status=Enrolment.Status.COMPLETED, then=Value(None)),
            default=Coalesce(Subquery(done), 0),
        )
    )


def enrolment_get_visible(*, viewer, pk: int) -> Enrolment:
    """One enrolment `viewer` may see; raises Enrolment.DoesNotExist otherwise."""
    return enrolment_list_visible(viewer=viewer).select_related("learner").get(pk=pk)


def enrolment_list_unannounced(
    *, completed_after: datetime.datetime, completed_before: datetime.datetime
) -> list[int]:
    """Ids of enrolments completed in the span whose course-completed e-mail was not
    sent (its task was lost), of learners we may write to (core.mail.mail_recipient)."""
    return list(
        Enrolment.objects.filter(
            status=Enrolment.Status.COMPLETED,
            completed_at__gt=completed_after,
            completed_at__lt=completed_before,
            completion_notified_at__isnull=True,
            learner__is_active=True,
            learner__erased_at__isnull=True,
        )
        .exclude(learner__email="")
        .values_list("pk", flat=True)
    )
