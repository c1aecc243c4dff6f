"""The learner's quiz pages: the quiz page, start, answering page by page, submit and
result, through the test client (as a browser without JavaScript, and as quiz.js)."""

import datetime
import re

import pytest
from django.utils import timezone

from assessments.models import QuizAttempt
from assessments.services import quizzes as quiz_services
from courses import services as course_services
from courses.models import Enrolment, ItemProgress
from tests.courses.helpers import messages_of, page_text, ru, ru_plural
from tests.factories import QuizFactory, single_question

from .helpers import (
    ACCEPTED,
    EXPLANATION,
    FEEDBACK_RIGHT,
    FEEDBACK_WRONG,
    ORDERING_STEPS,
    answer_everything,
    attempt_url,
    page_post,
    quiz_edit,
    result_url,
    rows_of,
    submit_url,
)

pytestmark = pytest.mark.django_db
# The quiz fixtures (course, lesson, questions, quiz, enrolment, attempt).


# The quiz page
# ------------------------------------------------------------------------------


def test_quiz_page_states_settings_and_offers_start_inside_the_course_layout(
    enrolled_client, quiz, course
):
    quiz_edit(quiz, attempts_allowed=3, time_limit_minutes=20, cooldown_minutes=15)

    response = enrolled_client.get(quiz.url)

    assert response.status_code == 200
    text = page_text(response)
    assert response.context["question_count"] == 6
    assert ru("Pass mark") in text and "70%" in text
    assert ru("Time limit") in text and ru("Wait between attempts") in text
    assert response.context["standing"].allowed == 3
    assert f'action="{quiz.url}start/"' in text
    assert ru("Start the quiz") in text
    # Rendered through the page: the course outline of CourseItemPage.get_context.
    assert response.context["outline"].course == course
    assert course.title in text
    assert "js/quiz.js" not in text  # only the attempt page needs it


def test_quiz_page_lists_past_attempts_and_continues_an_open_one(
    enrolled_client, learner, quiz
):
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(first, right=True)
    quiz_services.quiz_attempt_submit(attempt=first, closed_by="learner")
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    text = page_text(enrolled_client.get(quiz.url))

    assert ru("Passed") in text and "100%" in text
    assert result_url(quiz, first) in text
    assert ru("Continue attempt") in text
    assert attempt_url(quiz, second) in text
    assert f'action="{quiz.url}start/"' not in text


def test_quiz_page_says_when_the_learner_can_try_again(enrolled_client, learner, quiz):
    quiz_edit(quiz, cooldown_minutes=60)
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    first = quiz_services.quiz_attempt_submit(attempt=first, closed_by="learner")

    response = enrolled_client.get(quiz.url)

    standing = response.context["standing"]
    assert standing.blocked == "cooldown"
    assert standing.next_start_at == first.submitted_at + datetime.timedelta(hours=1)
    assert ru("You can try again at %(time)s.").split("%")[0] in page_text(response)
    assert f'action="{quiz.url}start/"' not in page_text(response)


def test_start_is_refused_over_the_limit_even_when_the_button_is_forged(
    enrolled_client, learner, quiz
):
    quiz_edit(quiz, attempts_allowed=1)
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    quiz_services.quiz_attempt_submit(attempt=first, closed_by="learner")
    assert ru("You have used every attempt at this quiz.") in page_text(
        enrolled_client.get(quiz.url)
    )

    response = enrolled_client.post(f"{quiz.url}start/")

    assert response.status_code == 302 and response.url == quiz.url
    assert messages_of(response) == [ru("You have used every attempt at this quiz.")]
    assert QuizAttempt.objects.count() == 1


def test_start_is_refused_during_the_cooldown_even_when_the_button_is_forged(
    enrolled_client, learner, quiz
):
    quiz_edit(quiz, cooldown_minutes=30)
    first = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    quiz_services.quiz_attempt_submit(attempt=first, closed_by="learner")

    response = enrolled_client.post(f"{quiz.url}start/")

    assert response.url == quiz.url
    (message,) = messages_of(response)
    assert message.startswith(ru("You can try again at %(time)s.").split("%")[0])
    assert QuizAttempt.objects.count() == 1


def test_start_needs_post_and_a_double_click_starts_one_attempt(
    enrolled_client, learner, quiz
):
    assert enrolled_client.get(f"{quiz.url}start/").status_code == 405

    first = enrolled_client.post(f"{quiz.url}start/")
    second = enrolled_client.post(f"{quiz.url}start/")

    attempt = QuizAttempt.objects.get()
    assert first.url == second.url == attempt_url(quiz, attempt)
    assert attempt.learner == learner and attempt.number == 1


def test_a_learner_not_enrolled_is_sent_to_the_course(learner_client, quiz, course):
    response = learner_client.post(f"{quiz.url}start/")

    assert response.status_code == 302 and response.url == course.url
    assert not QuizAttempt.objects.exists()


def test_a_quiz_without_questions_cannot_be_started(enrolled_client, course):
    empty = QuizFactory(parent=course, slug="empty")

    response = enrolled_client.post(f"{empty.url}start/")

    assert response.url == empty.url
    assert messages_of(response) == [
        ru("This quiz has no questions yet. Please come back later.")
    ]


# Answering
# ------------------------------------------------------------------------------


def _field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


def test_attempt_pages_show_every_kind_of_question_and_no_answer_key(
    enrolled_client, quiz, attempt, questions
):
    html = ""
    for page in (1, 2):
        response = enrolled_client.get(attempt_url(quiz, attempt, page))
        assert response.status_code == 200
        html += response.content.decode()
    text = page_text(response)  # the last page
    rows = rows_of(attempt)

    # Every kind has its fields: radios, checkboxes, true/false, a text input, and a
    # group of radio buttons per matching item and per ordering step.
    names = _field_names(html)
    for row in rows:
        assert f"q{row.pk}" in names or f"q{row.pk}-0" in names
    assert html.count('type="checkbox"') == 4
    assert f'value="{ru("True")}"' not in html and ">" + ru("True") + "<" in html
    assert "<select" not in html
    for row in rows:
        if row.key["kind"] in ("matching", "ordering"):
            places = len(row.option_order)
            for index in range(len(row.key.get("pairs") or row.option_order)):
                radios = re.findall(rf'type="radio" name="q{row.pk}-{index}"', html)
                assert len(radios) == places
        elif row.key["kind"] in ("single", "true_false"):
            assert len(re.findall(rf'type="radio" name="q{row.pk}"', html)) == 2
    assert (
        ru("Finish and submit") in text
        and f'formaction="{submit_url(quiz, attempt)}"' in text
    )
    # Nothing says what is right.
    for secret in (FEEDBACK_RIGHT, FEEDBACK_WRONG, EXPLANATION, ACCEPTED):
        assert secret not in html
    assert "correct" not in html.lower()
    assert " checked" not in html and " selected" not in html  # nothing pre-filled
    # Matching: items are numbered rows, their own pair ids never name a field, and
    # the matches are listed in the attempt's shuffled order (grading.option_order).
    matching = next(r for r in rows if r.key["kind"] == "matching")
    for pair in matching.key["pairs"]:
        assert not any(pair in name for name in names)
    assert sorted(matching.option_order) == sorted(matching.key["pairs"])
    listed = re.findall(
        rf'name="q{matching.pk}-0" id="[^"]+" value="([0-9a-f-]{{36}})"', html
    )
    assert listed == matching.option_order
    # Ordering: steps listed in the attempt's shuffled order.
    ordering = next(r for r in rows if r.key["kind"] == "ordering")
    assert sorted(ordering.option_order) == sorted(ordering.key["order"])
    steps = dict(zip(ordering.key["order"], ORDERING_STEPS, strict=True))
    legends = re.findall(r'<legend class="quiz-row__prompt">([^<]+)</legend>', html)
    shown = [legend for legend in legends if legend in ORDERING_STEPS]
    assert shown == [steps[step] for step in ordering.option_order]


def test_a_timed_attempt_page_gives_quiz_js_the_deadline_and_server_time(
    enrolled_client, learner, quiz
):
    quiz_edit(quiz, time_limit_minutes=20)
    started = timezone.now()
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=started)

    html = enrolled_client.get(attempt_url(quiz, attempt)).content.decode()

    deadline = re.search(r'data-deadline="([^"]+)"', html).group(1)
    server_now = re.search(r'data-now="([^"]+)"', html).group(1)
    assert datetime.datetime.fromisoformat(deadline) == attempt.deadline.replace(
        microsecond=0
    )
    assert abs(datetime.datetime.fromisoformat(server_now) - started).seconds < 60
    assert 'src="/static/js/quiz.js"' in html
    assert "data-quiz-countdown" in html and 'aria-live="assertive"' in html


def test_saved_answers_survive_a_dropped_connection_and_show_when_reopened(
    enrolled_client, quiz, attempt
):
    data = page_post(attempt, 1, action="next")

    response = enrolled_client.post(attempt_url(quiz, attempt), data)

    assert response.status_code == 302
    assert response.url == attempt_url(quiz, attempt, 2)
    # The learner's connection drops; later they open the attempt again.
    html = enrolled_client.get(attempt_url(quiz, attempt, 1)).content.decode()
    single, multiple, true_false = rows_of(attempt)[:3]
    assert single.response and multiple.response and true_false.response
    assert re.search(rf'value="{single.response}"\s+checked', html)
    for choice in multiple.response:
        assert re.search(rf'value="{choice}"\s+checked', html)
    assert re.search(r'value="false"\s+checked', html)
    nav = enrolled_client.get(attempt_url(quiz, attempt, 2)).context["attempt_page"].nav
    assert [entry.answered for entry in nav] == [True, True, True, False, False, False]


def _finish_section(response) -> str:
    """The visible text of the Finish section (the summary quiz.js fills is hidden)."""
    text = page_text(response)
    section = text.split('<section class="quiz-finish"')[1].split(">", 1)[1]
    section = section.split("</section>")[0]
    section = re.sub(r"<p data-quiz-summary hidden[^>]*></p>", "", section)
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def _finish_says(*lines: str) -> str:
    """The Finish section's text saying `lines` between its heading and its button."""
    return " ".join(
        [
            ru("Finish"),
            *lines,
            ru("Once you submit, your answers cannot be changed."),
            ru("Finish and submit"),
        ]
    )


def test_last_page_summary_without_javascript_counts_only_the_saved_other_pages(
    enrolled_client, quiz, attempt
):
    """The answers chosen on the last page are not saved before a button is pressed:
    the summary there must not call them unanswered."""
    enrolled_client.post(
        attempt_url(quiz, attempt), page_post(attempt, 1, action="next")
    )

    finish = _finish_section(enrolled_client.get(attempt_url(quiz, attempt, 2)))

    # Nothing about this page's 3 questions, answered on screen but not saved yet.
    assert finish == _finish_says(ru("Every question on the other pages is answered."))

    # One question of page 1 left blank: counted, as one of the other pages'.
    data = page_post(attempt, 1, action="next")
    del data[f"q{rows_of(attempt)[0].pk}"]
    enrolled_client.post(attempt_url(quiz, attempt), data)
    # ... and this page's answers saved or not, they are never counted here.
    enrolled_client.post(
        attempt_url(quiz, attempt), page_post(attempt, 2, action="save")
    )

    finish = _finish_section(enrolled_client.get(attempt_url(quiz, attempt, 2)))

    assert finish == _finish_says(
        ru_plural(
            "%(counter)s question on the other pages is not answered yet.",
            "%(counter)s questions on the other pages are not answered yet.",
            1,
            counter=1,
        )
    )


def test_a_one_page_attempt_summary_claims_nothing_without_javascript(
    enrolled_client, learner, quiz
):
    quiz_edit(quiz, questions_per_page=10)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    finish = _finish_section(enrolled_client.get(attempt_url(quiz, attempt)))

    assert finish == _finish_says()  # no count: every question is on this page


def test_attempt_page_gives_quiz_js_what_it_needs_to_count_answers_live(
    enrolled_client, quiz, attempt
):
    response = enrolled_client.get(attempt_url(quiz, attempt, 2))
    html = page_text(response)

    # Each question on the page names the nav entry quiz.js marks as it is answered.
    page = response.context["attempt_page"]
    for question in page.questions:
        assert f'data-quiz-question="{question.name}"' in html
    for entry in page.nav:
        assert f'data-quiz-nav="{entry.name}"' in html
    # The template's literal %(…)s placeholders are escaped as %% in the msgid.
    live = ru("%%(answered)s of %%(total)s answered").replace("%%", "%")
    assert 'data-text-live="' + live in html
    summary = re.search(r"<p data-quiz-summary hidden([^>]*)>", html).group(1)
    some = ru("Not answered yet: %%(count)s of %%(total)s questions.")
    assert some.replace("%%", "%") in summary
    assert ru("Every question is answered.") in summary


def test_clearing_an_answer_saves_it_as_unanswered(enrolled_client, quiz, attempt):
    enrolled_client.post(attempt_url(quiz, attempt), page_post(attempt, 1))

    enrolled_client.post(attempt_url(quiz, attempt), {"page": "1", "action": "save"})

    assert [row.response for row in rows_of(attempt)[:3]] == [None, None, None]


def test_background_save_from_quiz_js_answers_json(enrolled_client, quiz, attempt):
    data = page_post(attempt, 2, action="save")

    response = enrolled_client.post(
        attempt_url(quiz, attempt), data, headers={"X-Requested-With": "XMLHttpRequest"}
    )

    assert response.status_code == 200
    assert response.json() == {"saved": 3}
    assert all(row.response is not None for row in rows_of(attempt)[3:])


def test_a_save_after_the_time_limit_is_refused_and_the_attempt_graded(
    enrolled_client, learner, quiz, settings
):
    quiz_edit(quiz, time_limit_minutes=10)
    start = timezone.now() - datetime.timedelta(minutes=10, seconds=5)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=start)
    answer_everything(attempt, right=True, now=start)
    # Within the grace period: still saved.
    enrolled_client.post(attempt_url(quiz, attempt), page_post(attempt, 1, right=False))
    assert attempt.questions.filter(page=1, score__isnull=True).count() == 3
    settings.LMS_QUIZ_GRACE_SECONDS = 0

    response = enrolled_client.post(
        attempt_url(quiz, attempt),
        page_post(attempt, 2, right=False),
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 409
    assert response.json() == {"closed": True, "url": result_url(quiz, attempt)}
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.closed_by == "time"
    assert attempt.score == 3  # page 2 right (saved in time), page 1 wrong


def test_a_submit_after_the_time_limit_grades_only_what_was_saved_in_time(
    enrolled_client, learner, quiz, settings
):
    quiz_edit(quiz, time_limit_minutes=10)
    start = timezone.now() - datetime.timedelta(minutes=11)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=start)
    answer_everything(attempt, right=True, now=start)

    response = enrolled_client.post(
        submit_url(quiz, attempt), page_post(attempt, 2, right=False, action="submit")
    )

    assert response.url == result_url(quiz, attempt)
    assert ru(str(quiz_services.MSG_TIME_UP)) in messages_of(response)
    attempt.refresh_from_db()
    assert attempt.closed_by == "time" and attempt.submitted_at == attempt.deadline
    assert attempt.score == 6


def test_an_expired_attempt_is_closed_when_the_learner_opens_it(
    enrolled_client, learner, quiz
):
    quiz_edit(quiz, time_limit_minutes=5)
    start = timezone.now() - datetime.timedelta(hours=1)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz, now=start)

    response = enrolled_client.get(attempt_url(quiz, attempt))

    assert response.url == result_url(quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.closed_by == "time"
    assert attempt.submitted_at == attempt.deadline


# Submit and result
# ------------------------------------------------------------------------------


def test_submitting_saves_the_last_page_and_shows_the_result(
    enrolled_client, learner, quiz, attempt, lesson, enrolment
):
    course_services.item_complete(enrolment=enrolment, item=lesson)
    enrolled_client.post(attempt_url(quiz, attempt), page_post(attempt, 1))
    assert enrolled_client.get(submit_url(quiz, attempt)).status_code == 405

    response = enrolled_client.post(
        submit_url(quiz, attempt), page_post(attempt, 2, action="submit")
    )

    assert response.url == result_url(quiz, attempt)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed, attempt.percent) == ("submitted", True, 100)
    # The quiz was the last required item: the course is completed, and said so.
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    completed = ru("Course completed. Well done! Date of completion: %(date)s")
    assert any(m.startswith(completed[:20]) for m in messages_of(response))
    result = enrolled_client.get(response.url)
    assert ru("Passed") in page_text(result)
    # Submitting again (a second tab) changes nothing and shows the same result.
    again = enrolled_client.post(
        submit_url(quiz, attempt), page_post(attempt, 2, right=False)
    )
    assert again.url == result_url(quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.percent == 100


def test_the_finish_button_on_the_attempt_page_submits(enrolled_client, quiz, attempt):
    response = enrolled_client.post(
        attempt_url(quiz, attempt), page_post(attempt, 2, action="submit")
    )

    assert response.url == result_url(quiz, attempt)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 3


def test_result_shows_answers_and_chosen_feedback_but_no_explanation_nor_right_ones(
    enrolled_client, quiz, attempt
):
    """At the "answers" level: explanations state the right answers, and the next
    attempt asks the same questions, so they wait for the "correct answers" level.
    Feedback is that of the chosen choice only."""
    assert quiz.review == "answers"
    answer_everything(attempt, right=False)
    quiz_services.quiz_attempt_submit(attempt=attempt, closed_by="learner")

    text = page_text(enrolled_client.get(result_url(quiz, attempt)))

    assert ru("Not passed") in text
    assert FEEDBACK_WRONG in text and FEEDBACK_RIGHT not in text
    assert EXPLANATION not in text and ru("Explanation:") not in text
    assert ru("Right answer:") not in text
    assert "Хоспис → спасение" in text  # the learner's (wrong) match
    assert "Хоспис → паллиатив" not in text and ACCEPTED not in text


def test_result_shows_the_right_answers_and_explanations_when_the_quiz_allows(
    enrolled_client, quiz, attempt
):
    quiz_edit(quiz, review="correct")
    answer_everything(attempt, right=False)
    quiz_services.quiz_attempt_submit(attempt=attempt, closed_by="learner")

    text = page_text(enrolled_client.get(result_url(quiz, attempt)))

    assert ru("Right answer:") in text
    assert "Хоспис → паллиатив" in text and ACCEPTED in text
    assert "1. Оценить" in text
    assert all(EXPLANATION + f" {n}" in text for n in range(1, 7))
    assert FEEDBACK_WRONG in text and FEEDBACK_RIGHT not in text


def test_result_shows_only_the_score_until_the_learner_passes(
    enrolled_client, learner, quiz, attempt
):
    quiz_edit(quiz, review_when="after_pass", review="correct")
    answer_everything(attempt, right=False)
    quiz_services.quiz_attempt_submit(attempt=attempt, closed_by="learner")

    text = page_text(enrolled_client.get(result_url(quiz, attempt)))

    assert "0%" in text
    assert EXPLANATION not in text and FEEDBACK_WRONG not in text
    assert ru("You will see your answers here once you have passed this quiz.") in text
    second = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(second, right=True)
    quiz_services.quiz_attempt_submit(attempt=second, closed_by="learner")
    assert EXPLANATION + " 1" in page_text(
        enrolled_client.get(result_url(quiz, attempt))
    )


def test_an_open_attempt_has_no_result_yet(enrolled_client, quiz, attempt):
    assert enrolled_client.get(result_url(quiz, attempt)).url == attempt_url(
        quiz, attempt
    )


# Whose attempt
# ------------------------------------------------------------------------------


def test_another_learners_attempt_does_not_exist_for_this_learner(
    client, other_learner, quiz, attempt, course
):
    course_services.enrolment_create(learner=other_learner, course=course)
    client.force_login(other_learner)

    assert client.get(attempt_url(quiz, attempt)).status_code == 404
    assert (
        client.post(attempt_url(quiz, attempt), page_post(attempt, 1)).status_code
        == 404
    )
    assert client.post(submit_url(quiz, attempt)).status_code == 404
    quiz_services.quiz_attempt_submit(attempt=attempt, closed_by="learner")
    assert client.get(result_url(quiz, attempt)).status_code == 404
    assert all(row.response is None for row in rows_of(attempt))


def test_an_attempt_at_another_quiz_does_not_exist_under_this_one(
    enrolled_client, course, quiz, attempt, category
):
    other = QuizFactory(
        parent=course, slug="other", questions=[single_question(category)]
    )

    assert enrolled_client.get(attempt_url(other, attempt)).status_code == 404
    assert enrolled_client.post(submit_url(other, attempt)).status_code == 404
    assert enrolled_client.get(result_url(other, attempt)).status_code == 404


# The course around the quiz
# ------------------------------------------------------------------------------


def test_course_page_and_lesson_pager_link_to_the_quiz(
    enrolled_client, course, lesson, quiz
):
    course_page = page_text(enrolled_client.get(course.url))
    lesson_page = enrolled_client.get(lesson.url)

    assert quiz.title in course_page and quiz.url in course_page
    assert lesson_page.context["next_item"].page.pk == quiz.pk
    assert f'href="{quiz.url}"' in lesson_page.content.decode()


def test_passing_marks_the_quiz_done_in_the_outline_but_failing_does_not(
    enrolled_client, learner, quiz, enrolment
):
    failed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(failed, right=False)
    quiz_services.quiz_attempt_submit(attempt=failed, closed_by="learner")
    assert not ItemProgress.objects.filter(item_key=quiz.translation_key).exists()

    passed = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    answer_everything(passed, right=True)
    quiz_services.quiz_attempt_submit(attempt=passed, closed_by="learner")

    outline = enrolled_client.get(quiz.url).context["outline"]
    assert [item.done for item in outline.items] == [False, True]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE  # the lesson is not done yet
