"""Quiz benchmark (issue 3): grading an attempt, and concurrent submissions.

`python bench/quiz.py` runs both parts; `python bench/quiz.py grading` or
`python bench/quiz.py concurrency` runs one.

Part 1, grading (a throwaway test database like bench/run.py: SQLite by default,
PostgreSQL with DATABASE_URL=postgres://...). A quiz of 50 questions of all six kinds:
`quiz_attempt_submit` (grade, store, complete the item) timed over fresh attempts with
saved answers, and its query count; then the attempt page (GET) and the submit (POST)
through Django's test client for a quiz of 5 and one of 50 questions, all on one page:
query counts must be equal, and the time ratio is reported.

Part 2, concurrency (PostgreSQL only: BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/birgemiz_bench, dropped and recreated from a template
database that manage.py migrate keeps up to date; skipped when PostgreSQL does not answer). Production settings, gunicorn with 4 sync workers, Redis
cache when it answers, Celery eager, e-mail to the console. 200 learners each have an
open attempt at a quiz of 20 questions (4 pages, 60 minute limit), pages 1-3 answered
through the service. 250 client threads (one per learner, plus a second "tab" for 50
of them) GET the last page for the CSRF cookie and token, pick random answers from the
form as a browser shows it, meet at a barrier and POST the submit route at once. Then
the database is checked: every attempt submitted, the stored answers of the last page
are what was sent (for two tabs: exactly one tab's), scores are grading.score over the
stored responses, each attempt graded once (the "quiz attempt <id> graded" lines in
gunicorn's log), one ItemProgress per passed learner, no 5xx. Exit status 1 when a
check fails. Logs are kept in bench/results/quiz/.
"""

from __future__ import annotations

import http.client
import itertools
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402 (after the path is set)
    database_from_template,
    percentile,
    pg_admin,
    reachable,
    site_build,
)

# whitenoise looks for collected static files, which the test client does not need.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

CHILD = "_concurrency_child"
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
SEED = int(os.environ.get("BENCH_SEED", "2026"))
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/birgemiz_bench"
)
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "200"))
DOUBLE = int(os.environ.get("BENCH_DOUBLE", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SEQUENTIAL = 20
QUESTIONS = 20
PER_PAGE = 5
RESULTS = ROOT / "bench" / "results" / "quiz"
GRADED = re.compile(r"quiz attempt (\d+) graded")
SHORT_ANSWERS = ("волонтёр", "  Волонтер ", "не знаю", "")


def quiz_build(program, *, questions: int, per_page: int, time_limit=None):
    """A course with one quiz of `questions` fixed questions cycling through the six
    kinds, with 1 or 2 points and partial credit on every other one."""
    from tests.factories import (
        CourseFactory,
        QuestionCategoryFactory,
        QuizFactory,
        matching_question,
        multiple_question,
        ordering_question,
        short_question,
        single_question,
        true_false_question,
    )

    kinds = (
        single_question,
        multiple_question,
        true_false_question,
        short_question,
        matching_question,
        ordering_question,
    )
    category = QuestionCategoryFactory()
    made = [
        make(category, points=1 + (i % 3 == 0), partial_credit=i % 2 == 0)
        for i, make in zip(range(questions), itertools.cycle(kinds), strict=False)
    ]
    course = CourseFactory(parent=program)
    quiz = QuizFactory(
        parent=course,
        questions=made,
        questions_per_page=per_page,
        shuffle_questions=True,
        shuffle_choices=True,
        time_limit_minutes=time_limit,
    )
    course.refresh_from_db()
    return course, quiz


def response_pick(
    key: dict, rng: random.Random, right: float = 0.7, blank: float = 0.1
):
    """A cleaned response to a question: none (`blank`), right (`right` of the
    others), or a wrong one."""
    from assessments import grading

    roll = rng.random()
    if roll < blank:
        return None
    is_right = roll < blank + (1 - blank) * right
    kind = key["kind"]
    if kind == grading.SINGLE:
        wrong = [o for o in key["options"] if o not in key["correct"]]
        return key["correct"][0] if is_right else rng.choice(wrong)
    if kind == grading.MULTIPLE:
        if is_right:
            return list(key["correct"])
        picked = [o for o in key["options"] if rng.random() < 0.5]
        return picked or [key["options"][0]]
    if kind == grading.TRUE_FALSE:
        other = "true" if key["correct"] == "false" else "false"
        return key["correct"] if is_right else other
    if kind == grading.SHORT:
        return key["accepted"][0] if is_right else "не знаю"
    if kind == grading.MATCHING:
        pairs = list(key["pairs"])
        chosen = pairs if is_right else rng.sample(pairs, len(pairs))
        return dict(zip(key["pairs"], chosen, strict=True))
    if kind == grading.ORDERING:
        positions = list(range(1, len(key["order"]) + 1))
        if not is_right:
            rng.shuffle(positions)
        return dict(zip(key["order"], positions, strict=True))
    raise ValueError(kind)


def form_fields(row, response) -> list[tuple[str, str]]:
    """The POST fields a browser sends for a cleaned `response` to one question."""
    from assessments import grading
    from assessments.selectors.quizzes import field_name

    if response is None:
        return []
    kind = row.key["kind"]
    name = field_name(row.pk)
    if kind in (grading.SINGLE, grading.TRUE_FALSE, grading.SHORT):
        return [(name, response)]
    if kind == grading.MULTIPLE:
        return [(name, value) for value in response]
    if kind == grading.MATCHING:
        return [
            (field_name(row.pk, i), response[pair])
            for i, pair in enumerate(row.key["pairs"])
        ]
    if kind == grading.ORDERING:
        return [
            (field_name(row.pk, i), str(response[step]))
            for i, step in enumerate(row.option_order)
        ]
    raise ValueError(kind)


def answers_save_all(
    attempt, rng: random.Random, pages, right: float = 0.7, blank: float = 0.1
) -> dict:
    """Answer the questions on `pages` through the service; returns what was saved
    (attempt question id -> cleaned response)."""
    from assessments.services.quizzes import quiz_attempt_answers_save

    saved = {}
    for page in pages:
        responses = {
            row.pk: response_pick(row.key, rng, right, blank)
            for row in attempt.questions.filter(page=page)
        }
        quiz_attempt_answers_save(attempt=attempt, responses=responses, page=page)
        saved.update(responses)
    return saved


# Part 1: grading
# ------------------------------------------------------------------------------


def _fresh_attempt(quiz, course, *, answers_right: float, rng: random.Random):
    """A new learner, enrolled, with an open attempt whose answers are saved (some
    left blank unless every answer is to be right)."""
    from assessments.services.quizzes import quiz_attempt_start
    from courses.services import enrolment_create
    from tests.factories import UserFactory

    learner = UserFactory(password=None)
    enrolment = enrolment_create(learner=learner, course=course)
    attempt = quiz_attempt_start(learner=learner, quiz=quiz, enrolment=enrolment)
    pages = sorted(set(attempt.questions.values_list("page", flat=True)))
    blank = 0.0 if answers_right in (0.0, 1.0) else 0.1
    answers_save_all(attempt, rng, pages, right=answers_right, blank=blank)
    return learner, enrolment, attempt


def _client_figures(quiz, course, rng) -> dict:
    """Median ms and query count of the attempt page and of the submit POST."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessments.services.quizzes import quiz_attempt_start
    from courses.services import enrolment_create
    from tests.factories import UserFactory

    figures = {}
    learner = UserFactory(password=None)
    enrolment_create(learner=learner, course=course)
    attempt = quiz_attempt_start(learner=learner, quiz=quiz)
    client = Client()
    client.force_login(learner)
    url = f"{quiz.url}attempt/{attempt.pk}/?page=1"
    client.get(url)  # warm-up (site root paths, template compilation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    shown = len(response.context["attempt_page"].questions)
    query_count = len(queries)
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    figures["page"] = (statistics.median(times) * 1000, query_count, shown)

    times, counts = [], []
    for n in range(REPEAT + 1):
        learner, _enrolment, attempt = _fresh_attempt(
            quiz, course, answers_right=1.0, rng=rng
        )
        client = Client()
        client.force_login(learner)
        data = [("page", "1"), ("action", "submit")]
        for row in attempt.questions.filter(page=1):
            # Every answer right: each submit takes the same path (pass, item done,
            # course completed), so the query counts compare.
            data += form_fields(row, response_pick(row.key, rng, right=1, blank=0))
        body = urllib.parse.urlencode(data)
        submit = f"{quiz.url}attempt/{attempt.pk}/submit/"
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(
                submit, body, content_type="application/x-www-form-urlencoded"
            )
            elapsed = time.perf_counter() - started
        assert response.status_code == 302, (submit, response.status_code)
        attempt.refresh_from_db()
        assert attempt.status == "submitted", attempt
        if n:  # the first one is the warm-up
            times.append(elapsed)
            counts.append(len(queries))
    figures["submit"] = (statistics.median(times) * 1000, counts)
    return figures


def grading_part() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )

    from assessments.models import QuizAttempt
    from assessments.services.quizzes import quiz_attempt_submit

    started_at = time.perf_counter()
    rng = random.Random(SEED)
    setup_test_environment()
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        migrated_at = time.perf_counter()
        program = site_build(hostname="testserver", port=80)
        course, quiz = quiz_build(program, questions=50, per_page=50)
        small_course, small_quiz = quiz_build(program, questions=5, per_page=5)
        built_at = time.perf_counter()

        # The service: fresh attempts (a new learner each, as in real life), answers
        # saved beforehand; the call timed is grading + storing + completion.
        times, by_outcome = [], {True: [], False: []}
        for n in range(REPEAT + 1):
            _learner, enrolment, attempt = _fresh_attempt(
                quiz, course, answers_right=0.75, rng=rng
            )
            started = time.perf_counter()
            attempt = quiz_attempt_submit(
                attempt=attempt,
                closed_by=QuizAttempt.ClosedBy.LEARNER,
                quiz=quiz,
                enrolment=enrolment,
            )
            elapsed = time.perf_counter() - started
            if n:  # the first one is the warm-up
                times.append(elapsed * 1000)
                by_outcome[bool(attempt.passed)].append(elapsed * 1000)
        service_queries = {}
        for label, right in (("pass", 1.0), ("fail", 0.0)):
            _learner, enrolment, attempt = _fresh_attempt(
                quiz, course, answers_right=right, rng=rng
            )
            with CaptureQueriesContext(connection) as queries:
                attempt = quiz_attempt_submit(
                    attempt=attempt,
                    closed_by=QuizAttempt.ClosedBy.LEARNER,
                    quiz=quiz,
                    enrolment=enrolment,
                )
            assert attempt.passed == (label == "pass"), (label, attempt.percent)
            service_queries[label] = len(queries)
        questions = attempt.questions.count()

        small = _client_figures(small_quiz, small_course, rng)
        large = _client_figures(quiz, course, rng)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(
        f"## Part 1: grading ({connection.vendor}; "
        f"{time.perf_counter() - started_at:.0f} s in all: database "
        f"{migrated_at - started_at:.0f} s, content {built_at - migrated_at:.0f} s)\n"
    )

    def median(values):
        return f"{statistics.median(values):.1f}" if values else "-"

    print(
        f"quiz_attempt_submit, {questions} questions of 6 kinds, {REPEAT} fresh "
        f"attempts: median {statistics.median(times):.1f} ms, p95 "
        f"{percentile(times, 95):.1f} ms, max {max(times):.1f} ms. Passed "
        f"({len(by_outcome[True])}): median {median(by_outcome[True])} ms, "
        f"{service_queries['pass']} queries (grade, item done, course completed); "
        f"failed ({len(by_outcome[False])}): median {median(by_outcome[False])} ms, "
        f"{service_queries['fail']} queries\n"
    )
    print(
        "| request | 5 questions: ms / queries | 50 questions: ms / queries "
        "| time ratio |"
    )
    print("|---|---|---|---|")
    ok = True
    (s_ms, s_q, s_shown), (l_ms, l_q, l_shown) = small["page"], large["page"]
    print(
        f"| attempt page GET ({s_shown} vs {l_shown} questions on the page) "
        f"| {s_ms:.1f} / {s_q} | {l_ms:.1f} / {l_q} | {l_ms / s_ms:.2f} |"
    )
    ok &= s_q == l_q
    (s_ms, s_counts), (l_ms, l_counts) = small["submit"], large["submit"]

    def spread(counts):
        low, high = min(counts), max(counts)
        return str(low) if low == high else f"{low}-{high}"

    print(
        f"| submit POST (all answers of the page) | {s_ms:.1f} / {spread(s_counts)} "
        f"| {l_ms:.1f} / {spread(l_counts)} | {l_ms / s_ms:.2f} |"
    )
    ok &= set(s_counts) == set(l_counts) and len(set(l_counts)) == 1
    print(f"\nquery counts equal for 5 and 50 questions: {'yes' if ok else 'NO'}\n")
    return 0 if ok else 1


# Part 2: concurrency (parent: database, static files; child: everything else)
# ------------------------------------------------------------------------------


def concurrency_part() -> int:
    """Recreate the bench database (from its migrated template database, see
    bench.common.database_from_template) while static files are collected, then run
    the child."""
    import psycopg

    try:
        pg_admin(BENCH_DATABASE_URL).close()
    except psycopg.OperationalError as exc:
        print(f"## Part 2 skipped: PostgreSQL not reachable at {BENCH_DATABASE_URL}")
        print(f"({str(exc).strip().splitlines()[0]})")
        return 0
    static_root = tempfile.mkdtemp(prefix="quiz-bench-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": static_root,
        # The child builds quietly; gunicorn logs at INFO (the "graded" lines).
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "LMS_CELERY_EAGER": "true",
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
    }
    if reachable(BENCH_REDIS_URL):
        # A prefix of its own: nothing cached by an earlier run (page ids of another
        # database) can be read back.
        env["REDIS_URL"] = BENCH_REDIS_URL
        env["LMS_CACHE_PREFIX"] = f"quiz-bench-{secrets.token_hex(4)}"
    else:
        env.pop("REDIS_URL", None)
    try:
        collect = [sys.executable, str(ROOT / "manage.py"), "collectstatic"]
        try:
            env["BENCH_SETUP"] = database_from_template(
                BENCH_DATABASE_URL,
                label="quiz-bench",
                env=env,
                alongside=[[*collect, "--noinput", "-v0"]],
            )
        except RuntimeError:
            print("## Part 2 failed: migrate or collectstatic failed (see above)")
            return 1
        return subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), CHILD], env=env, cwd=ROOT
        ).returncode
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


class AttemptForm(HTMLParser):
    """The attempt form as a browser sees it: hidden fields, radio groups, check
    boxes, text fields and selects, and the submit button's formaction."""

    def __init__(self, html: str):
        super().__init__()
        self.inside = False
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self.texts: list[str] = []
        self.selects: dict[str, list[str]] = {}
        self.submit_url = ""
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-quiz-form" in attrs:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name") or ""
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = attrs.get("value") or ""
            elif kind == "radio":
                self.radios.setdefault(name, []).append(attrs.get("value") or "")
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, []).append(attrs.get("value") or "")
            elif kind == "text":
                self.texts.append(name)
        elif tag == "select" and name:
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(attrs.get("value") or "")
        elif tag == "button" and attrs.get("value") == "submit":
            self.submit_url = attrs.get("formaction") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False

    def answers(self, rng: random.Random) -> list[tuple[str, str]]:
        """Random answers, as a learner clicks them (some left unanswered)."""
        fields = []
        for name, values in self.radios.items():
            if rng.random() < 0.9:
                fields.append((name, rng.choice(values)))
        for name, values in self.checkboxes.items():
            fields += [(name, value) for value in values if rng.random() < 0.5]
        for name in self.texts:
            fields.append((name, rng.choice(SHORT_ANSWERS)))
        for name, values in self.selects.items():
            fields.append((name, rng.choice(values)))
        return fields


class Tab:
    """One browser tab of a learner: its requests and what it sent."""

    def __init__(self, learner: dict, second: bool):
        self.learner = learner
        self.second = second
        self.get_status = 0
        self.get_seconds = 0.0
        self.post_status = 0
        self.post_seconds = 0.0
        self.post_end = 0.0
        self.location = ""
        self.error = ""
        self.sent: list[tuple[str, str]] = []


def _request(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return response, content, time.perf_counter() - started
    finally:
        connection.close()


def _cookie_value(response, name: str) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""


def load_run(port: int, learners: list[dict], cookie_names) -> tuple[list[Tab], float]:
    """Every learner's tab GETs its last page, the second tabs reuse that page; all
    tabs wait at one barrier and POST the submit at once. Returns the tabs and the
    wall time of the POST burst."""
    session_cookie, csrf_cookie = cookie_names
    tabs = [Tab(learner, second=False) for learner in learners]
    tabs += [Tab(learner, second=True) for learner in learners if learner["double"]]
    ready = {learner["attempt_id"]: threading.Event() for learner in learners}
    pages: dict[int, tuple[AttemptForm, str]] = {}
    burst: dict[str, float] = {}
    barrier = threading.Barrier(
        len(tabs), action=lambda: burst.setdefault("start", time.perf_counter())
    )

    def run(tab: Tab) -> None:
        learner = tab.learner
        attempt_id = learner["attempt_id"]
        rng = random.Random(f"{SEED}-{attempt_id}-{tab.second}")
        form = None
        try:
            if not tab.second:
                try:
                    response, content, tab.get_seconds = _request(
                        port,
                        "GET",
                        learner["page_url"],
                        {
                            "Host": f"127.0.0.1:{port}",
                            "Cookie": f"{session_cookie}={learner['session']}",
                        },
                    )
                    tab.get_status = response.status
                    if learner is learners[0]:
                        (RESULTS / "attempt-page.html").write_bytes(content)
                    if response.status == 200:
                        csrf = _cookie_value(response, csrf_cookie)
                        pages[attempt_id] = (AttemptForm(content.decode()), csrf)
                finally:
                    ready[attempt_id].set()
            else:
                ready[attempt_id].wait(timeout=180)
            form, csrf = pages.get(attempt_id, (None, ""))
            if form is None or not csrf or not form.submit_url:
                tab.error = "no attempt form, CSRF cookie or submit button"
                form = None
        except Exception as exc:  # recorded and reported
            tab.error = f"GET: {exc!r}"
        try:
            barrier.wait(timeout=300)
        except threading.BrokenBarrierError:
            tab.error = tab.error or "barrier broken"
            return
        if form is None:
            return
        tab.sent = [
            ("csrfmiddlewaretoken", form.hidden.get("csrfmiddlewaretoken", "")),
            ("page", form.hidden.get("page", "")),
            *form.answers(rng),
            ("action", "submit"),
        ]
        try:
            response, _content, tab.post_seconds = _request(
                port,
                "POST",
                form.submit_url,
                {
                    "Host": f"127.0.0.1:{port}",
                    "Cookie": f"{session_cookie}={learner['session']}; "
                    f"{csrf_cookie}={csrf}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                urllib.parse.urlencode(tab.sent).encode(),
            )
            tab.post_status = response.status
            tab.location = response.getheader("Location") or ""
            tab.post_end = time.perf_counter()
        except Exception as exc:  # recorded and reported
            tab.error = f"POST: {exc!r}"

    with ThreadPoolExecutor(max_workers=len(tabs)) as pool:
        list(pool.map(run, tabs))
    ends = [tab.post_end for tab in tabs if tab.post_end]
    wall = max(ends) - burst["start"] if ends else 0.0
    return tabs, wall


def _expected(row, sent: dict[str, list[str]]):
    """The cleaned response the server must store for what a tab sent."""
    from assessments import grading
    from assessments.selectors.quizzes import field_name

    kind = row.key["kind"]
    name = field_name(row.pk)
    first = (sent.get(name) or [""])[0]
    if kind == grading.MULTIPLE:
        picked = set(sent.get(name, []))
        return [o for o in row.key["options"] if o in picked] or None
    if kind in (grading.SINGLE, grading.TRUE_FALSE):
        return first or None
    if kind == grading.SHORT:
        return first.strip() or None
    rows, convert = (
        (row.key["pairs"], str) if kind == grading.MATCHING else (row.option_order, int)
    )
    chosen = {}
    for i, block_id in enumerate(rows):
        value = (sent.get(field_name(row.pk, i)) or [""])[0]
        if value:
            chosen[block_id] = convert(value)
    return chosen or None


def concurrency_child() -> int:
    """Build, serve, load, verify (run with production settings by concurrency_part)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection

    from assessments import grading
    from assessments.models import AttemptQuestion, QuizAttempt
    from assessments.services.quizzes import quiz_attempt_start
    from courses.models import ItemProgress
    from courses.services import enrolment_create
    from tests.factories import UserFactory

    started_at = time.perf_counter()
    rng = random.Random(SEED)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    program = site_build(hostname="127.0.0.1", port=port)
    course, quiz = quiz_build(
        program, questions=QUESTIONS, per_page=PER_PAGE, time_limit=60
    )
    learners, saved_before = [], {}
    for n in range(LEARNERS):
        user = UserFactory(password=None)
        enrolment = enrolment_create(learner=user, course=course)
        attempt = quiz_attempt_start(learner=user, quiz=quiz, enrolment=enrolment)
        last = attempt.questions.order_by("-page").values_list("page", flat=True)[0]
        saved_before.update(answers_save_all(attempt, rng, range(1, last), right=0.8))
        # The configured engine (cached_db): the session is in the cache and the
        # database, as one a login makes.
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        learners.append(
            {
                "attempt_id": attempt.pk,
                "enrolment_id": enrolment.pk,
                "last_page": last,
                "page_url": f"{quiz.url}attempt/{attempt.pk}/?page={last}",
                "submit_url": f"{quiz.url}attempt/{attempt.pk}/submit/",
                "result_url": f"{quiz.url}attempt/{attempt.pk}/result/",
                "session": session.session_key,
                "double": n < DOUBLE,
            }
        )
    connection.close()
    build_seconds = time.perf_counter() - started_at

    RESULTS.mkdir(parents=True, exist_ok=True)
    stderr_path, stdout_path = RESULTS / "gunicorn.stderr", RESULTS / "gunicorn.stdout"
    access_path = RESULTS / "gunicorn.access"
    access_path.unlink(missing_ok=True)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(stderr_path, "wb") as err, open(stdout_path, "wb") as out:
        server = subprocess.Popen(
            [
                str(gunicorn),
                "lms.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "20",
                "--no-control-socket",
                # Method, path, status and the time the worker spent (microseconds).
                "--access-logfile",
                str(access_path),
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_LOG_LEVEL": "INFO"},
            stdout=out,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/healthz", {})[0].status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print(stderr_path.read_text()[-3000:])
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        loaded_at = time.perf_counter()
        tabs, wall = load_run(
            port, learners, (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        )
        load_seconds = time.perf_counter() - loaded_at
        # Calibration: the result page, one request at a time (no queue).
        alone, alone_status = [], Counter()
        for learner in learners[:SEQUENTIAL]:
            response, _content, seconds = _request(
                port,
                "GET",
                learner["result_url"],
                {
                    "Host": f"127.0.0.1:{port}",
                    "Cookie": f"{settings.SESSION_COOKIE_NAME}={learner['session']}",
                },
            )
            alone.append(seconds * 1000)
            alone_status[response.status] += 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    log = stderr_path.read_text(errors="replace")

    # Verification, in the database
    checks: list[tuple[str, bool, str]] = []

    def check(label: str, ok: bool, detail: str = "") -> None:
        checks.append((label, ok, detail))

    get_status = Counter(t.get_status for t in tabs if not t.second)
    post_status = Counter(t.post_status for t in tabs)
    errors = [t for t in tabs if t.error]
    check(
        "GET last page: 200 for every learner",
        set(get_status) == {200},
        str(dict(get_status)),
    )
    check(
        "no client errors",
        not errors,
        "; ".join(sorted({t.error for t in errors}))[:300],
    )
    redirected = [
        t
        for t in tabs
        if t.post_status in (302, 303) and t.location.endswith(t.learner["result_url"])
    ]
    check(
        "every submit POST redirects to its result page (both tabs of a double)",
        len(redirected) == len(tabs),
        f"{len(redirected)} of {len(tabs)}; statuses {dict(post_status)}",
    )
    server_errors = sum(n for status, n in post_status.items() if status >= 500)
    server_errors += sum(n for status, n in get_status.items() if status >= 500)
    logged_errors = log.count("Internal Server Error")
    check(
        "zero server errors (5xx, and none in gunicorn's log)",
        not server_errors and not logged_errors,
        f"{server_errors} 5xx responses, {logged_errors} logged",
    )

    check(
        f"result page: 200 for the first {SEQUENTIAL} learners, one at a time",
        set(alone_status) == {200},
        str(dict(alone_status)),
    )

    by_id = {learner["attempt_id"]: learner for learner in learners}
    attempts = {a.pk: a for a in QuizAttempt.objects.filter(pk__in=by_id)}
    submitted = [a for a in attempts.values() if a.status == "submitted"]
    check(
        "zero lost: every attempt submitted by the learner",
        len(submitted) == len(by_id)
        and all(a.closed_by == "learner" for a in submitted),
        f"{len(submitted)} of {len(by_id)} submitted",
    )
    rows_by_attempt: dict[int, list] = {}
    for row in AttemptQuestion.objects.filter(attempt_id__in=by_id).order_by(
        "attempt_id", "position"
    ):
        rows_by_attempt.setdefault(row.attempt_id, []).append(row)
    sent_by_attempt: dict[int, list[dict]] = {}
    for tab in tabs:
        if tab.sent:
            sent: dict[str, list[str]] = {}
            for name, value in tab.sent:
                sent.setdefault(name, []).append(value)
            sent_by_attempt.setdefault(tab.learner["attempt_id"], []).append(sent)
    wrong_last, wrong_before, wrong_score, mixed = [], [], [], []
    for attempt_id, learner in by_id.items():
        rows = rows_by_attempt.get(attempt_id, [])
        last = [r for r in rows if r.page == learner["last_page"]]
        stored = [r.response for r in last]
        candidates = [
            [_expected(r, sent) for r in last]
            for sent in sent_by_attempt.get(attempt_id, [])
        ]
        if stored not in candidates:
            wrong_last.append(attempt_id)
        if len(candidates) == 2 and candidates[0] != candidates[1]:
            mixed.append(attempt_id)
        if any(
            r.response != saved_before.get(r.pk)
            for r in rows
            if r.page != learner["last_page"]
        ):
            wrong_before.append(attempt_id)
        attempt = attempts.get(attempt_id)
        earned = sum((grading.score(r.key, r.response) for r in rows), start=0)
        available = sum((r.max_score for r in rows), start=0)
        if attempt is None or not (
            all(r.score == grading.score(r.key, r.response) for r in rows)
            and attempt.score == earned
            and attempt.max_score == available
            and attempt.percent == grading.percent(earned, available)
            and attempt.passed == grading.passes(earned, available, attempt.pass_mark)
        ):
            wrong_score.append(attempt_id)
    check(
        "stored last-page answers are what the client sent (two tabs: one tab's)",
        not wrong_last,
        f"{len(wrong_last)} differ {wrong_last[:5]}; {len(mixed)} double submits "
        "sent two different answer sets",
    )
    check(
        "answers saved before the submit unchanged",
        not wrong_before,
        f"{len(wrong_before)} differ",
    )
    check(
        "score = grading.score over the stored responses (and percent, passed)",
        not wrong_score,
        f"{len(wrong_score)} differ {wrong_score[:5]}",
    )
    graded = Counter(int(m) for m in GRADED.findall(log))
    not_once = {i: graded.get(i, 0) for i in by_id if graded.get(i, 0) != 1}
    check(
        'zero graded twice: one "quiz attempt <id> graded" line per attempt',
        not not_once and set(graded) <= set(by_id),
        f"{sum(graded.values())} lines for {len(graded)} attempts; "
        f"not once: {len(not_once)} {dict(list(not_once.items())[:5])}",
    )
    passed = {by_id[a.pk]["enrolment_id"] for a in submitted if a.passed}
    progress = Counter(
        ItemProgress.objects.filter(
            enrolment_id__in=[learner["enrolment_id"] for learner in learners],
            item_key=quiz.translation_key,
        ).values_list("enrolment_id", flat=True)
    )
    check(
        "one ItemProgress per passed learner, none for the others",
        set(progress) == passed and set(progress.values()) <= {1},
        f"{len(passed)} passed, {len(progress)} with progress",
    )

    posts = [t.post_seconds * 1000 for t in tabs if t.post_status]
    gets = [t.get_seconds * 1000 for t in tabs if t.get_status]
    # The time each request spent in a worker, from gunicorn's access log: the rest
    # of a client's latency is waiting in the listen queue for a free worker.
    served: dict[str, list[float]] = {"GET": [], "POST": []}
    for line in access_path.read_text().splitlines():
        method, path, _status, micros = line.split()
        if "/attempt/" in path:
            kind = "result" if path.endswith("/result/") else method
            served.setdefault(kind, []).append(int(micros) / 1000)
    print(
        f"## Part 2: concurrency (PostgreSQL, gunicorn -w {WORKERS}; database "
        f"{os.environ.get('BENCH_SETUP', '')}, content {build_seconds:.0f} s, "
        f"requests {load_seconds:.0f} s)\n"
    )
    print(
        f"{len(learners)} learners, quiz of {QUESTIONS} questions on "
        f"{QUESTIONS // PER_PAGE} pages; {len(tabs)} submit POSTs at once "
        f"({DOUBLE} learners in two tabs); {len(passed)} passed\n"
    )
    print(
        "| requests | n | client p50 / p95 / max ms | in a worker p50 / p95 ms "
        "| wall s | statuses |"
    )
    print("|---|---|---|---|---|---|")
    for label, times, method, wall_s, statuses in (
        ("GET last page, all at once", gets, "GET", "", get_status),
        ("POST submit, all at once", posts, "POST", f"{wall:.1f}", post_status),
        ("GET result page, one at a time", alone, "result", "", alone_status),
    ):
        if not times:
            continue
        worker = served.get(method) or [0.0]
        print(
            f"| {label} | {len(times)} | {percentile(times, 50):.0f} / "
            f"{percentile(times, 95):.0f} / {max(times):.0f} | "
            f"{percentile(worker, 50):.0f} / {percentile(worker, 95):.0f} "
            f"| {wall_s} | {dict(statuses)} |"
        )
    print("\n| check | result | detail |")
    print("|---|---|---|")
    for label, ok, detail in checks:
        print(f"| {label} | {'ok' if ok else 'FAILED'} | {detail} |")
    print(f"\ngunicorn's log: {stderr_path.relative_to(ROOT)}")
    failed = [label for label, ok, _detail in checks if not ok]
    if failed:
        first = log.find("Traceback")
        if first >= 0:
            print("\nFirst traceback in gunicorn's log:\n")
            print(log[first : first + 4000])
    return 1 if failed else 0


def main() -> int:
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    if part == CHILD:
        return concurrency_child()
    if part not in ("all", "grading", "concurrency"):
        print(__doc__)
        return 2
    status = 0
    if part in ("all", "grading"):
        status |= grading_part()
        sys.stdout.flush()
    if part in ("all", "concurrency"):
        status |= concurrency_part()
    return status


if __name__ == "__main__":
    sys.exit(main())
