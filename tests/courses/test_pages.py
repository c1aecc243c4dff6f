"""Page types: where each can live, and creating a lesson in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import (
    CatalogPage,
    CourseItemPage,
    CoursePage,
    LessonPage,
    ProgramPage,
    StandardPage,
)
from lms.models import HomePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestPageTypeRules(WagtailPageTestCase):
    """The curriculum tree: Home > Catalog > Program > Course > items (nothing below)."""

    def test_catalog_page_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CatalogPage, {HomePage})
        self.assertAllowedSubpageTypes(HomePage, {CatalogPage})

    def test_program_page_lives_only_under_the_catalog(self):
        self.assertAllowedParentPageTypes(ProgramPage, {CatalogPage})
        self.assertAllowedSubpageTypes(CatalogPage, {ProgramPage, StandardPage})

    def test_the_standard_lives_only_under_the_catalog_and_has_no_children(self):
        self.assertAllowedParentPageTypes(StandardPage, {CatalogPage})
        self.assertAllowedSubpageTypes(StandardPage, set())

    def test_course_page_lives_only_under_a_program(self):
        self.assertAllowedParentPageTypes(CoursePage, {ProgramPage})
        self.assertAllowedSubpageTypes(ProgramPage, {CoursePage})

    def test_lesson_page_lives_only_under_a_course(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertCanCreateAt(CoursePage, LessonPage)
        for parent in (HomePage, CatalogPage, ProgramPage, LessonPage):
            self.assertCanNotCreateAt(parent, LessonPage)

    def test_nothing_lives_under_a_lesson(self):
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_course_items_are_concrete_item_types_only(self):
        self.assertIn(LessonPage, CoursePage.allowed_subpage_models())
        self.assertNotIn(CourseItemPage, CoursePage.allowed_subpage_models())
        self.assertFalse(CourseItemPage.is_creatable)
        for model in CoursePage.allowed_subpage_models():
            self.assertTrue(issubclass(model, CourseItemPage), model)

    def test_home_page_may_not_be_created_below_the_curriculum(self):
        for parent in (CatalogPage, ProgramPage, CoursePage, LessonPage):
            self.assertCanNotCreateAt(parent, HomePage)
            self.assertCanNotCreateAt(parent, CatalogPage)


def test_can_create_at_follows_the_tree_for_real_pages(
    home_page, catalog_page, program_page, course, lessons
):
    assert CatalogPage.can_create_at(home_page) is False  # one catalog per home page
    assert ProgramPage.can_create_at(catalog_page)
    assert not ProgramPage.can_create_at(home_page)
    assert CoursePage.can_create_at(program_page)
    assert not CoursePage.can_create_at(catalog_page)
    assert LessonPage.can_create_at(course)
    assert not LessonPage.can_create_at(program_page)
    assert not LessonPage.can_create_at(lessons[0])
    assert not CoursePage.can_create_at(lessons[0])


def test_superuser_creates_and_publishes_a_lesson_in_the_wagtail_admin(
    client, course, lessons
):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    add_url = reverse(
        "wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk]
    )
    form = client.get(add_url)
    assert form.status_code == 200
    assert 'name="estimated_minutes"' in form.content.decode()  # a lesson's form
    data = nested_form_data(
        {
            "title": "Безопасность волонтёра",
            "slug": "safety",
            "estimated_minutes": "15",
            "required": "on",
            "body": streamfield(
                [
                    ("heading", {"text": "Перед выездом", "level": "h2"}),
                    ("text", rich_text("<p>Сообщите координатору маршрут.</p>")),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "action-publish"

    response = client.post(add_url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("wagtailadmin_explore", args=[course.pk])
    lesson = LessonPage.objects.get(slug="safety")
    assert lesson.live
    assert lesson.get_parent().pk == course.pk
    assert lesson.estimated_minutes == 15
    assert lesson.required is True
    assert [block.block_type for block in lesson.body] == ["heading", "text"]
    assert "Сообщите координатору маршрут." in str(lesson.body[1].value)


def test_admin_refuses_a_lesson_under_a_program(client, program_page):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    add_url = reverse(
        "wagtailadmin_pages:add", args=["courses", "lessonpage", program_page.pk]
    )

    response = client.get(add_url)

    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not LessonPage.objects.exists()


def test_pages_render_for_anonymous_visitors(
    client, home_page, catalog_page, program_page, course
):
    for page in (home_page, catalog_page, program_page, course):
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert page.title in response.content.decode()


def test_editor_translates_a_course_with_wagtail_localize(
    client, program_page, locales
):
    """The translation workflow editors use: the Kazakh copy shares the translation_key,
    so learning records made in either language are the same."""
    from tests.factories import course_with_lessons

    course, _lessons = course_with_lessons(program_page, 1)
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(
        f"/admin/localize/submit/page/{course.pk}/",
        {"locales": [locales["kk"].pk], "include_subtree": "on"},
    )

    assert response.status_code == 302
    kazakh = CoursePage.objects.get(locale=locales["kk"])
    assert kazakh.translation_key == course.translation_key
    assert LessonPage.objects.filter(locale=locales["kk"]).count() == 1
