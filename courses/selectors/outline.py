"""A course's outline: its items in order in the course's language, the learner's
progress through them, and where they left off (the course page, its items and "My
learning" follow the same rule)."""

from __future__ import annotations

import copy
import dataclasses
import uuid

from wagtail.models import Page

from core.i18n import DEFAULT_LANGUAGE, localized_pick, page_canonical
from core.pagecache import content_cached

from ..models import CourseItemPage, CoursePage, Enrolment, ItemProgress


@dataclasses.dataclass
class OutlineItem:
    key: uuid.UUID
    number: int
    page: CourseItemPage
    required: bool
    minutes: int
    done: bool
    in_other_language: bool


@dataclasses.dataclass
class Outline:
    course: CoursePage
    canonical: CoursePage
    items: list[OutlineItem]
    enrolment: Enrolment | None

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def required_done(self) -> int:
        return sum(1 for item in self.items if item.required and item.done)

    @property
    def percent(self) -> int:
        total = self.required_total
        return round(100 * self.required_done / total) if total else 0

    @property
    def done_marks(self) -> str:
        """Which items are done, as one string ("0110"): names a rendering of the
        outline in fragment caches."""
        return "".join("1" if item.done else "0" for item in self.items)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    def index_of(self, key: uuid.UUID) -> int | None:
        for index, item in enumerate(self.items):
            if item.key == key:
                return index
        return None

    def neighbours(
        self, key: uuid.UUID
    ) -> tuple[OutlineItem | None, OutlineItem | None]:
        index = self.index_of(key)
        if index is None:
            return None, None
        previous = self.items[index - 1] if index > 0 else None
        following = self.items[index + 1] if index + 1 < len(self.items) else None
        return previous, following

    def continue_item(self) -> OutlineItem | None:
        """Where the learner left off (see continue_key)."""
        key = continue_key(
            keys=[item.key for item in self.items],
            done={item.key for item in self.items if item.done},
            last=self.enrolment.last_item_key if self.enrolment else None,
        )
        return None if key is None else self.items[self.index_of(key)]


def continue_key(
    *, keys: list[uuid.UUID], done: set[uuid.UUID], last: uuid.UUID | None
) -> uuid.UUID | None:
    """Where a learner left off, among a course's item `keys` in order: the last item
    they opened if not done yet, else the next item not done after it, else the first
    item not done. The course page and "My learning" both follow this rule."""
    start = keys.index(last) if last in keys else 0
    for key in [*keys[start:], *keys[:start]]:
        if key not in done:
            return key
    return None


def course_canonical(*, course: CoursePage) -> CoursePage:
    """The version of a course whose items define completion (see page_canonical)."""
    return page_canonical(page=course)


def course_required_item_keys(*, course: CoursePage) -> set[uuid.UUID]:
    """translation_keys of the live required items of a course (canonical version)."""
    canonical = course_canonical(course=course)
    return set(
        CourseItemPage.objects.child_of(canonical)
        .live()
        .filter(required=True)
        .values_list("translation_key", flat=True)
    )


def course_required_items() -> dict[uuid.UUID, set[uuid.UUID]]:
    """translation_keys of the live required items of every live course (canonical
    versions), by the course's translation_key: what a report's progress counts,
    two queries whatever the number of courses."""
    courses = localized_pick(
        CoursePage.objects.live()
        .select_related("locale")
        .only("path", "translation_key", "locale"),
        DEFAULT_LANGUAGE,
    )
    by_path = {course.path: key for key, course in courses.items()}
    required: dict[uuid.UUID, set[uuid.UUID]] = {key: set() for key in courses}
    for path, item_key in (
        CourseItemPage.objects.live()
        .filter(required=True)
        .values_list("path", "translation_key")
    ):
        course_key = by_path.get(path[: -CourseItemPage.steplen])
        if course_key is not None:
            required[course_key].add(item_key)
    return required


def _outline_pages(course: CoursePage) -> tuple[CoursePage, list[tuple]]:
    """The canonical course and, per live item in order, (item, page shown), the
    page shown being the item's translation in the course's language when there is
    one. Published content only: memoized under the content version."""
    canonical = course_canonical(course=course)
    items = list(
        CourseItemPage.objects.child_of(canonical)
        .live()
        .select_related("locale")
        .order_by("path")
    )
    localized: dict[uuid.UUID, CourseItemPage] = {}
    if canonical.pk != course.pk and items:
        localized = {
            page.translation_key: page
            for page in CourseItemPage.objects.live()
            .filter(
                translation_key__in=[i.translation_key for i in items],
                locale_id=course.locale_id,
            )
            .select_related("locale")
        }
    return canonical, [
        (item, localized.get(item.translation_key, item)) for item in items
    ]


def course_outline(
    *,
    course: CoursePage,
    enrolment: Enrolment | None,
    done: set[uuid.UUID] | None = None,
) -> Outline:
    """The items of a course in order, in the course's language where translated,
    with the learner's progress (one query, none when the caller passes `done`, the
    keys of the items done: see enrolment_progress_get; the items come from the memo
    of published content)."""
    canonical, pages = content_cached(
        ("outline", course.pk), lambda: _outline_pages(course)
    )
    if enrolment is None:
        done = set()
    elif done is None:
        done = set(
            ItemProgress.objects.filter(enrolment=enrolment).values_list(
                "item_key", flat=True
            )
        )
    outline_items = [
        OutlineItem(
            key=item.translation_key,
            number=number,
            page=page,
            required=item.required,
            minutes=item.estimated_minutes,
            done=item.translation_key in done,
            in_other_language=page.locale_id != course.locale_id,
        )
        for number, (item, page) in enumerate(pages, start=1)
    ]
    return Outline(
        course=course, canonical=canonical, items=outline_items, enrolment=enrolment
    )


def course_of_item(*, item: Page) -> CoursePage:
    """The course an item belongs to (one query, none when memoized)."""
    path = item.path[: -CoursePage.steplen]
    course = content_cached(
        ("course-at", path),
        lambda: CoursePage.objects.filter(path=path).select_related("locale").get(),
    )
    return copy.copy(course)
