"""Reading questions from files (GIFT, CSV) into plain data, with every problem found.

A parser returns ``(questions, errors)``: the questions it read without a problem, and
a LineError for every problem, each with the 1-based line where its question starts.
The data and its checks live in ``questions``, the formats in ``formats`` (which
reads with ``gift`` or ``csv``).
"""

from .formats import FORMAT_CSV, FORMAT_GIFT, format_for_filename, parse
from .questions import (
    AnswerData,
    ChoiceData,
    LineError,
    NumberData,
    ParseResult,
    QuestionData,
    block_problems,
    question_data_problems,
    question_instance,
    validated,
)

__all__ = [
    "FORMAT_CSV",
    "FORMAT_GIFT",
    "AnswerData",
    "ChoiceData",
    "LineError",
    "NumberData",
    "ParseResult",
    "QuestionData",
    "block_problems",
    "format_for_filename",
    "parse",
    "question_data_problems",
    "question_instance",
    "validated",
]
