"""Questions as Moodle writes them, on the learner's pages: a numerical question,
matching with extra matches, and answers worth part of the points. The attempt page
reveals none of it; the result and the statistics count it."""

import re

import pytest

from assessments.selectors.results import quiz_question_stats
from assessments.services import quizzes as quiz_services
from tests.courses.helpers import page_text, ru
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    UserFactory,
    matching_question,
    numerical_question,
    short_question,
)
from tests.factories.assessments import _stream

from .helpers import attempt_url, result_url, rows_of, submit_url

pytestmark = pytest.mark.django_db

NUMBER_RIGHT = "Отзыв о точном числе"
NUMBER_CLOSE = "Отзыв о близком числе"
NUMBER_OTHER = "Отзыв о любом другом числе"
SHORT_PARTLY = "Отзыв о написании с ошибкой"
HALF_CHOICE = "Полуверный вариант"


@pytest.fixture
def moodle_questions(category):
    return [
        numerical_question(
            category,
            text="Сколько волонтёров в регионе?",
            numbers=(
                {"number": "4817.25", "tolerance": "0.75", "feedback": NUMBER_RIGHT},
                {
                    "number": "4817.25",
                    "tolerance": "10",
                    "weight": "50",
                    "feedback": NUMBER_CLOSE,
                },
                {"weight": "0", "feedback": NUMBER_OTHER},
            ),
            points=2,
        ),
        matching_question(
            category,
            pairs=(
                ("Хоспис", "паллиатив"),
                ("ЧС", "спасение"),
                ("", "бухгалтерия"),
                ("", "реклама"),
            ),
            partial_credit=True,
            points=2,
        ),
        short_question(
            category,
            accepted=("Назарет", ("Назерет", 75, SHORT_PARTLY)),
            points=4,
        ),
        QuestionFactory(
            category=category,
            choices=_stream(
                "choice",
                [
                    {"text": "Верный", "correct": True, "feedback": "", "weight": None},
                    {
                        "text": HALF_CHOICE,
                        "correct": False,
                        "feedback": "",
                        "weight": 50,
                    },
                    {
                        "text": "Неверный",
                        "correct": False,
                        "feedback": "",
                        "weight": None,
                    },
                ],
            ),
            points=2,
        ),
    ]


@pytest.fixture
def moodle_quiz(course, lesson, moodle_questions):
    quiz = QuizFactory(
        parent=course,
        questions=moodle_questions,
        questions_per_page=4,
        review="correct",
        slug="moodle-quiz",
    )
    course.refresh_from_db()
    return quiz


@pytest.fixture
def moodle_attempt(learner, moodle_quiz, enrolment):
    return quiz_services.quiz_attempt_start(learner=learner, quiz=moodle_quiz)


def _rows(attempt):
    rows = rows_of(attempt)
    return {row.key["kind"]: row for row in rows}


def test_attempt_page_shows_a_number_field_and_extra_matches_and_no_answer_key(
    learner_client, enrolment, moodle_quiz, moodle_attempt
):
    html = learner_client.get(attempt_url(moodle_quiz, moodle_attempt)).content
    html = html.decode()
    rows = _rows(moodle_attempt)

    numerical = rows["numerical"]
    field = re.search(rf'<input[^>]*name="q{numerical.pk}"[^>]*>', html).group(0)
    assert 'inputmode="decimal"' in field and 'type="text"' in field
    # Nothing says what is right: no number, tolerance, weight or feedback. (Block ids
    # are random UUIDs, which may hold any run of digits: they are left out.)
    without_ids = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "", html)
    for secret in (
        "4817",
        "0.75",
        "0,75",
        NUMBER_RIGHT,
        NUMBER_CLOSE,
        NUMBER_OTHER,
        "Назарет",
        "Назерет",
        SHORT_PARTLY,
    ):
        assert secret not in without_ids
    assert "correct" not in html.lower() and "weight" not in html.lower()

    # Every row offers the two matches and the two extra ones, in the attempt's
    # shuffled order; extra ids name no field.
    matching = rows["matching"]
    assert len(matching.key["pairs"]) == 2 and len(matching.key["extra"]) == 2
    for index in range(2):
        name = f"q{matching.pk}-{index}"
        row = html.split(f'name="{name}"', 1)[1].split("</fieldset>")[0]
        listed = re.findall(
            rf'name="{name}" id="[^"]+" value="([0-9a-f-]{{36}})"', html
        )
        assert listed == matching.option_order
        assert "бухгалтерия" in row and "реклама" in row
    assert f'name="q{matching.pk}-2"' not in html
    names = set(re.findall(r'name="([^"]+)"', html))
    for block_id in matching.key["pairs"] + matching.key["extra"]:
        assert not any(block_id in name for name in names)


def test_partly_right_answers_earn_their_weight_and_the_result_explains_them(
    learner_client, enrolment, moodle_quiz, moodle_attempt
):
    rows = _rows(moodle_attempt)
    matching, single = rows["matching"], rows["single"]
    first, second = matching.key["pairs"]
    half = next(iter(single.key["weights"]))
    data = {
        "page": "1",
        "action": "submit",
        f"q{rows['numerical'].pk}": "4 820,5",  # within 10 of 4817.25: half
        f"q{matching.pk}-0": first,
        f"q{matching.pk}-1": matching.key["extra"][0],  # an extra match: wrong
        f"q{rows['short'].pk}": "назерет",  # 75 %
        f"q{single.pk}": half,  # 50 %
    }

    response = learner_client.post(submit_url(moodle_quiz, moodle_attempt), data)

    assert response.url == result_url(moodle_quiz, moodle_attempt)
    moodle_attempt.refresh_from_db()
    scores = {row.key["kind"]: row.score for row in rows_of(moodle_attempt)}
    assert scores == {"numerical": 1, "matching": 1, "short": 3, "single": 1}
    assert moodle_attempt.score == 6 and moodle_attempt.max_score == 10
    assert rows_of(moodle_attempt)[0].response == "4 820,5"  # kept as typed

    text = page_text(learner_client.get(response.url))
    assert text.count(ru("Partly right")) == 4
    assert NUMBER_CLOSE in text and NUMBER_RIGHT not in text
    assert SHORT_PARTLY in text
    assert "ЧС → бухгалтерия" in text
    # The right answers, with the share of the points of those worth part of them.
    assert "4817,25 ± 0,75" in text and "4817,25 ± 10 (50 %)" in text
    assert "Назерет (75 %)" in text
    assert f"{HALF_CHOICE} (50 %)" in text
    assert "ЧС → спасение" in text


def test_a_number_that_is_not_one_is_kept_and_pointed_out(
    learner_client, enrolment, moodle_quiz, moodle_attempt
):
    numerical = _rows(moodle_attempt)["numerical"]
    learner_client.post(
        attempt_url(moodle_quiz, moodle_attempt),
        {"page": "1", "action": "save", f"q{numerical.pk}": "четыре тысячи"},
    )

    html = page_text(learner_client.get(attempt_url(moodle_quiz, moodle_attempt)))

    assert 'value="четыре тысячи"' in html and 'aria-invalid="true"' in html
    assert (
        ru(
            "This is not a number: write digits, with a comma or a point for decimals (for example 3,5)."
        )
        in html
    )


def test_any_other_number_gets_its_feedback_and_no_points(
    learner_client, enrolment, moodle_quiz, moodle_attempt
):
    numerical = _rows(moodle_attempt)["numerical"]
    learner_client.post(
        submit_url(moodle_quiz, moodle_attempt),
        {"page": "1", "action": "submit", f"q{numerical.pk}": "12"},
    )

    text = page_text(learner_client.get(result_url(moodle_quiz, moodle_attempt)))

    assert NUMBER_OTHER in text and NUMBER_CLOSE not in text
    numerical.refresh_from_db()
    assert numerical.score == 0


def test_question_statistics_count_numerical_questions(
    learner, moodle_quiz, moodle_attempt, enrolment
):
    rows = _rows(moodle_attempt)
    quiz_services.quiz_attempt_answers_save(
        attempt=moodle_attempt, responses={rows["numerical"].pk: "4817,5"}, page=1
    )
    quiz_services.quiz_attempt_submit(attempt=moodle_attempt, closed_by="learner")

    stats = quiz_question_stats(quiz=moodle_quiz, viewer=UserFactory(is_superuser=True))

    numerical = next(
        s for s in stats if s.question_key == rows["numerical"].question_key
    )
    assert (numerical.drawn, numerical.facility) == (1, 100.0)
    assert {s.drawn for s in stats} == {1} and len(stats) == 4
