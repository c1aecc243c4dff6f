"""Shared fixtures: the Wagtail tree (home > catalog > program), users, and services."""

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page, Site

from courses.models import CatalogPage
from lms.models import HomePage
from tests.factories import ProgramFactory, UserFactory

# The real Celery worker fixture (celery_worker), for the tests marked "worker".
pytest_plugins = ["tests.worker"]


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
def _default_language():
    """Each test starts in the default language: a request through the test client
    leaves its language active in the thread, which would leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def locales(db):
    """Wagtail locales for every content language (a transactional flush removes them)."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


@pytest.fixture
def root_page(locales):
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", locale=locales["ru"]))
    return root


@pytest.fixture
def home_page(root_page, locales):
    home = HomePage.objects.filter(locale=locales["ru"]).first()
    if home is None:
        Page.objects.filter(depth=2).delete()
        home = root_page.add_child(
            instance=HomePage(title="Академия", slug="home", locale=locales["ru"])
        )
        home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def catalog_page(home_page):
    catalog = CatalogPage.objects.child_of(home_page).first()
    if catalog is None:
        catalog = home_page.add_child(
            instance=CatalogPage(title="Каталог", slug="catalog")
        )
        catalog.save_revision().publish()
    return catalog


@pytest.fixture
def program_page(catalog_page):
    return ProgramFactory(parent=catalog_page, slug="risk-zones")


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def other_learner(db):
    return UserFactory()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
