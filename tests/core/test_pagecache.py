"""The content version and the memo of published content (core.pagecache)."""

import pytest
from django.contrib.auth.models import Permission

from core import pagecache
from core.pagecache import content_cached, content_version, content_version_bump
from tests.factories import UserFactory


@pytest.fixture
def in_request():
    pagecache.request_begin()
    yield
    pagecache.request_end()


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_outside_a_request_nothing_is_memoized():
    calls, compute = counter()
    content_cached(("test",), compute)
    content_cached(("test",), compute)
    assert len(calls) == 2


@pytest.mark.django_db
def test_in_a_request_a_value_is_computed_once_per_content_version(in_request):
    calls, compute = counter()
    assert content_cached(("test",), compute) == 1
    assert content_cached(("test",), compute) == 1
    content_version_bump()
    assert content_cached(("test",), compute) == 2
    assert len(calls) == 2


def test_the_version_survives_the_cache_losing_it():
    from django.core.cache import cache

    before = content_version()
    cache.delete(pagecache.VERSION_KEY)
    after = content_version()
    assert after != before


def test_a_full_memo_drops_its_oldest_entries_not_everything(in_request, monkeypatch):
    monkeypatch.setattr(pagecache, "MEMO_MAX_ENTRIES", 20)
    for n in range(25):
        content_cached(("fill", n), lambda n=n: n)
    calls, compute = counter()
    content_cached(("fill", 24), compute)
    assert calls == []  # the newest is still there
    content_cached(("fill", 0), compute)
    assert calls == [1]  # the oldest was dropped


@pytest.mark.django_db
def test_publishing_a_page_changes_the_version(program_page):
    before = content_version()
    program_page.title = "Новое название"
    program_page.save_revision().publish()
    assert content_version() != before


@pytest.mark.django_db
def test_unpublishing_a_page_changes_the_version(program_page):
    before = content_version()
    program_page.unpublish()
    assert content_version() != before


@pytest.mark.django_db
def test_a_change_of_permissions_changes_the_version():
    user = UserFactory()
    before = content_version()
    user.user_permissions.add(Permission.objects.first())
    assert content_version() != before


@pytest.mark.django_db
def test_a_request_marks_its_span_for_the_memo(client, home_page):
    client.get("/ru/")
    assert pagecache.request_content_version() is None  # after the request
