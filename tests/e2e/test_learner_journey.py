"""A learner's first visit, in Chromium against a live server: catalog, sign-up,
enrolment, two lessons, progress. (The browser fixtures and `t` are in conftest.py.)
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from people.models import User
from tests.e2e.conftest import LANGUAGE, t
from tests.factories import course_with_lessons, region_by_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course(program_page):
    # The sign-up form lists regions; a transactional flush removes them.
    region_by_code("KZ-75")
    course, lessons = course_with_lessons(
        program_page,
        lessons=3,
        title="Права волонтера",
        slug="volunteer-rights",
        summary="Что волонтер может и чего не обязан делать.",
    )
    return course, lessons


def test_visitor_finds_a_course_signs_up_enrols_and_sees_progress_after_two_lessons(
    live_server, course, catalog_page, program_page, page
):
    course, lessons = course
    base = live_server.url

    # An anonymous visitor lands on the home page in their browser's language.
    page.goto(base + "/")
    expect(page).to_have_url(f"{base}/ru/")
    page.get_by_role("link", name=t("Browse the catalog"), exact=True).click()

    # Catalog -> program -> course, all open to anonymous visitors.
    expect(page).to_have_url(base + catalog_page.url)
    expect(page.locator("h1")).to_have_text(catalog_page.title)
    page.get_by_role("link", name=program_page.title, exact=True).click()
    expect(page).to_have_url(base + program_page.url)
    page.get_by_role("link", name=course.title, exact=True).click()
    expect(page).to_have_url(base + course.url)
    expect(page.locator("h1")).to_have_text(course.title)
    expect(page.get_by_role("heading", name=t("Syllabus"))).to_be_visible()
    syllabus = page.locator("ol.outline")
    for lesson in lessons:
        expect(syllabus).to_contain_text(lesson.title)

    # Sign up from the course page; the form brings the learner back to the course.
    page.get_by_role("link", name=t("create an account"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/ru/accounts/signup/\?next="))
    form = page.locator("form", has=page.locator("input[name=email]"))
    form.locator("input[name=email]").fill("aigerim@example.kz")
    form.locator("input[name=full_name]").fill("Айгерим Садыкова")
    form.locator("input[name=password1]").fill("tulpar-steppe-2026")
    form.locator("input[name=password2]").fill("tulpar-steppe-2026")
    with translation.override(LANGUAGE):
        region_name = region_by_code("KZ-75").name
    form.locator("select[name=region]").select_option(label=region_name)
    form.locator("select[name=organization_kind]").select_option("volunteer_ngo")
    form.locator("input[name=date_of_birth]").fill("1999-04-12")
    form.locator("select[name=preferred_language]").select_option("ru")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(base + course.url)
    expect(page.get_by_role("link", name=t("My learning"), exact=True)).to_be_visible()
    learner = User.objects.get(email="aigerim@example.kz")
    assert (learner.full_name, learner.region.iso_code) == ("Айгерим Садыкова", "KZ-75")

    # Enrol: straight to the first lesson.
    page.get_by_role("button", name=t("Enrol"), exact=True).click()
    expect(page).to_have_url(base + lessons[0].url)
    expect(page.locator("h1")).to_have_text(lessons[0].title)
    expect(page.locator("a[rel=next]")).to_have_attribute("href", lessons[1].url)

    # Two lessons, each marked done; marking one done goes on to the next.
    page.get_by_role("button", name=t("Mark as done and continue")).click()
    expect(page).to_have_url(base + lessons[1].url)
    expect(page.locator(".messages")).to_contain_text(t("Lesson marked as done."))
    expect(page.locator("h1")).to_have_text(lessons[1].title)
    page.get_by_role("button", name=t("Mark as done and continue")).click()
    expect(page).to_have_url(base + lessons[2].url)
    expect(page.locator("h1")).to_have_text(lessons[2].title)

    # Progress on the course page: 2 of 3 (67%, rounded).
    progress = t(
        "%(done)s of %(total)s done (%(percent)s%%)", done=2, total=3, percent=67
    )
    page.locator(".breadcrumbs").get_by_role("link", name=course.title).click()
    expect(page).to_have_url(base + course.url)
    expect(page.locator(".enrol-box .progress__text")).to_have_text(progress)
    expect(page.locator(".enrol-box .progress__bar")).to_have_attribute("value", "67")
    expect(
        page.get_by_role("link", name=t("Continue where you left off"))
    ).to_have_attribute("href", lessons[2].url)

    # ... and on My learning.
    page.get_by_role("link", name=t("My learning"), exact=True).click()
    expect(page).to_have_url(f"{base}/ru/my/")
    entry = page.locator(".learning-entry", has_text=course.title)
    expect(entry.locator(".progress__text")).to_have_text(progress)
    expect(entry.get_by_role("link", name=t("Continue"), exact=True)).to_have_attribute(
        "href", lessons[2].url
    )
