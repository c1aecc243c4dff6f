"""The demo's people: organisations, one login per role (the password below) with its
positions, and the moderators of Wagtail's approval workflow.

Idempotent: what is already there (by name or e-mail) is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.demo import Say

from .. import services as people_services
from ..models import Organization, Position, Region, User
from ..roles import WAGTAIL_MODERATORS_GROUP, Role
from .regional import regional_staff_load

DEMO_PASSWORD = "birgemiz-demo-2026"


@dataclass
class DemoUser:
    email: str
    full_name: str
    role_label: str
    region: str  # ISO code
    organization_kind: str
    born: datetime.date
    language: str = "ru"
    position: tuple[str, str] | None = None  # (organisation key, role)


ORGANIZATIONS = {
    # key: (name, kind, region ISO code or None, parent key)
    "national": (
        "Республиканский фронт-офис волонтеров BIRGEMIZ",
        "national_office",
        None,
        None,
    ),
    "rfo-almaty": (
        "Региональный фронт-офис волонтеров города Алматы",
        "regional_front_office",
        "KZ-75",
        "national",
    ),
    "mrc-almaty": (
        "Молодежный ресурсный центр города Алматы",
        "youth_resource_centre",
        "KZ-75",
        None,
    ),
    "ngo-karaganda": ("ОФ «Жанашыр» (Караганда)", "volunteer_ngo", "KZ-35", None),
    # Almaty's volunteer organisations: the contacts a leaving coordinator hands over.
    "ngo-almaty": ("ОФ «Мейірім Алматы»", "volunteer_ngo", "KZ-75", None),
    "group-almaty": (
        "Инициативная группа «Таза Алатау»",
        "initiative_group",
        "KZ-75",
        None,
    ),
}

# The organisations' names in Kazakh and English (key: (kk, en)).
ORGANIZATION_NAMES = {
    "national": (
        "BIRGEMIZ волонтерлерінің республикалық фронт-офисі",
        "BIRGEMIZ National Volunteer Front Office",
    ),
    "rfo-almaty": (
        "Алматы қаласының өңірлік волонтерлік фронт-офисі",
        "Almaty City Regional Volunteer Front Office",
    ),
    "mrc-almaty": (
        "Алматы қаласының Жастар ресурстық орталығы",
        "Almaty City Youth Resource Centre",
    ),
    "ngo-karaganda": (
        "«Жанашыр» қоғамдық қоры (Қарағанды)",
        "Zhanashyr Public Foundation (Karaganda)",
    ),
    "ngo-almaty": (
        "«Мейірім Алматы» қоғамдық қоры",
        "Meiirim Almaty Public Foundation",
    ),
    "group-almaty": ("«Таза Алатау» бастамашыл тобы", "Taza Alatau Initiative Group"),
}

USERS = [
    DemoUser(
        "volunteer@demo.birgemiz.kz",
        "Айгерим Садыкова",
        "volunteer",
        "KZ-75",
        "",
        datetime.date(2004, 5, 17),
    ),
    DemoUser(
        "teen@demo.birgemiz.kz",
        "Данияр Ахметов",
        "volunteer under 18",
        "KZ-79",
        "initiative_group",
        datetime.date(timezone.now().year - 16, 3, 2),
        "kk",
    ),
    DemoUser(
        "leader@demo.birgemiz.kz",
        "Мадина Жумабаева",
        "organisation leader",
        "KZ-35",
        "volunteer_ngo",
        datetime.date(1988, 11, 3),
        "ru",
        ("ngo-karaganda", Role.LEADER),
    ),
    DemoUser(
        "staff@demo.birgemiz.kz",
        "Ерлан Токтаров",
        "RFO staff member",
        "KZ-75",
        "regional_front_office",
        datetime.date(1997, 2, 21),
        "kk",
        ("rfo-almaty", Role.STAFF),
    ),
    DemoUser(
        "mentor@demo.birgemiz.kz",
        "Светлана Ким",
        "mentor",
        "KZ-75",
        "regional_front_office",
        datetime.date(1985, 8, 9),
        "ru",
        ("rfo-almaty", Role.MENTOR),
    ),
    DemoUser(
        "admin.almaty@demo.birgemiz.kz",
        "Асель Нурланова",
        "regional admin (Almaty)",
        "KZ-75",
        "regional_front_office",
        datetime.date(1990, 1, 30),
        "ru",
        ("rfo-almaty", Role.REGIONAL_ADMIN),
    ),
    # Almaty mid-handover (lms.demo_handover gives them their positions): the
    # coordinator who left, and the successor two weeks into onboarding.
    DemoUser(
        "left.almaty@demo.birgemiz.kz",
        "Жанна Сейткалиева",
        "RFO coordinator who left",
        "KZ-75",
        "regional_front_office",
        datetime.date(1991, 4, 18),
    ),
    DemoUser(
        "successor.almaty@demo.birgemiz.kz",
        "Арман Касымов",
        "successor in onboarding",
        "KZ-75",
        "regional_front_office",
        datetime.date(1996, 10, 5),
    ),
    DemoUser(
        "admin@demo.birgemiz.kz",
        "Тимур Бекенов",
        "national admin / editor",
        "KZ-71",
        "national_office",
        datetime.date(1983, 6, 12),
        "ru",
        ("national", Role.NATIONAL_ADMIN),
    ),
]


def people_demo_load(*, say: Say) -> None:
    """The demo organisations, logins and moderators."""
    organizations = organizations_load(say=say)
    users_load(organizations=organizations, say=say)
    regional_staff_load(national=organizations["national"], say=say)
    moderation_load(say=say)


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of every demo login."""
    return [(u.role_label, u.email, DEMO_PASSWORD) for u in USERS]


def organizations_load(*, say: Say) -> dict[str, Organization]:
    """The demo organisations, each under its parent (by name, once), with their
    Kazakh and English names (given to one loaded before they were known)."""
    regions = {r.iso_code: r for r in Region.objects.all()}
    result: dict[str, Organization] = {}
    for key, (name, kind, region_code, parent_key) in ORGANIZATIONS.items():
        name_kk, name_en = ORGANIZATION_NAMES[key]
        org, created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "name_kk": name_kk,
                "name_en": name_en,
                "kind": kind,
                "region": regions.get(region_code) if region_code else None,
                "parent": result.get(parent_key) if parent_key else None,
            },
        )
        if created:
            say(f"organisation {name}")
        elif not (org.name_kk or org.name_en):
            Organization.objects.filter(pk=org.pk).update(
                name_kk=name_kk, name_en=name_en
            )
            org.name_kk, org.name_en = name_kk, name_en
        result[key] = org
    return result


def users_load(*, organizations: dict[str, Organization], say: Say) -> None:
    """One verified login per role, signed up through the services, with their
    positions (the national admin is also an editor)."""
    regions = {r.iso_code: r for r in Region.objects.all()}
    for spec in USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is not None:
            continue
        with transaction.atomic():
            user = User.objects.create_user(spec.email, DEMO_PASSWORD)
            EmailAddress.objects.create(
                user=user, email=spec.email, verified=True, primary=True
            )
            age = timezone.localdate().year - spec.born.year
            people_services.user_signup_complete(
                user=user,
                full_name=spec.full_name,
                region=regions[spec.region],
                organization_kind=spec.organization_kind,
                date_of_birth=spec.born,
                preferred_language=spec.language,
                consent=True,
                guardian_name="Ахметова Гульнара" if age < 18 else "",
                guardian_consent=age < 18,
            )
        if spec.position:
            org_key, role = spec.position
            if not Position.objects.filter(
                user=user, role=role, end_date__isnull=True
            ).exists():
                people_services.position_start(
                    user=user,
                    organization=organizations[org_key],
                    role=role,
                    start_date=timezone.localdate() - datetime.timedelta(days=3),
                )
            if role == Role.NATIONAL_ADMIN:
                people_services.position_start(
                    user=user,
                    organization=organizations[org_key],
                    role=Role.EDITOR,
                    start_date=timezone.localdate() - datetime.timedelta(days=3),
                )
        say(f"user {spec.email} ({spec.role_label})")


def moderation_load(*, say: Say) -> None:
    """Pages an editor submits for moderation wait for approval, which the national
    admin gives: Wagtail's "Moderators approval" workflow on the whole tree (its
    migrations create it; a database emptied since lacks it), joined by the
    national admins' group (people.services.moderation_sync)."""
    moderators, _created = Group.objects.get_or_create(name=WAGTAIL_MODERATORS_GROUP)
    if not GroupApprovalTask.objects.filter(groups=moderators).exists():
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([moderators])
        workflow = Workflow.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        root = Page.get_first_root_node()
        if not WorkflowPage.objects.filter(page=root).exists():
            WorkflowPage.objects.create(page=root, workflow=workflow)
        say("moderation workflow")
    people_services.moderation_sync()
