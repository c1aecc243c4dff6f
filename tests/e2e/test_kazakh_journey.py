"""A Kazakh-speaking newcomer's whole way, in Chromium, entirely at /kk/: signs up,
confirms the e-mail address, logs in, enrols in a course written in Kazakh, reads its
lessons, passes its quiz, gets the certificate (page, verification, PDF), is assigned
more learning and is reminded of it and of the certificate's expiry by e-mail.

Every page on the way (its text, title, labels, placeholders, the texts its scripts
show), the certificate and every e-mail are checked for interface strings left in
Russian or English (tests/i18n_leaks.py): one is a failure, named with its page.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates import tasks as certificate_tasks
from certificates.models import Certificate
from certificates.pdf import TEMPLATE as CERTIFICATE_TEMPLATE
from certificates.pdf import certificate_context
from courses import services as course_services
from courses import tasks as course_tasks
from courses.models import Enrolment
from people.models import User
from tests.e2e.conftest import TIMEOUT_MS
from tests.factories import (
    CertificateRuleFactory,
    CourseFactory,
    LessonFactory,
    QuizFactory,
    region_by_code,
    single_question,
    true_false_question,
)
from tests.factories.courses import lesson_body, translate, translate_tree
from tests.factories.scheduling import TrainingSessionFactory
from tests.i18n_leaks import html_pieces, leaks, text_pieces

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "aruzhan@example.kz"
PASSWORD = "dala-zhuldyzy-2026"
# Letters of Kazakh that Russian has not: a text in Kazakh has some.
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)


def k(message: str, **values) -> str:
    """An interface text as the Kazakh pages show it (see conftest.t)."""
    with translation.override("kk"):
        text = gettext(message)
        if text == message and "%" in message:
            text = gettext(message.replace("%", "%%")).replace("%%", "%")
    assert text != message or not re.search("[a-z]", message), message
    return text % values if values else text


# What a page shows, as the browser has it: text nodes, the text of elements holding
# only text and inline elements, the title, the attributes people read or hear, and
# the texts scripts put on the page (data-text-*). Elements in another language
# (lang="ru": the language switcher, a question not translated) are left out.
PAGE_TEXTS = """() => {
  const INLINE = new Set(["a", "abbr", "b", "bdi", "br", "code", "em", "i", "mark",
    "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "data", "kbd",
    "wbr"]);
  const SKIP = "script, style, noscript, template";
  const root = document.documentElement;
  const foreign = (el) => {
    const holder = el.closest("[lang]");
    return holder !== null && holder !== root && !holder.lang.startsWith("kk");
  };
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (element && !element.closest(SKIP) && !foreign(element)) {
      texts.push(walker.currentNode.textContent);
    }
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(SKIP) || foreign(el)) continue;
    for (const name of ["title", "alt", "placeholder", "aria-label",
                        "aria-description"]) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
    if (el.matches("input[type=submit], input[type=button]")) texts.push(el.value);
    if ([...el.children].every((child) => INLINE.has(child.localName))) {
      texts.push(el.textContent);
    }
    for (const attribute of el.attributes) {
      if (attribute.name.startsWith("data-text")) texts.push(attribute.value);
    }
  }
  return {language: root.lang, texts: texts};
}"""


class Walk:
    """The pages seen, each checked as it is reached."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.seen: list[str] = []
        self.shown: list[str] = []  # the texts of the last page checked

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state()
        path = page.url.removeprefix(self.base)
        assert path.startswith("/kk/"), path
        shown = page.evaluate(PAGE_TEXTS)
        assert shown["language"] == "kk", path
        pieces = []
        for text in shown["texts"]:
            pieces += [text, *text.split(" · ")]
        self.shown = [" ".join(piece.split()) for piece in pieces]
        assert leaks(pieces) == [], path
        self.seen.append(path)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.check()


def assert_kazakh_mail(message) -> None:
    """An e-mail in Kazakh: no Russian or English interface string, Kazakh letters in
    its subject and body."""
    assert KAZAKH_LETTERS.search(message.subject), message.subject
    assert KAZAKH_LETTERS.search(message.body), message.body
    pieces = [message.subject, *text_pieces(message.body)]
    assert leaks(pieces) == [], message.subject


def ical_pieces(calendar: str) -> list[str]:
    """The texts of an iCalendar file (RFC 5545): the values of its properties,
    unfolded and unescaped, line by line."""
    unfolded = re.sub(r"\r?\n[ \t]", "", calendar)
    pieces = []
    for line in unfolded.splitlines():
        _name, _sep, value = line.partition(":")
        value = re.sub(r"\\([,;\\])", r"\1", value).replace("\\n", "\n")
        pieces += [value, *text_pieces(value)]
    return pieces


# The Kazakh course
# ------------------------------------------------------------------------------


def _kazakh_question(question, locale, text: str, choices: list[str] = ()):
    translated = question.copy_for_translation(locale)
    translated.text = text
    translated.explanation = "Волонтерлік өз еркімен және ақысыз атқарылады."
    translated.choices = [
        {"type": "choice", "id": block.id, "value": {**block.value, "text": choice}}
        for block, choice in zip(question.choices, choices, strict=True)
    ]
    translated.save()
    return translated


@pytest.fixture
def kazakh_course(program_page, certificate_template, locales):
    """ "Волонтердің құқықтары" in Kazakh (translated from Russian, as the demo's intro
    course): two lessons and a quiz of two questions, certified; and a second course
    to be assigned. The catalog, program and home page have Kazakh versions too."""
    region_by_code("KZ-75")  # the sign-up form lists regions: a flush removes them
    course = CourseFactory(
        parent=program_page, title="Права волонтера", slug="volunteer-rights", hours=2
    )
    lessons = [
        LessonFactory(parent=course, title="Что такое волонтерство", slug="what"),
        LessonFactory(parent=course, title="Права и обязанности", slug="rights"),
    ]
    questions = [
        single_question(
            text="Волонтер получает зарплату за свою работу?",
            right="Нет, он помогает безвозмездно",
            wrong=("Да, по договору",),
        ),
        true_false_question(text="Волонтеру может быть 16 лет.", answer=True),
    ]
    quiz = QuizFactory(
        parent=course,
        title="Итоговый тест",
        slug="final-quiz",
        questions=questions,
        questions_per_page=2,
        pass_mark=70,
    )
    course.refresh_from_db()
    CertificateRuleFactory(page=course, validity_months=24)
    second = CourseFactory(
        parent=program_page, title="Безопасность волонтера", slug="safety"
    )
    second_lesson = LessonFactory(parent=second, title="Перед выездом", slug="before")
    second.refresh_from_db()

    kk = locales["kk"]
    kk_course, kk_lessons = translate_tree(course, lessons, kk)
    for page, title in (
        (kk_course.get_parent().specific, "Тәуекел аймақтарындағы волонтерлік"),
        (kk_course, "Волонтердің құқықтары"),
    ):
        page.title = title
        page.summary = "Волонтердің не істей алатыны және не істеуге міндетті емес."
        page.save_revision().publish()
    bodies = [
        lesson_body(
            ("heading", {"text": "Волонтерлік дегеніміз не", "level": "h2"}),
            ("text", "<p>Волонтер басқаларға өз еркімен және тегін көмектеседі.</p>"),
            (
                "callout",
                {
                    "kind": "safety",
                    "title": "",
                    "text": "<p>Алғашқы шығуға жұппен барыңыз.</p>",
                },
            ),
        ),
        lesson_body(
            ("text", "<p>Волонтердің оқуға және қауіпсіз жағдайға құқығы бар.</p>"),
            (
                "key_points",
                {
                    "title": "Есте сақтаңыз",
                    "items": ["Келісім жасалады", "Дербес деректер қорғалады"],
                },
            ),
        ),
    ]
    for page, title, body in zip(
        kk_lessons,
        ("Волонтерлік деген не", "Құқықтар мен міндеттер"),
        bodies,
        strict=True,
    ):
        page.title = title
        page.body = body
        page.save_revision().publish()
    kk_quiz = translate(quiz, kk)
    kk_quiz.title = "Қорытынды тест"
    kk_quiz.save_revision().publish()
    _kazakh_question(
        questions[0],
        kk,
        "Волонтер өз жұмысы үшін жалақы ала ма?",
        ["Жоқ, ол ақысыз көмектеседі", "Иә, шарт бойынша"],
    )
    _kazakh_question(questions[1], kk, "Волонтер 16 жаста болуы мүмкін.")
    kk_second = translate(second, kk)
    kk_second.title = "Волонтердің қауіпсіздігі"
    kk_second.save_revision().publish()
    kk_second_lesson = translate(second_lesson, kk)
    kk_second_lesson.title = "Шығар алдында"
    kk_second_lesson.save_revision().publish()
    kk_course.refresh_from_db()
    kk_quiz.refresh_from_db()
    session = TrainingSessionFactory(
        region=region_by_code("KZ-75"),
        title_ru="Интенсив для новых волонтеров",
        title_kk="Жаңа волонтерлерге арналған интенсив",
        venue="Алматы, Абай даңғылы, 10, мәжіліс залы",
    )
    return {
        "course": kk_course,
        "lessons": kk_lessons,
        "quiz": kk_quiz,
        "second": kk_second,
        "session": session,
    }


@pytest.fixture
def kazakh_page(browser):
    context = browser.new_context(locale="kk-KZ", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def test_a_newcomer_signs_up_learns_passes_and_is_certified_and_reminded_in_kazakh(
    live_server, kazakh_course, kazakh_page, mailoutbox, settings, tmp_path
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    course, lessons, quiz = (
        kazakh_course["course"],
        kazakh_course["lessons"],
        kazakh_course["quiz"],
    )
    base = live_server.url
    page = kazakh_page
    walk = Walk(page, base)

    # The course, found from the Kazakh home page as a visitor.
    walk.goto("/kk/")
    assert k("Browse the catalog") in walk.shown  # what the check reads
    page.get_by_role("link", name=k("Browse the catalog"), exact=True).click()
    walk.check()
    program = course.get_parent()
    page.get_by_role("link", name=program.title, exact=True).click()
    expect(page.locator("h1")).to_have_text(program.title)
    walk.check()
    page.get_by_role("link", name=course.title, exact=True).click()
    expect(page.locator("h1")).to_have_text(course.title)
    walk.check()

    # Sign-up from the course page: the form, its errors, then the account.
    page.get_by_role("link", name=k("create an account"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/kk/accounts/signup/\?next="))
    walk.check()
    form = page.locator("form", has=page.locator("input[name=email]"))
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=full_name]").fill("Аружан Серікқызы")
    form.locator("select[name=region]").select_option(
        label=region_by_code("KZ-75").name_kk
    )
    form.locator("select[name=organization_kind]").select_option("volunteer_ngo")
    form.locator("input[name=date_of_birth]").fill("2001-09-14")
    form.locator("select[name=preferred_language]").select_option("kk")
    form.locator("input[name=consent]").check()
    form.locator("input[name=password1]").fill("12345")
    form.locator("input[name=password2]").fill("12345")
    form.locator("button[type=submit]").click()
    with translation.override("kk"):
        too_short = ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            10,
        ) % (10,)
    expect(page.locator("main")).to_contain_text(too_short)
    walk.check()
    form = page.locator("form", has=page.locator("input[name=email]"))
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    if not form.locator("input[name=consent]").is_checked():
        form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(k("Verify Your Email Address"))
    walk.check()
    learner = User.objects.get(email=EMAIL)
    assert learner.preferred_language == "kk"

    # The confirmation e-mail, in Kazakh; its link confirms the address.
    (confirmation,) = mailoutbox
    assert_kazakh_mail(confirmation)
    assert confirmation.subject.startswith(f"[{k('Birgemiz Academy')}] ")
    link = re.search(r"https?://\S+/kk/accounts/confirm-email/\S+/", confirmation.body)
    page.goto(link.group(0).replace(settings.LMS_PUBLIC_URL, base))
    walk.check()
    page.get_by_role("button", name=k("Confirm"), exact=True).click()
    walk.check()

    # Log in: straight to My learning.
    if "/accounts/login/" in page.url:
        page.locator("input[name=login]").fill(EMAIL)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/kk/my/")
    walk.check()

    # Enrol and read the lessons.
    walk.goto(course.url)
    page.get_by_role("button", name=k("Enrol"), exact=True).click()
    expect(page).to_have_url(base + lessons[0].url)
    expect(page.locator("h1")).to_have_text(lessons[0].title)
    walk.check()
    page.get_by_role("button", name=k("Mark as done and continue")).click()
    expect(page).to_have_url(base + lessons[1].url)
    expect(page.locator(".messages")).to_contain_text(k("Lesson marked as done."))
    walk.check()
    page.get_by_role("button", name=k("Mark as done and continue")).click()
    expect(page).to_have_url(base + quiz.url)
    walk.check()

    # The quiz: both questions on one page, answered right.
    page.get_by_role("button", name=k("Start the quiz"), exact=True).click()
    expect(page.locator("h1")).to_have_text(
        k("Page %(number)s of %(total)s", number=1, total=1)
    )
    walk.check()
    page.get_by_label("Жоқ, ол ақысыз көмектеседі", exact=True).check()
    page.get_by_label(k("True"), exact=True).check()
    page.get_by_role("button", name=k("Finish and submit"), exact=True).click()
    expect(page.locator("h1")).to_have_text(k("Your result"))
    expect(page.locator(".quiz-score__verdict")).to_have_text(k("Passed"))
    walk.check()
    enrolment = Enrolment.objects.get(learner=learner)
    assert enrolment.status == Enrolment.Status.COMPLETED

    # The certificate: My learning, its page, the public verification, the PDF.
    certificate = Certificate.objects.get(learner=learner)
    assert certificate.title["kk"] == course.title
    walk.goto("/kk/my/")
    panel = page.locator("section.certificates-panel")
    expect(panel).to_contain_text(course.title)
    walk.goto(f"/kk/my/enrolments/{enrolment.pk}/")
    walk.goto("/kk/certificates/")
    expect(page.locator("main")).to_contain_text(course.title)
    with page.expect_download() as download:
        page.get_by_role("link", name=k("Download PDF")).first.click()
    download.value.save_as(tmp_path / "certificate.pdf")
    pdf = PdfReader(io.BytesIO((tmp_path / "certificate.pdf").read_bytes()))
    pdf_text = " ".join(pdf.pages[0].extract_text().split())
    with translation.override("kk"):
        number_label = pgettext("certificate", "Number")
    assert course.title in pdf_text
    assert number_label in pdf_text
    with translation.override("kk"):
        certificate_html = render_to_string(
            CERTIFICATE_TEMPLATE, certificate_context(certificate)
        )
    assert leaks(html_pieces(certificate_html)) == []
    walk.goto(f"/kk/verify/{certificate.code}/")
    expect(page.locator("main")).to_contain_text(course.title)

    # A training session: registered for, then in the learner's calendar (iCal).
    session = kazakh_course["session"]
    walk.goto("/kk/sessions/")
    walk.goto(f"/kk/sessions/{session.pk}/")
    page.get_by_role("button", name=k("Register"), exact=True).click()
    expect(page.locator("main")).to_contain_text(k("You are registered."))
    walk.check()
    walk.goto("/kk/my/calendar/")
    page.get_by_role("button", name=k("Make my calendar address")).click()
    walk.check()
    feed = page.locator("#calendar-feed-url").input_value()
    assert feed.endswith("?lang=kk")
    calendar = page.request.get(feed.replace(settings.LMS_PUBLIC_URL, base)).text()
    assert session.title_kk in calendar.replace("\r\n ", "")
    assert leaks(ical_pieces(calendar)) == []

    # The rest of the learner's own pages.
    for path in ("/kk/profile/", "/kk/privacy/"):
        walk.goto(path)

    # Reminders: learning assigned with a due date, then its reminder; the
    # certificate's expiry.
    course_services.assignment_create(
        learner=learner,
        target=kazakh_course["second"],
        due_date=timezone.localdate()
        + datetime.timedelta(days=settings.LMS_ASSIGNMENT_REMINDER_DAYS),
    )
    assert course_tasks.assignment_reminders_send() == 1
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=10)
    )
    assert certificate_tasks.certificates_expiry_remind() == 1
    walk.goto("/kk/my/")
    expect(page.locator("main")).to_contain_text(kazakh_course["second"].title)

    # Every e-mail the learner got, each in Kazakh: the confirmation, the completed
    # course, the certificate, the session's registration, the assignment, its
    # reminder, the expiry reminder.
    assert {tuple(message.to) for message in mailoutbox} == {(EMAIL,)}
    assert len(mailoutbox) >= 7, [message.subject for message in mailoutbox]
    for message in mailoutbox:
        assert_kazakh_mail(message)
    assert len(walk.seen) >= 20
