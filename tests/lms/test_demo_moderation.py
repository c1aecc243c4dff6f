"""The demo has moderators: a page another editor submits to Wagtail's approval
workflow is approved by the demo national admin / editor (with the demo loaded, as
`make run` leaves it)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from courses.models import LessonPage
from people.models import Position, User
from people.roles import Role
from people.services import position_start
from tests.factories import UserFactory, region_by_code

pytestmark = pytest.mark.django_db

NATIONAL_ADMIN = "admin@demo.birgemiz.kz"


def test_the_demo_national_admin_approves_a_page_another_editor_submitted(
    root_page, client, django_capture_on_commit_callbacks
):
    region_by_code()  # regions come from a data migration; a transactional flush removes them
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--quiet-logins", stdout=StringIO())
    admin = User.objects.get(email=NATIONAL_ADMIN)
    national = Position.objects.get(user=admin, role=Role.NATIONAL_ADMIN).organization
    editor = UserFactory(email="editor@demo.birgemiz.kz")
    position_start(user=editor, organization=national, role=Role.EDITOR)
    # The other editor changes a lesson and submits it for moderation.
    lesson = LessonPage.objects.live().filter(locale__language_code="ru").first()
    published_title = lesson.title
    lesson.title = f"{published_title} (исправлено)"
    lesson.save_revision(user=editor)
    assert lesson.permissions_for_user(editor).can_submit_for_moderation()
    lesson.get_workflow().start(lesson, editor)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    client.force_login(admin)

    # The national admin is asked to review it, and may.
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert lesson.title in dashboard.content.decode()
    approved = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(lesson.pk, "approve", task_state.pk),
        ),
        {"comment": ""},
    )

    assert approved.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == admin
    assert WorkflowState.objects.get(pk=task_state.workflow_state_id).status == (
        WorkflowState.STATUS_APPROVED
    )
    lesson.refresh_from_db()
    assert lesson.live and lesson.title == f"{published_title} (исправлено)"
