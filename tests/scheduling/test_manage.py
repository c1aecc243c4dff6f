"""The admins' and trainers' session pages: scope (a regional admin of another
region gets 404, a trainer sees only their sessions, read-only), the list's filters
and query count, creating and editing with days, status changes and cancelling with
a reason, the registrations with approval and refusal, and registering a person."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scheduling.models import (
    Registration,
    RegistrationStatus,
    SessionKind,
    SessionStatus,
    TrainingSession,
)
from scheduling.services import session_register
from tests.courses.helpers import ru, ru_plural
from tests.factories import CourseFactory, TrainingSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def manage(name, *args):
    return reverse(f"scheduling_manage:{name}", args=args)


@pytest.fixture
def admin_client(client, regional_admin):
    client.force_login(regional_admin)
    return client


def test_menu_shows_sessions_to_admins_and_not_to_learners(
    admin_client, learner, home_page, client
):
    content = admin_client.get(manage("session_list")).content.decode()
    assert f'href="{manage("session_list")}"' in content
    client.force_login(learner)
    content = client.get(reverse("courses:my_learning")).content.decode()
    assert f'href="{manage("session_list")}"' not in content


def test_learner_gets_404(learner_client, home_page):
    assert learner_client.get(manage("session_list")).status_code == 404


def test_regional_admin_lists_own_region_only(
    admin_client, region, other_region, home_page
):
    TrainingSessionFactory(region=region, title_ru="Своя сессия")
    TrainingSessionFactory(region=other_region, title_ru="Чужая сессия")
    TrainingSessionFactory(region=None, title_ru="Национальная сессия")
    content = admin_client.get(manage("session_list")).content.decode()
    assert "Своя сессия" in content
    assert "Чужая сессия" not in content and "Национальная сессия" not in content


def test_national_admin_lists_every_session(
    national_admin_client, region, other_region, home_page
):
    TrainingSessionFactory(region=region, title_ru="Своя сессия")
    TrainingSessionFactory(region=other_region, title_ru="Чужая сессия")
    content = national_admin_client.get(manage("session_list")).content.decode()
    assert "Своя сессия" in content and "Чужая сессия" in content


def test_regional_admin_of_another_region_gets_404_on_every_page(
    client, other_regional_admin, open_session, staff, home_page
):
    registration = session_register(session=open_session, person=staff, by=staff)
    client.force_login(other_regional_admin)
    assert client.get(manage("detail", open_session.pk)).status_code == 404
    assert client.get(manage("edit", open_session.pk)).status_code == 404
    for name, pk in [
        ("status", open_session.pk),
        ("cancel", open_session.pk),
        ("register", open_session.pk),
        ("registration_cancel", registration.pk),
        ("registration_approve", registration.pk),
        ("registration_refuse", registration.pk),
    ]:
        response = client.post(manage(name, pk), {"status": "held", "reason": "x"})
        assert response.status_code == 404, name
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_trainer_sees_only_own_sessions_read_only(
    client, trainer, open_session, region, staff, home_page
):
    TrainingSessionFactory(region=region, title_ru="Без этого тренера")
    session_register(session=open_session, person=staff, by=staff)
    client.force_login(trainer)
    content = client.get(manage("session_list")).content.decode()
    assert open_session.title in content
    assert "Без этого тренера" not in content
    content = client.get(manage("detail", open_session.pk)).content.decode()
    assert staff.email in content
    assert manage("edit", open_session.pk) not in content
    assert "registration_cancel" not in content and "/cancel/" not in content
    assert client.get(manage("edit", open_session.pk)).status_code == 404
    response = client.post(manage("status", open_session.pk), {"status": "closed"})
    assert response.status_code == 404


def test_list_filters_by_kind_status_and_period(admin_client, region, home_page):
    TrainingSessionFactory(region=region, title_ru="Интенсив-открыт")
    TrainingSessionFactory(
        region=region,
        title_ru="Встреча-черновик",
        kind=SessionKind.ONLINE,
        status="draft",
    )
    TrainingSessionFactory(
        region=region,
        title_ru="Прошедший",
        days=[timezone.localdate() - datetime.timedelta(days=30)],
        status="held",
    )
    content = admin_client.get(
        manage("session_list"), {"kind": "online"}
    ).content.decode()
    assert "Встреча-черновик" in content and "Интенсив-открыт" not in content
    content = admin_client.get(
        manage("session_list"), {"status": "open"}
    ).content.decode()
    assert "Интенсив-открыт" in content and "Встреча-черновик" not in content
    content = admin_client.get(manage("session_list")).content.decode()
    assert "Прошедший" not in content
    content = admin_client.get(
        manage("session_list"), {"period": "past"}
    ).content.decode()
    assert "Прошедший" in content and "Интенсив-открыт" not in content


def test_list_query_count_does_not_grow_with_sessions(admin_client, region, home_page):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(manage("session_list")).status_code == 200
        return len(queries)

    for _ in range(2):
        TrainingSessionFactory(region=region)
    count()
    few = count()
    for _ in range(18):
        TrainingSessionFactory(region=region)
    assert count() == few


def day_rows(*days, start="10:00", end="17:00", total=3):
    data = {
        "days-TOTAL_FORMS": str(total),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "1",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, day in enumerate(days):
        data[f"days-{i}-date"] = day.isoformat()
        data[f"days-{i}-starts"] = start
        data[f"days-{i}-ends"] = end
    return data


def session_data(region, **extra):
    return {
        "kind": "intensive",
        "title_ru": "Весенний интенсив",
        "region": str(region.pk),
        "venue": "Алматы, ул. Абая, 1",
        "capacity": "20",
        "waitlist": "on",
        **extra,
    }


def test_create_a_session_with_its_days(admin_client, region, trainer, home_page):
    first = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        **session_data(region, trainers=[str(trainer.pk)]),
        **day_rows(first, first + datetime.timedelta(days=1)),
    }
    response = admin_client.post(manage("create"), data)
    session = TrainingSession.objects.get(title_ru="Весенний интенсив")
    assert response.status_code == 302
    assert response["Location"] == manage("detail", session.pk)
    assert session.status == SessionStatus.DRAFT
    assert session.region == region
    assert [d.date for d in session.days.all()] == [
        first,
        first + datetime.timedelta(days=1),
    ]
    assert timezone.localtime(session.starts_at).hour == 10
    assert list(session.trainers.all()) == [trainer]


def test_create_with_bad_days_redisplays_with_messages(admin_client, region, home_page):
    first = timezone.localdate() + datetime.timedelta(days=30)
    data = {**session_data(region), **day_rows(first, start="17:00", end="10:00")}
    response = admin_client.post(manage("create"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert ru("A day must end after it starts.") in content
    assert "Весенний интенсив" in content  # nothing typed is lost
    assert "message--error" in content
    assert not TrainingSession.objects.exists()


def test_create_without_days_is_refused(admin_client, region, home_page):
    response = admin_client.post(
        manage("create"), {**session_data(region), **day_rows()}
    )
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_regional_admin_cannot_create_for_another_region(
    admin_client, other_region, region, home_page
):
    first = timezone.localdate() + datetime.timedelta(days=30)
    data = {**session_data(other_region), **day_rows(first)}
    response = admin_client.post(manage("create"), data)
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_edit_changes_days_and_title(admin_client, open_session, home_page):
    new_day = timezone.localdate() + datetime.timedelta(days=40)
    response = admin_client.get(manage("edit", open_session.pk))
    assert response.status_code == 200
    data = {
        **session_data(open_session.region, title_ru="Новое название", capacity="10"),
        **day_rows(new_day, start="09:00", end="13:00"),
    }
    response = admin_client.post(manage("edit", open_session.pk), data)
    assert response.status_code == 302
    open_session.refresh_from_db()
    assert open_session.title_ru == "Новое название"
    assert [d.date for d in open_session.days.all()] == [new_day]
    assert open_session.sequence == 1


def test_open_close_and_cancel_with_reason(admin_client, region, home_page):
    session = TrainingSessionFactory(region=region, status="draft")
    admin_client.post(manage("status", session.pk), {"status": "open"})
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    response = admin_client.post(manage("cancel", session.pk), {"reason": ""})
    assert response.status_code == 400
    assert ru("Give the reason for cancelling.") in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    admin_client.post(manage("cancel", session.pk), {"reason": "Карантин"})
    session.refresh_from_db()
    assert (session.status, session.cancelled_reason) == ("cancelled", "Карантин")


def test_mark_held_before_the_start_is_refused_with_a_message(
    admin_client, open_session, home_page
):
    response = admin_client.post(
        manage("status", open_session.pk), {"status": "held"}, follow=True
    )
    assert "message--error" in response.content.decode()
    open_session.refresh_from_db()
    assert open_session.status == SessionStatus.OPEN


def test_registrations_page_lists_seats_waitlist_in_order_and_requests(
    admin_client, regional_office, region, home_page
):
    from people.roles import Role
    from tests.factories import staff_member

    session = TrainingSessionFactory(region=region, capacity=1)
    people = [staff_member(Role.STAFF, organization=regional_office) for _ in range(3)]
    for person in people:
        session_register(session=session, person=person, by=person)
    content = admin_client.get(manage("detail", session.pk)).content.decode()
    positions = [content.index(person.email) for person in people]
    assert positions == sorted(positions)
    assert ru_plural(
        "Waitlist (%(counter)s)", "Waitlist (%(counter)s)", 2, counter=2
    ) in (content)


def test_approve_and_refuse_requests(
    admin_client, staff, other_staff, region, home_page
):
    session = TrainingSessionFactory(region=region, approval_required=True)
    first = session_register(session=session, person=staff, by=staff)
    second = session_register(session=session, person=other_staff, by=other_staff)
    admin_client.post(manage("registration_approve", first.pk))
    first.refresh_from_db()
    assert first.status == RegistrationStatus.REGISTERED
    response = admin_client.post(
        manage("registration_refuse", second.pk), {"reason": ""}, follow=True
    )
    assert "message--error" in response.content.decode()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.PENDING
    admin_client.post(
        manage("registration_refuse", second.pk), {"reason": "Не ваш профиль"}
    )
    second.refresh_from_db()
    assert (second.status, second.reason) == ("refused", "Не ваш профиль")


def test_admin_cancel_promotes_the_waitlist(
    admin_client, staff, other_staff, region, home_page
):
    session = TrainingSessionFactory(region=region, capacity=1)
    first = session_register(session=session, person=staff, by=staff)
    second = session_register(session=session, person=other_staff, by=other_staff)
    admin_client.post(manage("registration_cancel", first.pk))
    second.refresh_from_db()
    assert second.status == RegistrationStatus.REGISTERED


def test_admin_finds_and_registers_a_person_in_scope(
    admin_client, open_session, region, other_region, home_page
):
    person = UserFactory(
        region=region, full_name="Дана Искакова", email="dana@example.kz"
    )
    UserFactory(region=other_region, full_name="Дана Чужая", email="dana2@example.kz")
    content = admin_client.get(
        manage("detail", open_session.pk), {"q": "Дана"}
    ).content.decode()
    assert "dana@example.kz" in content and "dana2@example.kz" not in content
    admin_client.post(manage("register", open_session.pk), {"person": person.pk})
    assert Registration.objects.get(session=open_session, person=person).status == (
        RegistrationStatus.REGISTERED
    )


def test_admin_cannot_register_a_person_out_of_scope(
    admin_client, open_session, other_region_learner, home_page
):
    response = admin_client.post(
        manage("register", open_session.pk),
        {"person": other_region_learner.pk},
        follow=True,
    )
    assert "message--error" in response.content.decode()
    assert not Registration.objects.filter(person=other_region_learner).exists()


def test_detail_query_count_does_not_grow_with_registrations(
    admin_client, regional_office, open_session, home_page
):
    from people.roles import Role
    from tests.factories import staff_member

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                admin_client.get(manage("detail", open_session.pk)).status_code == 200
            )
        return len(queries)

    def add(n):
        for _ in range(n):
            person = staff_member(Role.STAFF, organization=regional_office)
            session_register(session=open_session, person=person, by=person)

    add(2)
    count()
    few = count()
    add(18)
    count()
    assert count() == few


def test_a_session_belongs_to_a_live_course_chosen_by_its_title(
    admin_client, region, program_page
):
    course = CourseFactory(parent=program_page, title="Первая помощь")
    first = timezone.localdate() + datetime.timedelta(days=30)
    form = admin_client.get(manage("create")).content.decode()
    assert f'value="{course.translation_key}"' in form
    assert course.title in form
    data = {
        **session_data(region, course_key=str(course.translation_key)),
        **day_rows(first),
    }
    response = admin_client.post(manage("create"), data)
    assert response.status_code == 302
    session = TrainingSession.objects.get(title_ru="Весенний интенсив")
    assert session.course_key == course.translation_key
    edit = admin_client.get(manage("edit", session.pk)).content.decode()
    assert f'value="{course.translation_key}" selected' in edit


def test_the_session_page_links_each_day_to_its_attendance_list(
    admin_client, open_session, home_page
):
    content = admin_client.get(manage("detail", open_session.pk)).content.decode()
    for day in open_session.days.all():
        assert reverse("scheduling_attendance:day_list", args=[day.pk]) in content
