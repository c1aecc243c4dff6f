"""Hardening headers: the Content-Security-Policy and Permissions-Policy of production,
pages that keep to the policy (no inline script, event handler or style attribute),
no copy of a signed-in person's pages in a browser's cache, and compressed HTML."""

import gzip
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from assessments.services import quizzes as quiz_services
from certificates import services as certificate_services
from courses import services as course_services
from tests.factories import (
    AssignmentPageFactory,
    CertificateRuleFactory,
    CertificateTemplateFactory,
    CourseFactory,
    LessonFactory,
    QuizFactory,
    UserFactory,
    single_question,
)
from tests.factories.courses import document_create, image_create, lesson_body

from .test_settings import _production_env, _read_settings

pytestmark = pytest.mark.django_db

PRODUCTION_SETTINGS = [
    "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY",
    "LMS_ADMIN_PATH_PREFIXES",
    "LMS_ADMIN_CONTENT_SECURITY_POLICY",
    "LMS_PERMISSIONS_POLICY",
]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The header settings of lms.settings.production, read in a fresh interpreter."""
    return _read_settings(
        "lms.settings.production",
        PRODUCTION_SETTINGS,
        **_production_env(tmp_path_factory.mktemp("production")),
    )


@pytest.fixture
def production_headers(settings, production):
    for name in PRODUCTION_SETTINGS:
        setattr(settings, name, production[name])
    return production


@pytest.fixture
def site(program_page, learner, regional_admin):
    """A course with a lesson of every media block, a quiz and an assignment; a learner
    enrolled with a quiz attempt open and a certificate; an admin of their region."""
    home = program_page.get_parent().get_parent()
    course = CourseFactory(parent=program_page, slug="course")
    image = image_create()
    document = document_create()
    lesson = LessonFactory(
        parent=course,
        slug="media",
        body=lesson_body(
            ("text", "<p>Текст <b>урока</b>.</p>"),
            (
                "image",
                {
                    "image": {"image": image.pk, "decorative": True, "alt_text": ""},
                    "caption": "Схема",
                },
            ),
            (
                "video",
                {
                    "title": "Первый визит",
                    "file": None,
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "minutes": 4,
                    "transcript": "<p>Расшифровка.</p>",
                },
            ),
            (
                "document",
                {"document": document.pk, "title": "", "description": "Памятка"},
            ),
        ),
    )
    quiz = QuizFactory(
        parent=course, slug="quiz", questions=[single_question()], time_limit_minutes=10
    )
    assignment = AssignmentPageFactory(parent=course, slug="assignment")
    course.refresh_from_db()
    enrolment = course_services.enrolment_create(learner=learner, course=course)
    course_services.item_complete(enrolment=enrolment, item=lesson)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    rule = CertificateRuleFactory(
        page=course, template=CertificateTemplateFactory(is_default=True)
    )
    certificate, _created = certificate_services.certificate_issue(
        learner=learner, rule=rule, completed_at=timezone.now()
    )
    return {
        "learner": learner,
        "admin": regional_admin,
        "home": home.url,
        "catalog": program_page.get_parent().url,
        "program": program_page.url,
        "course": course.url,
        "lesson": lesson.url,
        "quiz": quiz.url,
        "attempt": f"{quiz.url}attempt/{attempt.pk}/",
        "assignment": assignment.url,
        "enrolment": f"/ru/my/enrolments/{enrolment.pk}/",
        "certificate": certificate,
        "certificate_pdf": f"/ru/certificates/{certificate.code}/pdf/",
        "verify": f"/ru/verify/{certificate.code}/",
        "learner_detail": f"/ru/manage/learners/{learner.pk}/",
        "certificate_detail": f"/ru/manage/certificates/{certificate.pk}/",
    }


class InlineCode(HTMLParser):
    """Collects what a strict policy (script-src 'self', style-src 'self') blocks:
    script elements with code in them, event-handler attributes, style attributes and
    elements, and javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            data_block = (attributes.get("type") or "").endswith("json")
            if "src" not in attributes and not data_block:
                self.found.append("<script> without src")
            self._in_script = not data_block
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if name in ("href", "src", "action", "formaction") and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("inline script code")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


LEARNER_PAGES = [
    ("home", None),
    ("catalog", None),
    ("program", None),
    ("course", None),
    ("verify", None),
    ("/ru/verify/", None),
    ("/ru/accounts/login/", None),
    ("/ru/accounts/signup/", None),
    ("/ru/accounts/password/reset/", None),
    ("/ru/privacy/", None),
    ("course", "learner"),
    ("lesson", "learner"),
    ("quiz", "learner"),
    ("attempt", "learner"),
    ("assignment", "learner"),
    ("enrolment", "learner"),
    ("/ru/my/", "learner"),
    ("/ru/certificates/", "learner"),
    ("/ru/profile/", "learner"),
    ("/ru/profile/delete/", "learner"),
    ("/ru/accounts/email/", "learner"),
    ("/ru/accounts/password/change/", "learner"),
    ("/ru/manage/learners/", "admin"),
    ("learner_detail", "admin"),
    ("/ru/manage/certificates/", "admin"),
    ("certificate_detail", "admin"),
    ("/ru/manage/reviews/", "admin"),
]


def url_of(site, page: str) -> str:
    return page if page.startswith("/") else site[page]


def directives_of(response) -> dict[str, str]:
    """The policy's directives: {name: sources} (their order in the header varies)."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _space, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    ("page", "who"), LEARNER_PAGES, ids=[f"{p}-{w}" for p, w in LEARNER_PAGES]
)
def test_pages_keep_to_the_strict_production_policy(
    client, site, production_headers, page, who
):
    if who:
        client.force_login(site[who])

    response = client.get(url_of(site, page))

    assert response.status_code == 200
    directives = directives_of(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_the_production_policy_allows_only_our_assets_and_the_video_players(
    client, site, production_headers
):
    response = client.get(site["course"])

    directives = directives_of(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self'"
    assert directives["frame-src"] == (
        "https://www.youtube-nocookie.com https://player.vimeo.com"
    )
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_lesson_video_loads_its_player_from_an_allowed_frame_source(
    client, site, production_headers
):
    client.force_login(site["learner"])

    response = client.get(site["lesson"])

    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/' in (
        response.content.decode()
    )
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_the_wagtail_admin_has_its_own_policy(client, production_headers, home_page):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    directives = directives_of(response)
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'"


def test_every_response_has_the_permissions_policy(client, site, production_headers):
    response = client.get(site["catalog"])

    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


# Cache-Control on a signed-in person's pages
# ------------------------------------------------------------------------------

PERSONAL_PAGES = [
    ("/ru/my/", "learner"),
    ("enrolment", "learner"),
    ("/ru/profile/", "learner"),
    ("/ru/profile/my-data.json", "learner"),
    ("/ru/profile/delete/", "learner"),
    ("/ru/certificates/", "learner"),
    ("certificate_pdf", "learner"),
    ("course", "learner"),
    ("lesson", "learner"),
    ("quiz", "learner"),
    ("attempt", "learner"),
    ("assignment", "learner"),
    ("/ru/accounts/email/", "learner"),
    ("/ru/manage/learners/", "admin"),
    ("learner_detail", "admin"),
    ("/ru/manage/certificates/", "admin"),
    ("certificate_detail", "admin"),
    ("/ru/manage/reviews/", "admin"),
]


@pytest.mark.parametrize(
    ("page", "who"), PERSONAL_PAGES, ids=[f"{p}-{w}" for p, w in PERSONAL_PAGES]
)
def test_personal_pages_are_kept_in_no_cache(client, site, page, who):
    client.force_login(site[who])

    response = client.get(url_of(site, page))

    assert response.status_code == 200
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_public_pages_for_visitors_stay_cacheable(client, site):
    response = client.get(site["catalog"])

    assert "no-store" not in response.get("Cache-Control", "")


# Compression
# ------------------------------------------------------------------------------


def test_production_compresses_page_html_with_the_breach_mitigation(
    client, site, production_headers
):
    client.force_login(site["learner"])

    response = client.get("/ru/my/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).lstrip().startswith(b"<!DOCTYPE html>")
    # Django's "Heal the Breach" mitigation: a random file name in the gzip header
    # (flag FNAME) makes the length of the answer vary.
    assert response.content[3] & gzip.FNAME


def test_production_leaves_pages_uncompressed_for_a_client_without_gzip(
    client, site, production_headers
):
    response = client.get(site["catalog"])

    assert not response.has_header("Content-Encoding")
