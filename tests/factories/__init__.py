from .assessments import (
    AssignmentPageFactory,
    QuestionCategoryFactory,
    QuestionFactory,
    QuizFactory,
    matching_question,
    multiple_question,
    numerical_question,
    ordering_question,
    short_question,
    single_question,
    true_false_question,
)
from .certificates import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    SignatoryFactory,
)
from .courses import (
    AcknowledgementFactory,
    AssignmentRuleFactory,
    CourseFactory,
    LessonFactory,
    ProgramFactory,
    course_with_lessons,
)
from .people import OrganizationFactory, UserFactory, region_by_code, staff_member
from .scheduling import TrainingSessionFactory, almaty, session_days_set

__all__ = [
    "TrainingSessionFactory",
    "almaty",
    "session_days_set",
    "AcknowledgementFactory",
    "CertificateRuleFactory",
    "CertificateTemplateFactory",
    "SignatoryFactory",
    "AssignmentPageFactory",
    "QuestionCategoryFactory",
    "QuestionFactory",
    "QuizFactory",
    "matching_question",
    "multiple_question",
    "ordering_question",
    "numerical_question",
    "short_question",
    "single_question",
    "true_false_question",
    "AssignmentRuleFactory",
    "CourseFactory",
    "LessonFactory",
    "OrganizationFactory",
    "ProgramFactory",
    "UserFactory",
    "course_with_lessons",
    "region_by_code",
    "staff_member",
]
