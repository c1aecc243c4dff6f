"""Certificate templates, certificate rules and clearance rules in the Wagtail admin:
one "Certificates" menu group, listings, and the page-type rules on the edit forms."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certificates import models
from certificates.models import Certificate, CertificateRule, ClearanceRule
from courses import services as course_services
from courses.models import AcknowledgementPage
from tests.courses.helpers import page_text, ru
from tests.factories import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    QuizFactory,
    UserFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db

RULE_ADD = "wagtailsnippets_certificates_certificaterule:add"
CLEARANCE_ADD = "wagtailsnippets_certificates_clearancerule:add"


@pytest.fixture
def course_and_lessons(program_page):
    course, lessons = course_with_lessons(
        program_page, 1, slug="palliative-care", title="Паллиативная помощь"
    )
    course.refresh_from_db()
    return course, lessons


def rule_form(page, refresher=None, **extra) -> dict:
    return {
        "page": page.pk,
        "template": "",
        "validity_months": 24,
        "refresher_page": refresher.pk if refresher else "",
        "is_active": "on",
        **extra,
    }


def acknowledgement_add(course) -> AcknowledgementPage:
    course.refresh_from_db()
    page = course.add_child(
        instance=AcknowledgementPage(
            title="Кодекс поведения волонтера",
            slug="code-of-conduct",
            estimated_minutes=5,
            body="<p>Волонтер хранит в тайне все, что узнал о подопечных.</p>",
            statement="Обязуюсь соблюдать.",
        )
    )
    page.save_revision().publish()
    return page


def clearance_form(*pages) -> dict:
    return nested_form_data(
        {
            "slug": "palliative",
            "name_kk": "Паллиативтік көмек",
            "name_ru": "Паллиативная помощь",
            "name_en": "Palliative care",
            "min_age": 18,
            "sort_order": 0,
            "requirements": inline_formset([{"page": page.pk} for page in pages]),
        }
    )


def test_certificates_menu_group_and_listings(
    national_admin_client, course_and_lessons
):
    course, _lessons = course_and_lessons
    CertificateTemplateFactory(name="Основной шаблон", is_default=True)
    CertificateRuleFactory(page=course, validity_months=24)
    home = national_admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for model in (
        models.CertificateTemplate,
        models.CertificateRule,
        models.ClearanceRule,
    ):
        url = reverse(f"wagtailsnippets_certificates_{model._meta.model_name}:list")
        assert url in home
        listing = national_admin_client.get(url)
        assert listing.status_code == 200
        assert capfirst(ru(model._meta.verbose_name_plural)) in page_text(listing)
    listing = national_admin_client.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:list")
    ).content.decode()
    assert "Основной шаблон" in listing
    assert "kk + ru" in listing
    rules = national_admin_client.get(
        reverse("wagtailsnippets_certificates_certificaterule:list")
    ).content.decode()
    assert "Паллиативная помощь" in rules


def test_learner_may_not_open_the_admin_listings(client, locales):
    client.force_login(UserFactory())
    url = reverse("wagtailsnippets_certificates_certificaterule:list")
    assert client.get(url).status_code == 302  # to the admin login


def test_rule_for_a_lesson_is_refused_with_the_reason(
    national_admin_client, course_and_lessons
):
    _course, lessons = course_and_lessons
    response = national_admin_client.post(reverse(RULE_ADD), rule_form(lessons[0]))
    assert response.status_code == 200
    assert response.context["form"].errors["page"] == [str(models.MSG_RULE_PAGE_TYPE)]
    assert str(models.MSG_RULE_PAGE_TYPE) in response.content.decode()
    assert not CertificateRule.objects.exists()


def test_refresher_must_be_a_course_or_quiz_other_than_the_course_itself(
    national_admin_client, course_and_lessons, program_page
):
    course, lessons = course_and_lessons
    response = national_admin_client.post(
        reverse(RULE_ADD), rule_form(course, lessons[0])
    )
    assert response.context["form"].errors["refresher_page"] == [
        str(models.MSG_REFRESHER_PAGE_TYPE)
    ]
    response = national_admin_client.post(reverse(RULE_ADD), rule_form(course, course))
    assert response.context["form"].errors["refresher_page"] == [
        str(models.MSG_REFRESHER_IS_PAGE)
    ]
    assert not CertificateRule.objects.exists()

    # A quiz inside the certified course is a fine refresher.
    quiz = QuizFactory(parent=course)
    response = national_admin_client.post(reverse(RULE_ADD), rule_form(course, quiz))
    assert response.status_code == 302
    rule = CertificateRule.objects.get()
    assert rule.page_id == course.pk
    assert rule.refresher_page_id == quiz.pk


def test_rule_for_a_program_with_a_short_course_as_refresher_is_saved(
    national_admin_client, program_page, course_and_lessons
):
    course, _lessons = course_and_lessons
    response = national_admin_client.post(
        reverse(RULE_ADD), rule_form(program_page, course)
    )
    assert response.status_code == 302
    assert CertificateRule.objects.get().page_id == program_page.pk


def test_editing_a_rule_checks_the_page_types_too(
    national_admin_client, course_and_lessons
):
    course, lessons = course_and_lessons
    rule = CertificateRuleFactory(page=course)
    url = reverse("wagtailsnippets_certificates_certificaterule:edit", args=[rule.pk])
    response = national_admin_client.post(url, rule_form(lessons[0]))
    assert response.status_code == 200
    assert response.context["form"].errors["page"] == [str(models.MSG_RULE_PAGE_TYPE)]
    rule.refresh_from_db()
    assert rule.page_id == course.pk


def test_clearance_requirement_must_be_a_course_program_or_acknowledgement(
    national_admin_client, course_and_lessons
):
    course, lessons = course_and_lessons
    response = national_admin_client.post(
        reverse(CLEARANCE_ADD), clearance_form(lessons[0])
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["requirements"]
    assert formset.forms[0].errors["page"] == [str(models.MSG_REQUIREMENT_PAGE_TYPE)]
    assert str(models.MSG_REQUIREMENT_PAGE_TYPE) in response.content.decode()
    assert not ClearanceRule.objects.exists()

    acknowledgement = acknowledgement_add(course)
    response = national_admin_client.post(
        reverse(CLEARANCE_ADD), clearance_form(course, acknowledgement)
    )
    assert response.status_code == 302
    rule = ClearanceRule.objects.get()
    assert [r.page_id for r in rule.requirements.all()] == [
        course.pk,
        acknowledgement.pk,
    ]


def test_template_edit_view_links_to_the_pdf_preview(national_admin_client):
    template = CertificateTemplateFactory()
    url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk]
    )
    html = national_admin_client.get(url).content.decode()
    preview = reverse("certificates_template_preview", args=[template.pk])
    assert preview in html
    assert gettext("Preview PDF") in html
    response = national_admin_client.get(preview)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_rule_added_after_learners_completed_the_course_issues_their_certificates(
    national_admin_client, course_and_lessons, django_capture_on_commit_callbacks
):
    course, lessons = course_and_lessons
    learners = [UserFactory(), UserFactory()]
    for learner in learners:
        enrolment = course_services.enrolment_create(learner=learner, course=course)
        for lesson in lessons:
            course_services.item_complete(enrolment=enrolment, item=lesson)
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = national_admin_client.post(
            reverse(RULE_ADD), rule_form(course), follow=True
        )

    assert response.status_code == 200
    assert {c.learner for c in Certificate.objects.all()} == set(learners)
    # Saving the rule again (or the command) issues nothing twice.
    rule = CertificateRule.objects.get()
    assert str(rule) in page_text(response)  # the listing the form returns to
    url = reverse("wagtailsnippets_certificates_certificaterule:edit", args=[rule.pk])
    with django_capture_on_commit_callbacks(execute=True):
        national_admin_client.post(url, rule_form(course))
    call_command("certificates_issue_missing", stdout=io.StringIO())
    assert Certificate.objects.count() == 2
