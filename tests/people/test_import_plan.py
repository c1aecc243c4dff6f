"""The dry run of an import of people: every invalid row with its line and reason,
what would be created, changed or left alone, and nothing written."""

import datetime

import pytest
from django.utils import timezone

from people.importing import people_file_read, people_import_plan
from people.importing import plan as p
from people.models import Organization, Position, User
from people.roles import Role
from people.services import position_start
from tests.courses.helpers import ru
from tests.factories import OrganizationFactory, UserFactory
from tests.people.import_helpers import csv_bytes

pytestmark = pytest.mark.django_db


def plan_of(rows, actor, **kwargs):
    parsed, problems = people_file_read(csv_bytes(rows))
    assert problems == []
    return people_import_plan(rows=parsed, actor=actor, **kwargs)


def test_every_invalid_row_is_reported_with_its_line_and_reason(
    national_admin, regional_office, region
):
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d.%m.%Y")
    office = regional_office.name
    rows = [
        [
            "good@example.kz",
            "Хороший Человек",
            "14.03.1995",
            "KZ-75",
            office,
            "staff",
            "",
        ],
        ["not-an-email", "Плохая Почта", "", "KZ-75", "", "", ""],
        ["r@example.kz", "Неизвестный Регион", "", "Атлантида", "", "", ""],
        [
            "o@example.kz",
            "Неизвестная Организация",
            "",
            "KZ-75",
            "Нет такой",
            "staff",
            "",
        ],
        ["role@example.kz", "Неизвестная Роль", "", "KZ-75", office, "boss", ""],
        ["date@example.kz", "Плохая Дата", "31.02.1995", "KZ-75", "", "", ""],
        ["fut@example.kz", "Будущее", "", "KZ-75", office, "staff", future],
        ["GOOD@example.kz", "Дубликат", "", "KZ-75", "", "", ""],
        ["", "Без Почты", "", "KZ-75", "", "", ""],
        ["noname@example.kz", "", "", "KZ-75", "", "", ""],
    ]

    plan = plan_of(rows, national_admin)

    assert [(e.line, e.message) for e in plan.errors] == [
        (3, ru(p.MSG_EMAIL_INVALID, value="not-an-email")),
        (4, ru(p.MSG_REGION_UNKNOWN, value="Атлантида")),
        (5, ru(p.MSG_ORGANIZATION_UNKNOWN, value="Нет такой", region=region.name)),
        (6, ru(p.MSG_ROLE_UNKNOWN, value="boss")),
        (7, ru(p.MSG_DATE_INVALID, value="31.02.1995")),
        (8, ru(p.MSG_START_FUTURE)),
        (9, ru(p.MSG_EMAIL_TWICE, email="good@example.kz", line=2)),
        (10, ru(p.MSG_EMAIL_MISSING)),
        (11, ru(p.MSG_NAME_MISSING)),
    ]
    assert [row.line for row in plan.rows] == [2]
    assert not User.objects.filter(email="good@example.kz").exists()


def test_dry_run_tells_new_updated_and_unchanged_and_writes_nothing(
    national_admin, regional_office, region, other_region
):
    same = UserFactory(
        email="same@example.kz",
        full_name="Тот Же",
        date_of_birth=datetime.date(1990, 1, 2),
        region=region,
    )
    position_start(user=same, organization=regional_office, role=Role.STAFF)
    moved = UserFactory(
        email="moved@example.kz", full_name="Старое Имя", region=other_region
    )
    users_before = User.objects.count()
    positions_before = Position.objects.count()
    office = regional_office.name

    plan = plan_of(
        [
            [
                "new@example.kz",
                "Новый Человек",
                "1995-03-14",
                "Алматы",
                office,
                "Сотрудник",
                "",
            ],
            ["SAME@example.kz", "Тот Же", "02.01.1990", "KZ-75", office, "staff", ""],
            ["moved@example.kz", "Новое Имя", "", "город Алматы", office, "mentor", ""],
        ],
        national_admin,
    )

    assert plan.errors == []
    new, unchanged, updated = plan.rows
    assert (new.person, new.position, new.role) == (p.NEW, p.NEW, Role.STAFF)
    assert (unchanged.person, unchanged.position, unchanged.unchanged) == (
        p.UNCHANGED,
        p.OPEN,
        True,
    )
    assert unchanged.user == same
    assert updated.user == moved
    assert (updated.person, updated.position) == (p.UPDATED, p.NEW)
    assert updated.changed == [ru("full name"), ru("region")]
    assert plan.counts == {
        "rows": 3,
        "people_created": 1,
        "people_updated": 1,
        "positions_created": 2,
        "organizations_created": 0,
        "unchanged": 1,
    }
    assert User.objects.count() == users_before
    assert Position.objects.count() == positions_before


@pytest.mark.parametrize(
    "name", ["KZ-75", "kz-ala", "Алматы", "г. Алматы", "Almaty", "Алматы қаласы"]
)
def test_a_region_is_named_by_its_code_old_code_or_name(national_admin, region, name):
    plan = plan_of([["a@example.kz", "А Б", "", name, "", "", ""]], national_admin)
    assert plan.errors == []
    assert plan.rows[0].region == region


def test_regional_admin_imports_only_into_their_region_and_only_their_roles(
    regional_admin, regional_office, other_regional_office, other_region, national_admin
):
    stranger = UserFactory(email="stranger@example.kz", region=other_region)
    assert national_admin.region is None
    office = regional_office.name
    plan = plan_of(
        [
            ["ok@example.kz", "Можно", "", "KZ-75", office, "staff", ""],
            [
                "astana@example.kz",
                "Чужой Регион",
                "",
                "KZ-71",
                other_regional_office.name,
                "staff",
                "",
            ],
            ["boss@example.kz", "Нацадмин", "", "KZ-75", office, "national_admin", ""],
            [stranger.email, "Чужой Человек", "", "KZ-75", office, "staff", ""],
            [national_admin.email, "Переименованный", "", "KZ-75", office, "staff", ""],
        ],
        regional_admin,
    )
    assert [(e.line, e.message) for e in plan.errors] == [
        (3, ru(p.MSG_REGION_OUT_OF_SCOPE, region=other_region.name)),
        (4, ru(p.MSG_ROLE_NOT_YOURS, role=Role.NATIONAL_ADMIN.label)),
        (5, ru(p.MSG_PERSON_OUT_OF_SCOPE, email=stranger.email)),
        (6, ru(p.MSG_PERSON_OUT_OF_SCOPE, email=national_admin.email)),
    ]
    assert [row.email for row in plan.rows] == ["ok@example.kz"]


def test_unknown_organisations_are_planned_once_when_creating_them_is_asked(
    national_admin, region
):
    rows = [
        ["a@example.kz", "А", "", "KZ-75", "Новая НКО", "leader", ""],
        ["b@example.kz", "Б", "", "KZ-75", "новая нко", "staff", ""],
    ]
    plan = plan_of(rows, national_admin, create_organizations=True)
    assert plan.errors == []
    assert plan.counts["organizations_created"] == 1
    assert plan.rows[0].organization is plan.rows[1].organization
    assert not Organization.objects.filter(name="Новая НКО").exists()


def test_existing_organisation_is_matched_whatever_its_case(national_admin, region):
    OrganizationFactory(name="Молодёжный Ресурсный Центр", region=region)
    plan = plan_of(
        [["a@example.kz", "А", "", "KZ-75", "молодёжный ресурсный центр", "staff", ""]],
        national_admin,
    )
    assert plan.errors == []
    assert plan.rows[0].organization.name == "Молодёжный Ресурсный Центр"
