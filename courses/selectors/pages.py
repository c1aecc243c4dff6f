"""The context of the course page and of the pages of its items."""

from __future__ import annotations

from ..models import CourseItemPage, CoursePage, Enrolment
from .catalog import program_next_course
from .enrolment import course_requirements, enrolment_get_for
from .outline import course_of_item, course_outline


def course_page_context(*, course: CoursePage, learner) -> dict:
    """Context of the course page: syllabus, requirements, the learner's progress."""
    enrolment = enrolment_get_for(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment)
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
) -> dict:
    """Context shared by every item page: the course, its outline, previous and next.
    `course` and `enrolment`, when the caller already has them, save two queries."""
    if course is None:
        course = course_of_item(item=item)
        enrolment = enrolment_get_for(learner=learner, course=course)
    outline = course_outline(course=course, enrolment=enrolment)
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
