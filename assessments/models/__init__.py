"""Models of assessments: the question bank, quizzes and attempts, assignments and submissions."""

from .assignments import AssignmentPage, Submission, SubmissionFile
from .bank import Question, QuestionCategory
from .quizzes import (
    AttemptQuestion,
    QuizAttempt,
    QuizAttemptGrant,
    QuizDrawRule,
    QuizPage,
    QuizQuestion,
)

__all__ = [
    "AssignmentPage",
    "AttemptQuestion",
    "Question",
    "QuestionCategory",
    "QuizAttempt",
    "QuizAttemptGrant",
    "QuizDrawRule",
    "QuizPage",
    "QuizQuestion",
    "Submission",
    "SubmissionFile",
]
