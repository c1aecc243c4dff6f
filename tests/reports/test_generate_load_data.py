"""generate_load_data at a tiny scale (--scale 0.001: 120 learners): counts, regions,
constraints, a second run, --delete, the safety checks."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from assessments.models import QuizAttempt
from certificates.codes import code_normalize
from certificates.models import Certificate
from courses import services as course_services
from courses.models import Assignment, Enrolment, ItemProgress
from people.models import Organization, Position, Region, User
from people.roles import Role
from reports.loaddata import LOAD_DOMAIN, ORG_PREFIX, generated_users
from reports.management.commands import generate_load_data
from tests.factories import CertificateRuleFactory, QuizFactory, course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def curriculum(program_page):
    """Two courses: one of 3 lessons and a quiz with a certificate rule, one of 2
    lessons without."""
    certified, lessons = course_with_lessons(program_page, 3)
    quiz = QuizFactory(parent=certified)
    CertificateRuleFactory(page=certified, validity_months=12)
    plain, plain_lessons = course_with_lessons(program_page, 2)
    return {
        "certified": certified,
        "plain": plain,
        "items": {
            certified.translation_key: {p.translation_key for p in [*lessons, quiz]},
            plain.translation_key: {p.translation_key for p in plain_lessons},
        },
        "quiz": quiz,
    }


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_load_data", stdout=out, **{"force": True, **options})
    return out.getvalue()


def test_tiny_scale_makes_the_counts_the_scale_says_over_every_region(curriculum):
    output = generate(scale=0.001, seed=3)

    learners = generated_users()
    assert learners.count() == 120
    per_region = dict(
        learners.values_list("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    assert set(per_region) == set(Region.objects.values_list("pk", flat=True))
    assert len(per_region) == 20
    # 3 organisations and 1 NGO per region at this scale.
    assert Organization.objects.filter(name__startswith=ORG_PREFIX).count() == 80
    assert (
        Position.objects.filter(role=Role.REGIONAL_ADMIN, user__in=learners).count()
        == 20
    )
    enrolments = Enrolment.objects.filter(learner__in=learners)
    assert 120 <= enrolments.count() <= 240
    progress = ItemProgress.objects.filter(enrolment__learner__in=learners)
    assert enrolments.count() < progress.count() <= enrolments.count() * 4
    assert QuizAttempt.objects.filter(learner__in=learners).count() > 0
    assert Certificate.objects.filter(learner__in=learners).count() > 0
    assert 20 <= Assignment.objects.filter(learner__in=learners).count() <= 80
    assert "learners: 120 in" in output
    assert "done in" in output


def test_generated_rows_satisfy_the_models_rules(curriculum):
    generate(scale=0.001, seed=3)
    learners = generated_users()
    items = curriculum["items"]

    assert not learners.filter(password__regex=r"^[^!]").exists()  # unusable passwords
    assert not User.objects.get(
        email=f"learner000000@{LOAD_DOMAIN}"
    ).has_usable_password()
    for enrolment in Enrolment.objects.filter(learner__in=learners):
        done = set(enrolment.item_progress.values_list("item_key", flat=True))
        assert done <= items[enrolment.course_key]
        assert (enrolment.status == "completed") == (
            done == items[enrolment.course_key]
        )
    certificates = Certificate.objects.filter(learner__in=learners)
    # Only the certified course issues them; numbers unique and well formed.
    assert set(certificates.values_list("target_key", flat=True)) == {
        curriculum["certified"].translation_key
    }
    codes = list(certificates.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(code_normalize(code) == code for code in codes)
    assert all(c.expires_at is not None for c in certificates)
    for attempt in QuizAttempt.objects.filter(learner__in=learners):
        assert attempt.quiz_key == curriculum["quiz"].translation_key
        assert attempt.status == "submitted" and attempt.passed is not None
        assert attempt.passed == (attempt.percent >= attempt.pass_mark)
    # Some assignments are overdue: past due and the course not completed.
    today = timezone.localdate()
    overdue = [
        a
        for a in Assignment.objects.filter(learner__in=learners, due_date__lt=today)
        if not Enrolment.objects.filter(
            learner=a.learner_id, course_key=a.target_key, status="completed"
        ).exists()
    ]
    assert overdue


def test_the_same_seed_makes_the_same_data(curriculum):
    def snapshot():
        return (
            list(generated_users().order_by("email").values_list("email", "region")),
            sorted(
                Enrolment.objects.filter(learner__in=generated_users()).values_list(
                    "learner__email", "course_key", "status"
                )
            ),
        )

    generate(scale=0.001, seed=5)
    first = snapshot()
    generate(delete=True)
    generate(scale=0.001, seed=5)
    assert snapshot() == first


def test_a_second_run_refuses_and_adds_nothing(curriculum):
    generate(scale=0.001)
    counts = (generated_users().count(), Enrolment.objects.count())

    with pytest.raises(CommandError, match="already there"):
        generate(scale=0.001)

    assert (generated_users().count(), Enrolment.objects.count()) == counts


def test_delete_removes_the_generated_data_and_only_it(
    curriculum, learner, regional_office
):
    course = curriculum["plain"]
    enrolment = course_services.enrolment_create(learner=learner, course=course)
    generate(scale=0.001)

    output = generate(delete=True)

    assert not generated_users().exists()
    assert not Organization.objects.filter(name__startswith=ORG_PREFIX).exists()
    assert list(Enrolment.objects.all()) == [enrolment]
    assert User.objects.filter(pk=learner.pk).exists()
    assert Organization.objects.filter(pk=regional_office.pk).exists()
    assert not Certificate.objects.exists() and not QuizAttempt.objects.exists()
    assert "learners: 120 deleted" in output


def test_refuses_with_debug_off_unless_forced(curriculum, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_load_data", scale=0.001, stdout=io.StringIO())
    assert not generated_users().exists()


def test_refuses_on_a_database_with_real_people_unless_forced(
    curriculum, settings, learner, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.setattr(generate_load_data, "REAL_USERS_MAX", 0)
    with pytest.raises(CommandError, match="real users"):
        call_command("generate_load_data", scale=0.001, stdout=io.StringIO())
    assert not generated_users().exists()


def test_refuses_without_a_curriculum(db):
    with pytest.raises(CommandError, match="load_demo_data"):
        generate(scale=0.001)
    assert not generated_users().exists()
