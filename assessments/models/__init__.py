"""Models of assessments: the question bank, quizzes and attempts, assignments and submissions."""

from .assignments import AssignmentPage, Submission, SubmissionFile
from .bank import Question, QuestionCategory
from .quizzes import AttemptQuestion, QuizAttempt, QuizDrawRule, QuizPage, QuizQuestion

__all__ = [
    "AssignmentPage",
    "AttemptQuestion",
    "Question",
    "QuestionCategory",
    "QuizAttempt",
    "QuizDrawRule",
    "QuizPage",
    "QuizQuestion",
    "Submission",
    "SubmissionFile",
]
