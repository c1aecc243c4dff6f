"""Privacy and scope: learners see their own records, regional admins their region's."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Assignment
from tests.factories import UserFactory

from .helpers import messages_of, page_text, progress_text, ru

pytestmark = pytest.mark.django_db

LEARNERS = "/ru/manage/learners/"


@pytest.fixture
def learner_x(region):
    return UserFactory(region=region, full_name="Айгерим Сапарова")


@pytest.fixture
def learner_y(other_region):
    return UserFactory(region=other_region, full_name="Болат Нурланов")


def assign_data(target, due: datetime.date | None = None) -> dict:
    due = due or timezone.localdate() + datetime.timedelta(days=30)
    return {"target": str(target.pk), "due_date": due.isoformat()}


# Enrolment detail
# ------------------------------------------------------------------------------


def test_enrolment_detail_shows_the_learner_their_own_progress(
    enrolled_client, enrolment, course, lessons
):
    services.item_complete(enrolment=enrolment, item=lessons[0])

    response = enrolled_client.get(f"/ru/my/enrolments/{enrolment.pk}/")

    assert response.status_code == 200
    assert response.context["course"].pk == course.pk
    assert progress_text(1, 3) in page_text(response)


def test_enrolment_detail_of_another_learner_is_404(
    learner_client, other_learner, course
):
    theirs = services.enrolment_create(learner=other_learner, course=course)

    response = learner_client.get(f"/ru/my/enrolments/{theirs.pk}/")

    assert response.status_code == 404


def test_enrolment_detail_is_visible_to_the_regional_admin_of_the_learners_region(
    regional_admin_client, learner_x, course
):
    enrolment = services.enrolment_create(learner=learner_x, course=course)

    response = regional_admin_client.get(f"/ru/my/enrolments/{enrolment.pk}/")

    assert response.status_code == 200
    assert course.title in page_text(response)
    assert progress_text(0, 3) in page_text(response)


def test_enrolment_detail_of_another_region_is_404_for_a_regional_admin(
    regional_admin_client, learner_y, course
):
    enrolment = services.enrolment_create(learner=learner_y, course=course)

    assert (
        regional_admin_client.get(f"/ru/my/enrolments/{enrolment.pk}/").status_code
        == 404
    )


# Learner lists
# ------------------------------------------------------------------------------


def test_learner_list_of_a_regional_admin_has_their_region_only(
    regional_admin_client, regional_admin, learner_x, learner_y
):
    response = regional_admin_client.get(LEARNERS)

    assert response.status_code == 200
    shown = {user.pk for user in response.context["page"]}
    assert shown == {learner_x.pk, regional_admin.pk}
    html = page_text(response)
    assert "Айгерим Сапарова" in html
    assert "Болат Нурланов" not in html


def test_learner_list_search_stays_within_the_region(
    regional_admin_client, learner_x, learner_y
):
    response = regional_admin_client.get(LEARNERS, {"q": "example.kz"})

    assert learner_y.pk not in {user.pk for user in response.context["page"]}
    assert learner_x.pk in {user.pk for user in response.context["page"]}


def test_learner_list_is_forbidden_for_a_learner(learner_client):
    assert learner_client.get(LEARNERS).status_code == 403


def test_learner_list_sends_anonymous_visitors_to_login(client):
    response = client.get(LEARNERS)

    assert response.status_code == 302
    assert response.url.startswith("/ru/accounts/login/")


def test_learner_detail_in_region_is_shown_to_the_regional_admin(
    regional_admin_client, learner_x
):
    response = regional_admin_client.get(f"{LEARNERS}{learner_x.pk}/")

    assert response.status_code == 200
    assert response.context["learner"].pk == learner_x.pk
    assert response.context["can_assign"] is True


def test_learner_detail_of_another_region_is_404_for_a_regional_admin(
    regional_admin_client, learner_y
):
    assert regional_admin_client.get(f"{LEARNERS}{learner_y.pk}/").status_code == 404


def test_learner_detail_is_forbidden_for_a_learner(learner_client, other_learner):
    assert learner_client.get(f"{LEARNERS}{other_learner.pk}/").status_code == 403


# Assigning
# ------------------------------------------------------------------------------


def test_assign_creates_one_assignment_with_an_audit_entry(
    regional_admin_client, regional_admin, learner_x, course
):
    due = timezone.localdate() + datetime.timedelta(days=21)

    response = regional_admin_client.post(
        f"{LEARNERS}{learner_x.pk}/assign/", assign_data(course, due)
    )

    assert response.status_code == 302
    assert response.url == f"{LEARNERS}{learner_x.pk}/"
    assignment = Assignment.objects.get()
    assert assignment.learner == learner_x
    assert assignment.target_kind == Assignment.TargetKind.COURSE
    assert assignment.target_key == course.translation_key
    assert assignment.due_date == due
    assert assignment.assigned_by == regional_admin
    entry = ModelLogEntry.objects.get(action="courses.assign")
    assert entry.user_id == regional_admin.pk
    assert entry.content_type == ContentType.objects.get_for_model(Assignment)
    assert entry.object_id == str(assignment.pk)
    assert entry.data == {
        "learner": learner_x.pk,
        "target": str(course.translation_key),
        "enrolled": str(course.translation_key),  # nothing kept them from starting
        "unmet_confirmed": False,
        "region_id": learner_x.region_id,
    }


def test_assign_posted_twice_keeps_one_assignment_and_one_audit_entry(
    regional_admin_client, learner_x, course
):
    url = f"{LEARNERS}{learner_x.pk}/assign/"
    regional_admin_client.post(url, assign_data(course))

    response = regional_admin_client.post(url, assign_data(course))

    assert Assignment.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="courses.assign").count() == 1
    assert messages_of(response)[-1] == ru(
        "This was already assigned; nothing changed."
    )


def test_assign_a_program(regional_admin_client, learner_x, program_page):
    regional_admin_client.post(
        f"{LEARNERS}{learner_x.pk}/assign/", assign_data(program_page)
    )

    assignment = Assignment.objects.get()
    assert assignment.target_kind == Assignment.TargetKind.PROGRAM
    assert assignment.target_key == program_page.translation_key


def test_assign_out_of_scope_is_404_and_creates_nothing(
    regional_admin_client, learner_y, course
):
    response = regional_admin_client.post(
        f"{LEARNERS}{learner_y.pk}/assign/", assign_data(course)
    )

    assert response.status_code == 404
    assert not Assignment.objects.exists()
    assert not ModelLogEntry.objects.filter(action="courses.assign").exists()


def test_assign_is_forbidden_for_a_learner(learner_client, other_learner, course):
    response = learner_client.post(
        f"{LEARNERS}{other_learner.pk}/assign/", assign_data(course)
    )

    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_assign_get_is_method_not_allowed(regional_admin_client, learner_x):
    assert (
        regional_admin_client.get(f"{LEARNERS}{learner_x.pk}/assign/").status_code
        == 405
    )


def test_assign_with_a_past_due_date_redisplays_the_form_with_the_error(
    regional_admin_client, learner_x, course
):
    past = timezone.localdate() - datetime.timedelta(days=1)

    response = regional_admin_client.post(
        f"{LEARNERS}{learner_x.pk}/assign/", assign_data(course, past)
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "due_date": [ru("The due date cannot be in the past.")]
    }
    assert not Assignment.objects.exists()


def test_assignment_create_by_an_admin_out_of_scope_is_refused(
    regional_admin, learner_y, course
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.assignment_create(
            learner=learner_y, target=course, due_date=None, assigned_by=regional_admin
        )
    assert not Assignment.objects.exists()
