"""Demo data of assessments: `assessments_demo_load` (the quizzes and assignments of
content/), called by lms.demo after the courses; `quiz_pass_demo`, for the demo's
learners."""

from .loader import assessments_demo_load, quiz_pass_demo

__all__ = ["assessments_demo_load", "quiz_pass_demo"]
