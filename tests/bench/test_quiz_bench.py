"""bench/quiz.py checks the server with its own reading of the attempt form (what a
browser sends, what must be stored). These tests keep that reading in step with the
quiz code, so a change of form fields fails here rather than as a false alarm in a
benchmark run."""

import importlib.util
import random
import urllib.parse
from pathlib import Path

import pytest

from assessments.services.quizzes import quiz_attempt_start
from courses.services import enrolment_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parents[2] / "bench" / "quiz.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_quiz", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quiz_bench_expects_exactly_what_the_server_stores_for_random_answers(
    bench, client, program_page
):
    course, quiz = bench.quiz_build(program_page, questions=12, per_page=12)
    learner = UserFactory()
    enrolment_create(learner=learner, course=course)
    attempt = quiz_attempt_start(learner=learner, quiz=quiz)
    client.force_login(learner)

    page = client.get(f"{quiz.url}attempt/{attempt.pk}/?page=1")
    form = bench.AttemptForm(page.content.decode())
    assert form.submit_url == f"{quiz.url}attempt/{attempt.pk}/submit/"
    # Every kind of field is there: radio groups (single, true/false, and one per
    # matching item and per ordering step), check boxes (multiple), text (short).
    assert len(form.radios) == 4 + 2 * 3 + 2 * 3 and len(form.checkboxes) == 2
    assert len(form.texts) == 2 and not form.selects
    sent_fields = [
        ("page", form.hidden["page"]),
        *form.answers(random.Random(7)),
        ("action", "submit"),
    ]
    response = client.post(
        form.submit_url,
        urllib.parse.urlencode(sent_fields),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302

    sent: dict[str, list[str]] = {}
    for name, value in sent_fields:
        sent.setdefault(name, []).append(value)
    rows = list(attempt.questions.order_by("position"))
    stored = [row.response for row in rows]
    assert stored == [bench._expected(row, sent) for row in rows]
    assert sum(value is not None for value in stored) >= 6


def test_quiz_bench_percentile_is_the_nearest_rank(bench):
    values = list(range(1, 21))
    assert bench.percentile(values, 50) == 10
    assert bench.percentile(values, 95) == 19
    assert bench.percentile([5.0], 95) == 5.0
