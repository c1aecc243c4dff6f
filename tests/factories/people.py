import datetime

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from people.models import ErasureRequest, Organization, Position, Region, User
from people.roles import Role


def region_by_code(iso_code: str = "KZ-75") -> Region:
    """A region loaded by the data migration (reloaded if a flush removed it)."""
    found = Region.objects.filter(iso_code=iso_code).first()
    if found is not None:
        return found
    import importlib

    from django.apps import apps

    importlib.import_module("people.migrations.0002_load_regions").load_regions(
        apps, None
    )
    return Region.objects.get(iso_code=iso_code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.kz")
    full_name = factory.Faker("name", locale="ru_RU")
    region = factory.LazyFunction(region_by_code)
    organization_kind = ""
    date_of_birth = datetime.date(1995, 4, 12)
    preferred_language = "ru"
    # Past the consent gate (people.middleware) unless a test says otherwise: the
    # copy of a consent's version on the user row, without the ConsentRecord.
    consent_policy_version = factory.LazyFunction(
        lambda: settings.LMS_CONSENT_POLICY_VERSION
    )
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Фронт-офис №{n}")
    kind = Organization.Kind.REGIONAL_FRONT_OFFICE
    region = factory.LazyFunction(region_by_code)


class PositionFactory(DjangoModelFactory):
    """A Position row as stored. Tests of appointments call people.services.position_start,
    which also grants the role's group; this factory is for setting up history."""

    class Meta:
        model = Position

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF
    start_date = datetime.date(2024, 9, 1)
    end_date = None


class ErasureRequestFactory(DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    user = factory.SubFactory(UserFactory)
    status = ErasureRequest.Status.PENDING
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


def staff_member(role: str, *, organization: Organization, **fields) -> User:
    """A user holding `role` in `organization` (living in its region unless `fields`
    say otherwise), appointed through people's service, which also grants the role's
    group. Read again, so that no permission or scope is cached on the instance."""
    from people.services import position_start

    user = UserFactory(**{"region": organization.region, **fields})
    position_start(user=user, organization=organization, role=role)
    return User.objects.get(pk=user.pk)
