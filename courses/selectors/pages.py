"""The context of the course page and of the pages of its items."""

from __future__ import annotations

from ..models import CourseItemPage, CoursePage, Enrolment
from .catalog import program_next_course
from .enrolment import course_requirements, enrolment_progress_get
from .outline import course_of_item, course_outline


def course_page_context(*, course: CoursePage, learner) -> dict:
    """Context of the course page: syllabus, requirements, the learner's progress."""
    enrolment, done = enrolment_progress_get(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment, done=done)
    requirements = course_requirements(course=course, learner=learner)
    return {
        "outline": outline,
        "enrolment": enrolment,
        "requirements": requirements,
        "requirements_unmet": [r for r in requirements if not r.met],
        "continue_item": outline.continue_item() if enrolment else None,
        "program_next": program_next_course(
            course=course, learner=learner, enrolment=enrolment
        ),
    }


def course_item_context(
    *,
    item: CourseItemPage,
    learner,
    course: CoursePage | None = None,
    enrolment: Enrolment | None = None,
    done: set | None = None,
) -> dict:
    """Context shared by every item page: the course, its outline, previous and next.
    `course`, `enrolment` and `done` (the keys of the items done), when the caller
    already has them, save the queries."""
    if course is None:
        course = course_of_item(item=item)
        enrolment, done = enrolment_progress_get(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment, done=done)
    previous, following = outline.neighbours(item.translation_key)
    index = outline.index_of(item.translation_key)
    current = outline.items[index] if index is not None else None
    return {
        "course": course,
        "enrolment": enrolment,
        "outline": outline,
        "current_item": current,
        "previous_item": previous,
        "next_item": following,
    }
