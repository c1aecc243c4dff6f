"""Shared fixtures: the Wagtail tree (home > catalog > program), the people (two
regions, their front offices, the national office, learners and staff), a certified
course, and services. App-specific fixtures live in each app's conftest.py."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from courses.models import CatalogPage
from courses.services import enrolment_create
from lms.models import HomePage
from people.models import Organization
from people.roles import Role
from tests.factories import (
    CertificateRuleFactory,
    CertificateTemplateFactory,
    OrganizationFactory,
    ProgramFactory,
    SignatoryFactory,
    UserFactory,
    course_with_lessons,
    region_by_code,
    staff_member,
)

# The real Celery worker fixture (celery_worker), for the tests marked "worker", and
# buckets of an in-process S3 (object_store).
pytest_plugins = ["tests.worker", "tests.object_store"]

# Modules whose tests do not depend on the database the suite runs on (they read the
# code, or start processes with databases of their own): `make test` runs them once,
# not in both passes (marked "once").
ONCE = (
    "tests/test_architecture.py",
    "tests/test_layout.py",
    "tests/test_wiring.py",
    "tests/lms/test_settings.py",
    "tests/bench/",
)
# Directories whose tests `make test` runs in its second PostgreSQL process, beside
# the browser and worker tests, so that the two take about as long (marked "beside").
BESIDE = (
    "tests/scheduling/",
    "tests/people/",
    "tests/reports/test_learner_record.py",
    "tests/reports/test_audit.py",
)


# The authorization walk: make test runs it on PostgreSQL only (scripts/run_tests.py).
WALK = ("tests/authz/",)


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        path = item.path.relative_to(root).as_posix()
        if path.startswith(ONCE):
            item.add_marker(pytest.mark.once)
        if path.startswith(BESIDE):
            item.add_marker(pytest.mark.beside)
        if path.startswith(WALK):
            item.add_marker(pytest.mark.walk)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _cache_clear():
    """Each test starts with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _verify_rate_window_holds(monkeypatch):
    """The verification limit counts in fixed windows (certificates.ratelimit): a test
    that crossed a window's edge would see its count start again. Its clock stands
    still for the length of a test."""
    import time as real_time
    import types

    from certificates import ratelimit

    still = real_time.time()
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: still))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client
    leaves its language active in the thread, which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The page tree shared by the suite: locales, root > home > catalog and the default
# site. Building it costs a fifth of a typical test, so it is built once, committed
# after the migrations (django_db_setup below), and each test's transaction rolls back
# to it. A transactional test (browser, worker, a flush) ends by removing every row:
# the tree is built again after it (pytest_runtest_teardown below). The fixtures build
# whatever is missing all the same, so a test finds the same tree either way.
# ------------------------------------------------------------------------------


def locales_ensure() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def home_ensure(locales: dict[str, Locale]) -> HomePage:
    """The Russian home page under the root, the only site's root (testserver:80)."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", locale=locales["ru"]))
    home = HomePage.objects.filter(locale=locales["ru"]).first()
    if home is None:
        # Wagtail's initial "Welcome" page (or a home of another language) goes.
        Page.objects.filter(depth=2).delete()
        home = root.add_child(
            instance=HomePage(title="Академия", slug="home", locale=locales["ru"])
        )
        home.save_revision().publish()
    site = ("testserver", 80, home.pk, True)
    if list(
        Site.objects.values_list("hostname", "port", "root_page", "is_default_site")
    ) != [site]:
        Site.objects.all().delete()
        Site.objects.create(
            hostname="testserver", port=80, root_page=home, is_default_site=True
        )
    return home


def catalog_ensure(home: HomePage) -> CatalogPage:
    catalog = CatalogPage.objects.child_of(home).first()
    if catalog is None:
        catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
        catalog.save_revision().publish()
    return catalog


def page_tree_ensure() -> None:
    catalog_ensure(home_ensure(locales_ensure()))


_page_tree_committed = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated, with the shared page tree committed in it."""
    global _page_tree_committed
    with django_db_blocker.unblock():
        page_tree_ensure()
    _page_tree_committed = True


def _transactional(item) -> bool:
    """As pytest-django tells them (it runs them after the other database tests)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (
            marker is not None
            and (
                marker.kwargs.get("transaction")
                or marker.kwargs.get("reset_sequences")
                or (marker.args and marker.args[0])
            )
        )
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database, the shared page tree is
    committed again for the tests that follow (none after the last: by then the test
    database is gone, and the connection points at the real one)."""
    result = yield
    if _page_tree_committed and _transactional(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            page_tree_ensure()
    return result


@pytest.fixture
def locales(db):
    """Wagtail locales for every content language (a transactional flush removes them)."""
    return locales_ensure()


@pytest.fixture
def root_page(locales):
    """The root page with nothing under it (the shared home page and catalog are
    removed for the test), for the demo loaders, which build their own home."""
    root = Page.get_first_root_node()
    if root is None:
        return Page.add_root(instance=Page(title="Root", locale=locales["ru"]))
    Page.objects.filter(depth=2).delete()
    Site.objects.all().delete()
    root.refresh_from_db()
    return root


@pytest.fixture
def home_page(locales):
    return home_ensure(locales)


@pytest.fixture
def catalog_page(home_page):
    return catalog_ensure(home_page)


@pytest.fixture
def program_page(catalog_page):
    return ProgramFactory(parent=catalog_page, slug="risk-zones")


# People: `region` (every factory's default) and `other_region`, a front office in
# each, the national office; learners and the staff who hold roles there.
# ------------------------------------------------------------------------------


@pytest.fixture
def region(db):
    """Almaty (KZ-75), where UserFactory's people live unless told otherwise."""
    return region_by_code("KZ-75")


@pytest.fixture
def other_region(db):
    """Astana (KZ-71)."""
    return region_by_code("KZ-71")


@pytest.fixture
def regional_office(region):
    return OrganizationFactory(name="Фронт-офис Алматы", region=region)


@pytest.fixture
def other_regional_office(other_region):
    return OrganizationFactory(name="Фронт-офис Астаны", region=other_region)


@pytest.fixture
def national_office(db):
    return OrganizationFactory(
        name="Национальный фронт-офис",
        kind=Organization.Kind.NATIONAL_OFFICE,
        region=None,
    )


@pytest.fixture
def learner(region):
    return UserFactory(region=region)


@pytest.fixture
def other_learner(region):
    """A second learner of `region`."""
    return UserFactory(region=region)


@pytest.fixture
def other_region_learner(other_region):
    return UserFactory(region=other_region)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def enrolment(learner, course):
    """`learner` enrolled in `course`, which each app's tests define (tests/courses:
    three lessons; tests/assessments: a lesson, then a quiz or an assignment)."""
    return enrolment_create(learner=learner, course=course)


@pytest.fixture
def enrolled_client(learner_client, enrolment):
    return learner_client


@pytest.fixture
def regional_admin(regional_office):
    """The RFO coordinator of `region`: sees and manages its learners (and may revoke
    their certificates)."""
    return staff_member(
        Role.REGIONAL_ADMIN, organization=regional_office, full_name="Координатор РФО"
    )


@pytest.fixture
def other_regional_admin(other_regional_office):
    return staff_member(
        Role.REGIONAL_ADMIN,
        organization=other_regional_office,
        full_name="Координатор другого региона",
    )


@pytest.fixture
def mentor(regional_office):
    """A mentor of `region`: sees its learners' learning and reviews their work."""
    return staff_member(Role.MENTOR, organization=regional_office)


@pytest.fixture
def other_mentor(other_regional_office):
    return staff_member(Role.MENTOR, organization=other_regional_office)


@pytest.fixture
def national_admin(national_office):
    """A national admin: everyone in scope; edits certificate templates and rules."""
    return staff_member(
        Role.NATIONAL_ADMIN,
        organization=national_office,
        full_name="Национальный администратор",
    )


@pytest.fixture
def editor(national_office):
    """A content editor of the national office (no learners in scope)."""
    return staff_member(Role.EDITOR, organization=national_office)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, full_name="Суперпользователь")


@pytest.fixture
def regional_admin_client(client, regional_admin):
    client.force_login(regional_admin)
    return client


@pytest.fixture
def national_admin_client(client, national_admin):
    client.force_login(national_admin)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


# A certified course, for the certificates tests and the browser's certificate journey
# ------------------------------------------------------------------------------


@pytest.fixture
def certificate_template(db):
    template = CertificateTemplateFactory(is_default=True, name="Основной")
    SignatoryFactory(template=template)
    return template


@pytest.fixture
def certified_course_and_lessons(program_page, certificate_template):
    """A course of two lessons whose completion issues a certificate valid 24 months."""
    course, lessons = course_with_lessons(
        program_page, 2, slug="palliative-care", title="Паллиативная помощь", hours=6
    )
    course.refresh_from_db()
    rule = CertificateRuleFactory(page=course, validity_months=24)
    return course, lessons, rule


@pytest.fixture
def holder(region):
    """The learner of `region` who earns the certificates."""
    return UserFactory(
        full_name="Айгерім Сұлтанқызы Өтегенова",
        region=region,
        date_of_birth=datetime.date(2000, 3, 8),
    )
