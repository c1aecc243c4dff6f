"""Reads of quizzes: a learner's standing at a quiz (standing), an attempt's page as
the learner sees it (attempt_page), and the review of a submitted attempt (review);
the questions' texts in the language shown (texts) serve the last two.

The attempt page is built from the attempt's own rows and the questions' texts only:
nothing that says what is correct (keys, flags, feedback, explanations, accepted
answers) goes into it. Each function runs a fixed number of queries, whatever the
number of questions in the bank or in the attempt.
"""

from .attempt_page import (
    AttemptPage,
    NavEntry,
    Option,
    QuestionView,
    Row,
    attempt_page_count,
    attempt_page_get,
    attempt_question_list_on_page,
    field_name,
)
from .review import (
    REVIEW_ANSWERS,
    REVIEW_CORRECT,
    REVIEW_SCORE,
    Review,
    ReviewQuestion,
    quiz_attempt_review,
    quiz_review_level,
)
from .standing import (
    BLOCKED_COOLDOWN,
    BLOCKED_NO_ATTEMPTS,
    BLOCKED_NOT_ENROLLED,
    LearnerQuiz,
    QuizStanding,
    grace,
    quiz_attempt_get_for,
    quiz_attempt_in_time,
    quiz_attempt_list_expired,
    quiz_attempt_list_for,
    quiz_attempt_open_expired_among,
    quiz_attempt_open_expired_for,
    quiz_canonical,
    quiz_for_key,
    quiz_question_count,
    quiz_review_gives_answers_away,
    quiz_standing,
    quiz_standing_list_for_learner,
)

__all__ = [
    "AttemptPage",
    "BLOCKED_COOLDOWN",
    "BLOCKED_NOT_ENROLLED",
    "BLOCKED_NO_ATTEMPTS",
    "LearnerQuiz",
    "NavEntry",
    "Option",
    "QuestionView",
    "QuizStanding",
    "REVIEW_ANSWERS",
    "REVIEW_CORRECT",
    "REVIEW_SCORE",
    "Review",
    "ReviewQuestion",
    "Row",
    "attempt_page_count",
    "attempt_page_get",
    "attempt_question_list_on_page",
    "field_name",
    "grace",
    "quiz_attempt_get_for",
    "quiz_attempt_in_time",
    "quiz_attempt_list_expired",
    "quiz_attempt_list_for",
    "quiz_attempt_open_expired_among",
    "quiz_attempt_open_expired_for",
    "quiz_attempt_review",
    "quiz_canonical",
    "quiz_for_key",
    "quiz_question_count",
    "quiz_review_gives_answers_away",
    "quiz_review_level",
    "quiz_standing",
    "quiz_standing_list_for_learner",
]
