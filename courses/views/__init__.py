"""Views of courses, by sub-domain: learning.py (enrolling, items, My learning, the
learners in scope, the overdue list, the positions overview) and standard.py (the
Standard of volunteer support). Re-exported here: `from courses.views import X` does
not change with the split."""

from .learning import (
    acknowledgement_sign,
    course_completed_message,
    course_enrol,
    course_item_access,
    enrolment_detail,
    learner_assign,
    learner_detail,
    learner_list,
    lesson_mark_done,
    my_learning,
    overdue_list,
    overdue_remind,
    position_overview,
)
from .standard import (
    standard_acknowledge,
    standard_item_acknowledge,
    standard_rates,
    standard_region_people,
)

__all__ = [
    "acknowledgement_sign",
    "course_completed_message",
    "course_enrol",
    "course_item_access",
    "enrolment_detail",
    "learner_assign",
    "learner_detail",
    "learner_list",
    "lesson_mark_done",
    "my_learning",
    "overdue_list",
    "overdue_remind",
    "position_overview",
    "standard_acknowledge",
    "standard_item_acknowledge",
    "standard_rates",
    "standard_region_people",
]
