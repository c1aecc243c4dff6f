"""The curriculum as Wagtail pages, and the learning records kept per learner.

Learning records (enrolments, progress, assignments) are keyed by the pages'
`translation_key`, which all translations of a page share: a learner who switches
from Russian to Kazakh keeps everything.

The models live by sub-domain: curriculum (the pages), enrolment, assignments and
the Standard of volunteer support (standard);
Django finds them through the imports here.
"""

from .assignments import Assignment, AssignmentNudge, AssignmentRule
from .curriculum import (
    SEARCH_PAGE_SIZE,
    AcknowledgementPage,
    CatalogPage,
    CourseItemPage,
    CoursePage,
    CoursePrerequisite,
    HiddenSubtreeMixin,
    LessonPage,
    ProgramPage,
)
from .enrolment import Enrolment, ItemProgress, ProgramCompletion
from .standard import (
    StandardAcknowledgement,
    StandardAcknowledgementPage,
    StandardNotice,
    StandardPage,
    StandardVersion,
)

__all__ = [
    "SEARCH_PAGE_SIZE",
    "AcknowledgementPage",
    "Assignment",
    "AssignmentNudge",
    "AssignmentRule",
    "CatalogPage",
    "CourseItemPage",
    "CoursePage",
    "CoursePrerequisite",
    "Enrolment",
    "HiddenSubtreeMixin",
    "ItemProgress",
    "LessonPage",
    "ProgramCompletion",
    "ProgramPage",
    "StandardAcknowledgement",
    "StandardAcknowledgementPage",
    "StandardNotice",
    "StandardPage",
    "StandardVersion",
]
