"""Quiz results in the Wagtail admin: summary figures, question statistics, scope, the
CSV export, permissions, query counts and the page explorer's Results button.

The hand-made data set (three 1-point questions, pass mark 70):

    attempt  learner (region)  number  q1 q2 q3  percent  minutes
    A        L1 (X)            1       0  0  1   33.33    10
    B        L1 (X)            2       1  1  1   100.00   20   passed
    C        L2 (X)            1       1  1  0   66.67    30
    D        L3 (Y)            1       1  0  0   33.33    40
    (L2 also has an open attempt #2, which never counts.)

Facility: q1 75 %, q2 50 %, q3 50 %. Discrimination (x = question score, y = percent
on the two other questions): q1 x=(0,1,1,1), y=(50,100,50,0): r = 0;
q2 x=(0,1,1,0), y=(50,100,50,50): r = 25/√1875 = 1/√3; q3 x=(1,1,0,0),
y=(0,100,100,50): r = −25/√6875 = −1/√11.
"""

import csv
import io
import math

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import QuizAttempt
from assessments.selectors.results import (
    QuestionStats,
    quiz_question_stats,
    quiz_results,
    quiz_results_list,
)
from tests.courses.helpers import ru
from tests.factories import (
    CourseFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

from .helpers import make_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(program_page):
    return CourseFactory(parent=program_page, title="Права волонтёров")


@pytest.fixture
def questions(category):
    return [
        QuestionFactory(category=category, text=text)
        for text in ("Первый вопрос?", "Второй вопрос?", "Третий вопрос?")
    ]


@pytest.fixture
def quiz(course, questions):
    return QuizFactory(parent=course, questions=questions, pass_mark=70)


@pytest.fixture
def learners(region, other_region):
    return {
        "L1": UserFactory(full_name="Айгерим Сапарова", region=region),
        "L2": UserFactory(full_name="Иван Петров", region=region),
        "L3": UserFactory(full_name="Нурлан Абаев", region=other_region),
    }


@pytest.fixture
def attempts(quiz, questions, learners):
    def make(name, number, scores, minutes, **kwargs):
        return make_attempt(
            learner=learners[name],
            quiz=quiz,
            questions=questions,
            scores=scores,
            number=number,
            minutes=minutes,
            **kwargs,
        )

    made = {
        "A": make("L1", 1, [0, 0, 1], 10),
        "B": make("L1", 2, [1, 1, 1], 20),
        "C": make("L2", 1, [1, 1, 0], 30),
        "D": make("L3", 1, [1, 0, 0], 40, closed_by=QuizAttempt.ClosedBy.TIME),
    }
    make("L2", 2, [0, 0, 0], 0, submitted=False)
    return made


@pytest.fixture
def regional_viewer(regional_admin):
    """The regional admin of `region` (X), also given the results permission."""
    regional_admin.user_permissions.add(
        Permission.objects.get(codename="view_quizattempt"),
        Permission.objects.get(codename="access_admin"),
    )
    return type(regional_admin).objects.get(pk=regional_admin.pk)


def results_url(quiz) -> str:
    return reverse("assessments_results:quiz", args=[quiz.pk])


def export_url(quiz) -> str:
    return reverse("assessments_results:export", args=[quiz.pk])


def csv_rows(response) -> tuple[bytes, list[list[str]]]:
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# Selectors
# ------------------------------------------------------------------------------


def test_quiz_results_summarise_submitted_attempts_and_leave_open_ones_out(
    quiz, attempts, superuser
):
    results = quiz_results(quiz=quiz, viewer=superuser)

    assert [a.pk for a in results.attempts] == [
        attempts[name].pk for name in ("B", "D", "C", "A")
    ]
    summary = results.summary
    assert (summary.attempts, summary.learners, summary.learners_passed) == (4, 3, 1)
    assert summary.pass_rate == pytest.approx(100 / 3)
    assert summary.mean_percent == pytest.approx((33.33 + 100 + 66.67 + 33.33) / 4)
    assert summary.median_percent == pytest.approx(50.0)
    assert summary.mean_minutes == pytest.approx(25.0)


def test_quiz_question_stats_compute_facility_and_point_biserial_discrimination(
    quiz, attempts, questions, superuser
):
    stats = quiz_question_stats(quiz=quiz, viewer=superuser)

    assert [s.question_key for s in stats] == [q.translation_key for q in questions]
    assert [s.drawn for s in stats] == [4, 4, 4]
    assert [s.facility for s in stats] == pytest.approx([75.0, 50.0, 50.0])
    assert [s.discrimination for s in stats] == pytest.approx(
        [0.0, 1 / math.sqrt(3), -1 / math.sqrt(11)], abs=1e-9
    )
    assert [s.needs_review for s in stats] == [True, False, True]


def test_quiz_question_stats_show_the_text_in_the_admins_language_else_canonical(
    quiz, attempts, questions, superuser, locales
):
    translated = questions[0].copy_for_translation(locales["kk"])
    translated.text = "Бірінші сұрақ?"
    translated.save()

    texts = [
        s.text for s in quiz_question_stats(quiz=quiz, viewer=superuser, language="kk")
    ]

    assert texts == ["Бірінші сұрақ?", "Второй вопрос?", "Третий вопрос?"]


@pytest.mark.parametrize(
    ("facility", "discrimination", "flagged"),
    [
        (19.9, 0.5, True),
        (20.0, 0.5, False),
        (90.0, 0.5, False),
        (90.1, 0.5, True),
        (50.0, 0.19, True),
        (50.0, 0.2, False),
        (50.0, None, False),
        (100.0, None, True),
    ],
)
def test_question_is_flagged_for_review_outside_the_thresholds(
    facility, discrimination, flagged
):
    stats = QuestionStats(
        question_key=None,
        text="",
        position=1,
        drawn=10,
        facility=facility,
        discrimination=discrimination,
    )

    assert stats.needs_review is flagged


def test_a_regional_viewer_sees_only_learners_of_their_region(
    quiz, attempts, regional_viewer
):
    results = quiz_results(quiz=quiz, viewer=regional_viewer)
    stats = quiz_question_stats(quiz=quiz, viewer=regional_viewer)

    assert {a.pk for a in results.attempts} == {
        attempts[name].pk for name in ("A", "B", "C")
    }
    assert (results.summary.attempts, results.summary.learners) == (3, 2)
    # Question statistics name nobody: they count every learner's attempts.
    assert [s.drawn for s in stats] == [4, 4, 4]
    [entry] = quiz_results_list(viewer=regional_viewer)
    assert (entry.attempts, entry.learners, entry.learners_passed) == (3, 2, 1)


def test_an_editor_sees_no_learners_attempts_but_every_learners_question_statistics(
    quiz, questions, attempts, editor
):
    """Editors hold no regional or national position: learner_scope_q gives them their
    own records only (documented on the results page); the question statistics, which
    name nobody, cover every learner."""
    own = make_attempt(learner=editor, quiz=quiz, questions=questions, scores=[1, 1, 1])

    results = quiz_results(quiz=quiz, viewer=editor)
    stats = quiz_question_stats(quiz=quiz, viewer=editor)

    assert [a.pk for a in results.attempts] == [own.pk]
    assert [s.drawn for s in stats] == [5, 5, 5]
    assert editor.has_perm("assessments.view_quizattempt")


# Admin views
# ------------------------------------------------------------------------------


def test_results_page_shows_summary_questions_and_submitted_attempts(
    client, quiz, attempts, learners, superuser
):
    client.force_login(superuser)

    response = client.get(results_url(quiz))

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Айгерим Сапарова", "Иван Петров", "Нурлан Абаев"):
        assert name in page
    for text in ("Первый вопрос?", "Второй вопрос?", "Третий вопрос?"):
        assert text in page
    assert page.count(f"<strong>{ru('Review this question')}</strong>") == 2
    assert len(response.context["attempts"]) == 4
    assert response.context["summary"].attempts == 4
    assert "<caption" in page and 'scope="col"' in page
    assert export_url(quiz) in page


def test_results_of_a_translation_are_those_of_every_language(
    client, quiz, attempts, superuser, locales
):
    translated = quiz.copy_for_translation(locales["kk"], copy_parents=True)
    client.force_login(superuser)

    response = client.get(results_url(translated))

    assert response.status_code == 200
    assert response.context["summary"].attempts == 4


def test_results_page_of_an_editor_explains_their_scope(client, quiz, editor):
    client.force_login(editor)

    response = client.get(results_url(quiz))

    assert response.status_code == 200
    assert response.context["scope"] == "own"
    assert response.context["summary"].attempts == 0


def test_csv_export_streams_one_row_per_submitted_attempt_with_a_bom(
    client, quiz, attempts, superuser
):
    client.force_login(superuser)

    response = client.get(export_url(quiz))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body, rows = csv_rows(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        ru(label)
        for label in (
            "Learner",
            "E-mail",
            "Region",
            "Attempt",
            "Language",
            "Started",
            "Submitted",
            "Closed by",
            "Score",
            "Max score",
            "Percent",
            "Passed",
        )
    ]
    assert len(rows) == 5
    by_name = {row[0]: row for row in rows[1:] if row[3] == "1"}
    nurlan = by_name["Нурлан Абаев"]
    assert nurlan[1] == attempts["D"].learner.email
    assert nurlan[2] == attempts["D"].learner.region.name_ru
    assert nurlan[5:] == [
        "2025-03-03 11:00",
        "2025-03-03 11:40",
        ru("Closed when time ran out"),
        "1.00",
        "3.00",
        "33.33",
        ru("No"),
    ]


def test_csv_export_defuses_formulas_in_names(client, quiz, questions, superuser):
    make_attempt(
        learner=UserFactory(full_name="=HYPERLINK(1)"),
        quiz=quiz,
        questions=questions,
        scores=[1, 1, 1],
    )
    client.force_login(superuser)

    _body, rows = csv_rows(client.get(export_url(quiz)))

    assert rows[1][0] == "'=HYPERLINK(1)"


def test_csv_export_is_limited_to_the_viewers_scope(
    client, quiz, attempts, regional_viewer
):
    client.force_login(regional_viewer)

    _body, rows = csv_rows(client.get(export_url(quiz)))

    assert sorted(row[0] for row in rows[1:]) == [
        "Айгерим Сапарова",
        "Айгерим Сапарова",
        "Иван Петров",
    ]


def test_a_learner_never_reaches_results_or_the_export(client, quiz, attempts, learner):
    client.force_login(learner)

    for url in (
        results_url(quiz),
        export_url(quiz),
        reverse("assessments_results:index"),
    ):
        response = client.get(url)
        # Wagtail sends users without admin access to the admin login.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_admin_user_without_the_permission_gets_403(client, quiz, attempts):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for url in (
        results_url(quiz),
        export_url(quiz),
        reverse("assessments_results:index"),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Нурлан" not in response.content.decode()


def test_index_lists_quizzes_with_attempts_and_pass_rate(
    client, quiz, attempts, superuser
):
    client.force_login(superuser)

    response = client.get(reverse("assessments_results:index"))

    assert response.status_code == 200
    [entry] = response.context["entries"]
    assert entry.quiz == quiz
    assert entry.course.title == "Права волонтёров"
    assert (entry.attempts, entry.learners) == (4, 3)
    assert entry.pass_rate == pytest.approx(100 / 3)
    assert results_url(quiz) in response.content.decode()


# Query counts
# ------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    """Queries of a request with warm caches (core.pagecache memos)."""
    warm = client.get(url)
    if hasattr(warm, "streaming_content"):
        b"".join(warm.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_results_page_export_and_index_run_a_fixed_number_of_queries(
    client, course, quiz, questions, superuser
):
    learners = [UserFactory() for _ in range(5)]

    def add_attempts(start, stop):
        for index in range(start, stop):
            make_attempt(
                learner=learners[index % 5],
                quiz=quiz,
                questions=questions,
                scores=[index % 2, 1, (index // 2) % 2],
                number=index // 5 + 1,
            )

    client.force_login(superuser)
    urls = [results_url(quiz), export_url(quiz), reverse("assessments_results:index")]
    add_attempts(0, 5)
    few = [count_queries(client, url) for url in urls]

    add_attempts(5, 50)
    other = QuizFactory(parent=course, questions=questions[:1])
    make_attempt(learner=learners[0], quiz=other, questions=questions[:1], scores=[1])
    many = [count_queries(client, url) for url in urls]

    assert many == few


# Admin furniture
# ------------------------------------------------------------------------------


def test_quiz_edit_view_has_a_results_button_and_the_menu_a_results_item(
    client, quiz, course, superuser
):
    client.force_login(superuser)

    quiz_edit = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
    course_edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    dashboard = client.get(reverse("wagtailadmin_home"))

    assert results_url(quiz) in quiz_edit.content.decode()
    assert results_url(course) not in course_edit.content.decode()
    assert reverse("assessments_results:index") in dashboard.content.decode()
