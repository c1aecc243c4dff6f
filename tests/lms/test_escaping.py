"""Editor- and learner-written text is escaped on every page it reaches.

One world where every such field holds markup (a script and an image with an event
handler), and a sweep over the pages of learners, mentors, admins and the public that
show it: each page shows the markup as text and never as a tag. Rich-text fields are
rendered through Wagtail's richtext filter, which keeps only what its editor allows,
and are not part of the sweep."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from assessments.models import QuizPage
from assessments.services import assignments as assignment_services
from assessments.services import quizzes as quiz_services
from certificates import services as certificate_services
from certificates.models import ClearanceRequirement, ClearanceRule
from courses import services as course_services
from people.roles import Role
from people.services import user_profile_update
from tests.assessments.helpers import answer_everything
from tests.factories import (
    AssignmentPageFactory,
    CertificateRuleFactory,
    CertificateTemplateFactory,
    CourseFactory,
    LessonFactory,
    OrganizationFactory,
    QuestionCategoryFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    staff_member,
)
from tests.factories.assessments import _stream

pytestmark = pytest.mark.django_db


def markup(field: str) -> str:
    """What a malicious or careless author types into `field`."""
    return f"<script>alert('{field}')</script><img src=x onerror=alert('{field}')>"


@pytest.fixture
def world(program_page, region, other_region):
    """Every editor- or learner-written text that reaches a page holds markup."""
    other_region.name_ru = markup("region-name")
    other_region.save(update_fields=["name_ru"])
    admin = staff_member(
        Role.REGIONAL_ADMIN,
        organization=OrganizationFactory(
            region=region, name=markup("organisation-name")
        ),
        full_name=markup("admin-name"),
    )
    learner = UserFactory(region=other_region, full_name=markup("learner-name"))
    # The learner moves into the admin's region (the move is on the admin's page).
    user_profile_update(
        user=learner,
        full_name=learner.full_name,
        region=region,
        organization_kind=learner.organization_kind,
        date_of_birth=learner.date_of_birth,
        preferred_language="ru",
    )

    course = CourseFactory(
        parent=program_page, slug="course", title=markup("course-title")
    )
    LessonFactory(parent=course, title=markup("lesson-title"))
    category = QuestionCategoryFactory()
    question = QuestionFactory(
        category=category,
        text=markup("question-text"),
        explanation=markup("question-explanation"),
        choices=_stream(
            "choice",
            [
                {
                    "text": markup("choice-right"),
                    "correct": True,
                    "feedback": markup("feedback-right"),
                },
                {
                    "text": markup("choice-wrong"),
                    "correct": False,
                    "feedback": markup("feedback-wrong"),
                },
            ],
        ),
    )
    # Explanations are shown with the correct answers only.
    quiz = QuizFactory(
        parent=course,
        questions=[question],
        slug="quiz",
        title=markup("quiz-title"),
        review=QuizPage.Review.CORRECT,
    )
    assignment = AssignmentPageFactory(
        parent=course,
        slug="assignment",
        title=markup("assignment-title"),
        allowed_extensions=f"pdf,{markup('extensions')}",
        rubric=_stream(
            "criterion",
            [
                {
                    "title": markup("criterion-title"),
                    "description": markup("criterion-description"),
                    "levels": [
                        {
                            "label": markup("level-label"),
                            "points": 0,
                            "description": markup("level-description"),
                        },
                        {"label": "Да", "points": 2, "description": ""},
                    ],
                }
            ],
        ),
    )
    course.refresh_from_db()

    enrolment = course_services.enrolment_create(learner=learner, course=course)
    # A learner yet to submit sees the submission form (its help text names the
    # accepted file types).
    newcomer = UserFactory(region=region)
    course_services.enrolment_create(learner=newcomer, course=course)
    attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)
    open_attempt_url = f"{quiz.url}attempt/{attempt.pk}/"
    answer_everything(attempt, right=False)
    quiz_services.quiz_attempt_submit(attempt=attempt, closed_by="learner")
    submission = assignment_services.submission_create(
        learner=learner,
        assignment=assignment,
        text=markup("submission-text"),
        files=[],
    )
    second_attempt = quiz_services.quiz_attempt_start(learner=learner, quiz=quiz)

    template = CertificateTemplateFactory(
        is_default=True, issuer_ru=markup("certificate-issuer")
    )
    rule = CertificateRuleFactory(page=course, template=template)
    certificate, _created = certificate_services.certificate_issue(
        learner=learner, rule=rule, completed_at=timezone.now()
    )
    zone = ClearanceRule.objects.create(
        slug="zone",
        name_kk="Аймақ",
        name_ru=markup("clearance-name"),
        name_en="Zone",
        sort_order=1,
    )
    ClearanceRequirement.objects.create(rule=zone, page=course)
    revoked, _created = certificate_services.certificate_issue(
        learner=UserFactory(region=region, full_name=markup("revoked-holder")),
        rule=rule,
        completed_at=timezone.now(),
    )
    certificate_services.certificate_revoke(
        certificate=revoked, by=admin, reason=markup("revocation-reason")
    )
    return {
        "learner": learner,
        "newcomer": newcomer,
        "admin": admin,
        "enrolment": enrolment,
        "urls": {
            "assignment": assignment.url,
            "review": f"/ru/manage/reviews/{submission.pk}/",
            "review_queue": "/ru/manage/reviews/",
            "quiz_attempt": f"{quiz.url}attempt/{second_attempt.pk}/",
            "quiz_result": f"{open_attempt_url}result/",
            "course": course.url,
            "my_learning": "/ru/my/",
            "my_certificates": "/ru/certificates/",
            "profile": "/ru/profile/",
            "verify": f"/ru/verify/{certificate.code}/",
            "verify_revoked": f"/ru/verify/{revoked.code}/",
            "manage_certificates": "/ru/manage/certificates/",
            "manage_certificate": f"/ru/manage/certificates/{revoked.pk}/",
            "learner_list": "/ru/manage/learners/",
            "learner_detail": f"/ru/manage/learners/{learner.pk}/",
        },
    }


# (page, who looks, the fields whose markup the page shows)
PAGES = [
    (
        "assignment",
        "newcomer",
        [
            "assignment-title",
            "extensions",
            "criterion-title",
            "criterion-description",
            "level-label",
            "level-description",
        ],
    ),
    (
        "review",
        "admin",
        [
            "learner-name",
            "assignment-title",
            "submission-text",
            "criterion-title",
            "criterion-description",
            "level-label",
            "level-description",
        ],
    ),
    ("review_queue", "admin", ["learner-name", "assignment-title"]),
    ("quiz_attempt", "learner", ["quiz-title", "question-text", "choice-wrong"]),
    (
        "quiz_result",
        "learner",
        ["question-text", "choice-wrong", "feedback-wrong", "question-explanation"],
    ),
    ("course", "learner", ["course-title", "lesson-title", "quiz-title"]),
    ("my_learning", "learner", ["course-title", "clearance-name"]),
    ("my_certificates", "learner", ["course-title", "clearance-name"]),
    ("profile", "learner", ["learner-name"]),
    ("profile", "admin", ["admin-name", "organisation-name"]),
    ("verify", None, ["course-title", "certificate-issuer", "clearance-name"]),
    ("verify_revoked", None, ["course-title", "certificate-issuer"]),
    ("manage_certificates", "admin", ["learner-name", "revoked-holder"]),
    (
        "manage_certificate",
        "admin",
        ["revoked-holder", "revocation-reason", "course-title", "admin-name"],
    ),
    ("learner_list", "admin", ["learner-name"]),
    ("learner_detail", "admin", ["learner-name", "region-name", "course-title"]),
]


@pytest.mark.parametrize(
    ("page", "who", "fields"),
    PAGES,
    ids=[f"{page}-{who or 'public'}" for page, who, _fields in PAGES],
)
def test_markup_in_written_fields_is_shown_escaped(client, world, page, who, fields):
    if who:
        client.force_login(world[who])

    response = client.get(world["urls"][page])

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    for field in fields:
        assert escape(markup(field)) in html, field
