"""Every region's volunteer front office and three of its staff: the people whom the
per-region reports and targets count (the rest of the demo lives in Almaty). They
were appointed between ten days and ten weeks ago, so the onboarding rule reaches
them; they do not log in (no password)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.demo import Say

from .. import services as people_services
from ..models import Organization, OrganizationKind, Region, User
from ..roles import Role

STAFF_PER_REGION = 3
# (name, is a woman's): alternately women's and men's.
FIRST_NAMES = [
    ("Айгерим", True), ("Данияр", False), ("Жанар", True), ("Ерболат", False),
    ("Камила", True), ("Нурлан", False), ("Ольга", True), ("Руслан", False),
    ("Сауле", True), ("Тимур", False), ("Алия", True), ("Максим", False),
]  # fmt: skip
# (a man's surname, a woman's)
LAST_NAMES = [
    ("Абенов", "Абенова"), ("Жаксыбеков", "Жаксыбекова"), ("Иванов", "Иванова"),
    ("Кенжебаев", "Кенжебаева"), ("Мусин", "Мусина"), ("Оспанов", "Оспанова"),
    ("Петров", "Петрова"), ("Сарсенбаев", "Сарсенбаева"), ("Туяков", "Туякова"),
    ("Шевченко", "Шевченко"),
]  # fmt: skip


def _name(index: int) -> str:
    first, woman = FIRST_NAMES[index % len(FIRST_NAMES)]
    man_surname, woman_surname = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    return f"{first} {woman_surname if woman else man_surname}"


def regional_staff_email(region: Region, n: int) -> str:
    return f"staff{n + 1}.{region.iso_code.lower()}@demo.birgemiz.kz"


def regional_staff_load(*, national: Organization, say: Say) -> None:
    """A front office in every region that has none, under the national one (named
    in Russian, Kazakh and English), and STAFF_PER_REGION staff members in each
    (once, by e-mail)."""
    today = timezone.localdate()
    added = 0
    for r, region in enumerate(Region.objects.order_by("iso_code")):
        office = Organization.objects.filter(
            region=region, kind=OrganizationKind.REGIONAL_FRONT_OFFICE
        ).first()
        names = {
            "name": f"Региональный фронт-офис волонтеров: {region.name_ru}",
            "name_kk": f"Өңірлік волонтерлік фронт-офис: {region.name_kk}",
            "name_en": f"Regional volunteer front office: {region.name_en}",
        }
        if office is None:
            office = Organization.objects.create(
                **names,
                kind=OrganizationKind.REGIONAL_FRONT_OFFICE,
                region=region,
                parent=national,
            )
        elif office.name == names["name"] and not office.name_kk:
            Organization.objects.filter(pk=office.pk).update(
                name_kk=names["name_kk"], name_en=names["name_en"]
            )
        for n in range(STAFF_PER_REGION):
            email = regional_staff_email(region, n)
            if User.objects.filter(email=email).exists():
                continue
            with transaction.atomic():
                user = User.objects.create_user(email, None)
                people_services.user_signup_complete(
                    user=user,
                    full_name=_name(r * STAFF_PER_REGION + n),
                    region=region,
                    organization_kind=OrganizationKind.REGIONAL_FRONT_OFFICE,
                    date_of_birth=datetime.date(1985 + (r + n) % 12, 1 + r % 12, 10),
                    preferred_language="kk" if (r + n) % 2 else "ru",
                    consent=True,
                )
                people_services.position_start(
                    user=user,
                    organization=office,
                    role=Role.STAFF,
                    start_date=today - datetime.timedelta(days=10 + 25 * n + r % 7),
                )
            added += 1
    if added:
        say(f"{added} staff of the regions' front offices")
