"""The load data set's constants, the markers of generated rows, the curriculum read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from assessments.models import QuizPage
from certificates.models import CertificateRule
from courses.models import (
    CourseItemPage,
    CoursePage,
)
from people.models import User

LOAD_DOMAIN = "load.birgemiz.test"
ORG_PREFIX = "[load] "
LEARNERS = 120_000
NGOS_PER_REGION = 10
BATCH = 5_000

Say = Callable[[str], None]


@dataclass
class Course:
    key: object
    title: dict
    items: list  # translation keys in tree order
    quizzes: dict  # quiz key -> pass mark
    rule_id: int | None = None
    template_id: int | None = None
    validity_months: int | None = None


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def generated_users():
    return User.objects.filter(email__iendswith="@" + LOAD_DOMAIN)


def real_user_count() -> int:
    return User.objects.exclude(email__iendswith="@" + LOAD_DOMAIN).count()


def catalog_read() -> list[Course]:
    """The live courses (one per translation_key) with their items and quizzes."""
    courses: dict = {}
    for page in CoursePage.objects.live().order_by("path"):
        if page.translation_key in courses:
            courses[page.translation_key].title.setdefault(
                page.locale.language_code[:2], page.title
            )
            continue
        items = list(
            CourseItemPage.objects.live()
            .descendant_of(page)
            .order_by("path")
            .values_list("translation_key", flat=True)
        )
        if not items:
            continue
        quizzes = dict(
            QuizPage.objects.live()
            .descendant_of(page)
            .values_list("translation_key", "pass_mark")
        )
        courses[page.translation_key] = Course(
            key=page.translation_key,
            title={page.locale.language_code[:2]: page.title},
            items=items,
            quizzes=quizzes,
        )
    keys_by_page = dict(
        CoursePage.objects.filter(translation_key__in=courses).values_list(
            "pk", "translation_key"
        )
    )
    for rule in CertificateRule.objects.filter(page_id__in=keys_by_page):
        course = courses[keys_by_page[rule.page_id]]
        course.rule_id = rule.pk
        course.template_id = rule.template_id
        course.validity_months = rule.validity_months
    return list(courses.values())


def _batches(total: int, size: int = BATCH) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))
