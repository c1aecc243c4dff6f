from .courses import (
    AssignmentRuleFactory,
    CourseFactory,
    LessonFactory,
    ProgramFactory,
    course_with_lessons,
)
from .people import OrganizationFactory, UserFactory, region

__all__ = [
    "AssignmentRuleFactory",
    "CourseFactory",
    "LessonFactory",
    "OrganizationFactory",
    "ProgramFactory",
    "UserFactory",
    "course_with_lessons",
    "region",
]
