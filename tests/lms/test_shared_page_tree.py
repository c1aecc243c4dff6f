"""The suite's shared page tree (tests/conftest.py): committed once per test database,
found by every test, and committed again after a transactional test's flush."""

import pytest
from wagtail.models import Page, Site

from courses.models import CatalogPage
from lms.models import HomePage


def _tree() -> tuple:
    home = HomePage.objects.get(locale__language_code="ru")
    site = Site.objects.get()
    return (
        home.title,
        (site.hostname, site.port, site.root_page_id == home.pk, site.is_default_site),
        CatalogPage.objects.child_of(home).get().title,
        Page.objects.filter(depth=2).count(),
    )


TREE = ("Академия", ("testserver", 80, True, True), "Каталог", 1)


@pytest.mark.django_db
def test_a_test_finds_the_shared_tree_without_asking_for_it():
    assert _tree() == TREE


def test_root_page_is_the_bare_root(root_page):
    assert root_page.numchild == 0
    assert not Page.objects.filter(depth__gt=1).exists()
    assert not Site.objects.exists()


# pytest-django runs the transactional tests after the others, these two in this order.
@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_finds_it_and_its_flush_removes_it(home_page):
    assert _tree() == TREE


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_finds_it_committed_again():
    # Nothing here builds it: the flush after the test before removed every page.
    assert _tree() == TREE
