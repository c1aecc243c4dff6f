"""load_demo_data: the embedded default's first run, and every run after it.

One load per module (about 20 s): the whole story is one test.
"""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import Translation

from assessments.models import (
    AssignmentPage,
    Question,
    QuizAttempt,
    QuizPage,
    Submission,
)
from assessments.selectors.quizzes import quiz_review_gives_answers_away
from certificates.models import (
    Certificate,
    CertificateRule,
    CertificateTemplate,
    ClearanceRule,
)
from core.translations import translations_out_of_date
from courses.models import (
    AcknowledgementPage,
    CoursePage,
    LessonPage,
    ProgramPage,
    StandardAcknowledgement,
    StandardAcknowledgementPage,
    StandardPage,
    StandardVersion,
)
from courses.selectors import onboarding_progress, standard_diff
from lms.models import HomePage
from people.demo import DEMO_PASSWORD, USERS
from people.models import Handover, Position, User
from people.roles import Role
from people.selectors import duties_without_holder
from reports.models import Target, TargetSnapshot
from reports.selectors import target_actuals
from tests.factories import region_by_code

pytestmark = pytest.mark.django_db

PROGRAM_SLUGS = {"risk-zones", "standard", "rfo-onboarding", "leaders"}
INTRO_COURSE_SLUG = "volunteer-rights"
# Clearance slug: the risk-zone course it needs.
RISK_ZONES = {
    "palliative-care": "palliative-care",
    "emergencies": "emergencies",
    "disabilities": "disabilities",
    "elderly": "elderly-care",
    "children-in-care": "children-in-care",
}
REFRESHER_SLUG = "palliative-care-refresher"


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count() for model in apps.get_models()
    }


def _page_state() -> list[tuple]:
    return list(
        Page.objects.order_by("pk").values_list(
            "pk", "latest_revision_id", "live_revision_id", "last_published_at"
        )
    )


def _load(capture) -> str:
    out = StringIO()
    # Services enqueue follow-up work with on_commit: run it, as a real command would.
    with capture(execute=True):
        call_command("load_demo_data", "--quiet-logins", stdout=out)
    return out.getvalue()


def test_load_demo_data_builds_the_demo_and_a_second_run_changes_nothing(
    root_page, django_capture_on_commit_callbacks
):
    region_by_code()  # regions come from a data migration; a transactional flush removes them
    assert not HomePage.objects.exists()
    assert not CoursePage.objects.exists()

    first = _load(django_capture_on_commit_callbacks)

    assert "Demo data: created" in first
    ru, kk = (
        Locale.objects.get(language_code="ru"),
        Locale.objects.get(language_code="kk"),
    )

    # The shell: a home page per language, and the default site serves the Russian one.
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert site.root_page.locale == ru
    # The Django site (allauth's e-mails name it) at the public address's host.
    django_site = DjangoSite.objects.get_current()
    assert (django_site.name, django_site.domain) == ("Birgemiz Academy", "testserver")
    assert {h.locale.language_code for h in HomePage.objects.live()} == {
        "ru",
        "kk",
        "en",
    }

    # The four programs, each with courses of three lessons or more.
    programs = ProgramPage.objects.live().filter(locale=ru)
    assert set(programs.values_list("slug", flat=True)) == PROGRAM_SLUGS
    courses = CoursePage.objects.live().filter(locale=ru)
    for program in programs:
        assert courses.child_of(program).exists(), program.slug
    for course in courses:
        lessons = LessonPage.objects.live().child_of(course).count()
        assert lessons >= 3, f"{course.slug} has {lessons} lessons"

    # The intro course in Kazakh: a translation of the Russian one, lessons included.
    intro_ru = courses.get(slug=INTRO_COURSE_SLUG)
    intro_kk = CoursePage.objects.live().get(
        locale=kk, translation_key=intro_ru.translation_key
    )
    assert intro_kk.title != intro_ru.title
    assert (
        LessonPage.objects.live().child_of(intro_kk).count()
        == LessonPage.objects.live().child_of(intro_ru).count()
    )

    # Every course ends with a final quiz of at least 8 questions of several kinds;
    # the intro course's quiz is also in Kazakh, its questions translated.
    for course in courses:
        quiz = QuizPage.objects.live().child_of(course).get()
        assert quiz.get_next_siblings().count() == 0, course.slug
        kinds = [link.question.kind for link in quiz.question_links.all()]
        assert len(kinds) >= 8 and len(set(kinds)) >= 3, course.slug
        # No demo quiz shows its answers while the same questions can be retaken.
        assert not quiz_review_gives_answers_away(quiz=quiz), course.slug
    quiz_ru = QuizPage.objects.live().child_of(intro_ru).get()
    quiz_kk = QuizPage.objects.live().get(
        locale=kk, translation_key=quiz_ru.translation_key
    )
    assert quiz_kk.get_parent().specific == intro_kk
    for link in quiz_ru.question_links.all():
        assert Question.objects.filter(
            locale=kk, translation_key=link.question.translation_key
        ).exists()
    # The Kazakh intro course, its lessons, quiz and questions are under
    # wagtail-localize, each string shown as translated in its editor, and no
    # translation is out of date.
    for target in (
        intro_kk,
        quiz_kk,
        *LessonPage.objects.child_of(intro_kk),
        *Question.objects.filter(
            locale=kk,
            translation_key__in=[
                link.question.translation_key for link in quiz_ru.question_links.all()
            ],
        ),
    ):
        translation = Translation.objects.get(
            source__object_id=target.translation_key, target_locale=kk
        )
        total, translated = translation.get_progress()
        assert total == translated > 0, target
    assert translations_out_of_date() == []
    # The volunteer passed the intro quiz; the leader's grant application awaits review.
    volunteer = User.objects.get(email="volunteer@demo.birgemiz.kz")
    assert QuizAttempt.objects.get(
        learner=volunteer, quiz_key=quiz_ru.translation_key
    ).passed
    assert Submission.objects.get(learner__email="leader@demo.birgemiz.kz").status == (
        Submission.Status.SUBMITTED
    )
    assert AssignmentPage.objects.live().filter(locale=ru).count() == 1

    # Each risk-zone course has a required code of conduct to sign, before its quiz.
    for course_slug in RISK_ZONES.values():
        course = courses.get(slug=course_slug)
        code = AcknowledgementPage.objects.live().child_of(course).get()
        assert code.slug == "code-of-conduct" and code.required, course_slug
        assert code.statement and "<h3>" in code.body, course_slug
        following = code.get_next_siblings().specific()
        assert [type(page) for page in following] == [QuizPage], course_slug

    # The Standard of volunteer support: version 2 changed a section and added one;
    # the demo staff member acknowledged version 1 only, so they see what changed.
    standard = StandardPage.objects.live().get(locale=ru)
    v1, v2 = StandardVersion.objects.filter(page=standard).order_by("number")
    diff = standard_diff(old=v1, new=v2)
    assert (len(diff.changed), len(diff.added), len(diff.removed)) == (1, 1, 0)
    assert list(
        StandardAcknowledgement.objects.filter(
            user__email="staff@demo.birgemiz.kz"
        ).values_list("version__number", flat=True)
    ) == [1]
    item = StandardAcknowledgementPage.objects.live().get(locale=ru)
    assert item.standard_id == standard.pk
    # In Kazakh: the Standard, a translation making no version of its own, and the
    # item in the Kazakh course, both counting towards the Russian versions.
    standard_kk = StandardPage.objects.live().get(locale=kk)
    assert standard_kk.translation_key == standard.translation_key
    assert standard_kk.title != standard.title
    assert [b.value["anchor"] for b in standard_kk.sections] == [
        s["anchor"] for s in v2.sections
    ]
    assert not StandardVersion.objects.filter(page=standard_kk).exists()
    item_kk = StandardAcknowledgementPage.objects.live().get(locale=kk)
    assert item_kk.translation_key == item.translation_key
    assert item_kk.get_parent().specific.locale == kk
    # The Standard's second course in Kazakh, every lesson and its quiz.
    rollout_ru = courses.get(slug="standard-rollout")
    rollout_kk = CoursePage.objects.live().get(
        locale=kk, translation_key=rollout_ru.translation_key
    )
    assert (
        LessonPage.objects.live().child_of(rollout_kk).count()
        == LessonPage.objects.live().child_of(rollout_ru).count()
    )
    assert QuizPage.objects.live().child_of(rollout_kk).exists()

    # Certificates: the default bilingual template, a rule per certified course (the
    # intro never expires, risk zones last two years, palliative care has a refresher
    # course), a clearance rule per risk zone.
    template = CertificateTemplate.objects.get(is_default=True)
    assert (template.primary_language, template.secondary_language) == ("kk", "ru")
    assert template.issuer_kk == "Ұлттық волонтерлік фронт-офис"
    assert template.issuer_ru == "Национальный волонтёрский фронт-офис"
    assert template.signatories.count() == 2
    rules = {
        rule.page.slug: rule
        for rule in CertificateRule.objects.select_related("page", "refresher_page")
    }
    assert rules[INTRO_COURSE_SLUG].validity_months is None
    for course_slug in RISK_ZONES.values():
        assert rules[course_slug].validity_months == 24, course_slug
    assert rules["palliative-care"].refresher_page.slug == REFRESHER_SLUG
    refresher = courses.get(slug=REFRESHER_SLUG)
    assert refresher.min_age == 18
    assert {c.required_course.slug for c in refresher.prerequisite_links.all()} == {
        "palliative-care"
    }
    assert "rfo-onboarding" in rules and "grant-applications" in rules
    clearances = {rule.slug: rule for rule in ClearanceRule.objects.all()}
    assert set(clearances) == set(RISK_ZONES)
    for slug, course_slug in RISK_ZONES.items():
        pages = [r.page.specific for r in clearances[slug].requirements.all()]
        assert [page.slug for page in pages] == [
            INTRO_COURSE_SLUG,
            course_slug,
            "code-of-conduct",
        ], slug
        assert pages[2].get_parent().slug == course_slug
    assert clearances["emergencies"].min_age == 18
    assert clearances["palliative-care"].min_age == 18

    # The demo volunteer completed the intro course: its certificate was issued (by
    # the completion event, once the run committed), with its PDF.
    certificate = Certificate.objects.get(learner=volunteer)
    assert certificate.target_key == intro_ru.translation_key
    assert certificate.rule == rules[INTRO_COURSE_SLUG]
    assert certificate.template == template
    assert certificate.expires_at is None and certificate.revoked_at is None
    assert certificate.title["kk"] == intro_kk.title
    assert certificate.pdf

    # One login per role, verified, with the documented password.
    for spec in USERS:
        user = User.objects.get(email=spec.email)
        assert user.is_active and user.check_password(DEMO_PASSWORD), spec.email
        assert EmailAddress.objects.filter(
            user=user, email=spec.email, verified=True, primary=True
        ).exists()
    demo_users = User.objects.filter(email__in=[spec.email for spec in USERS])
    held = set(
        Position.objects.filter(user__in=demo_users, end_date__isnull=True).values_list(
            "role", flat=True
        )
    )
    assert held == set(Role.values)

    # Almaty mid-handover: the coordinator left two weeks ago with her checklist
    # filled in; her successor, appointed then, is part-way through onboarding.
    handover = Handover.objects.get(leaver__email="left.almaty@demo.birgemiz.kz")
    assert handover.is_completed and handover.checklist_submitted_at
    assert handover.successor.email == "successor.almaty@demo.birgemiz.kz"
    assert handover.successor_position.start_date < timezone.localdate()
    assert handover.contacts.filter(contact_person__gt="").count() == 2
    assert handover.notes and handover.successor_read_at
    progress = onboarding_progress(user_ids=[handover.successor_id])[
        handover.successor_id
    ]
    assert 0 < progress.done < progress.total and progress.next_due
    assert not duties_without_holder().exists()

    # Every region's onboarding target, set by the national admin, with its trend.
    targets = Target.objects.filter(
        target_key=programs.get(slug="rfo-onboarding").translation_key
    )
    assert targets.count() == 20
    assert set(targets.values_list("created_by__email", flat=True)) == {
        "admin@demo.birgemiz.kz"
    }
    assert TargetSnapshot.objects.filter(target__in=targets).count() == 20 * 9
    # Every region's front office has staff in onboarding; half the regions have one
    # of them through, weeks ago, so the figures and their trend differ by region.
    actuals = target_actuals(targets=list(targets))
    assert all(assigned >= 3 for assigned, _completed in actuals.values())
    assert sum(1 for _assigned, completed in actuals.values() if completed) >= 10
    past = TargetSnapshot.objects.filter(
        target__in=targets, day__lt=timezone.localdate(), completed__gt=0
    )
    assert past.exists()

    # The second run: every table and every page's revisions exactly as they were.
    counts, revisions, pages = _row_counts(), Revision.objects.count(), _page_state()

    second = _load(django_capture_on_commit_callbacks)

    assert "Demo data: already loaded, nothing changed." in second
    assert Revision.objects.count() == revisions
    after = _row_counts()
    assert {
        label: (n, after[label]) for label, n in counts.items() if after[label] != n
    } == {}
    assert _page_state() == pages
