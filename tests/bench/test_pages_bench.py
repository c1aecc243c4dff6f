"""bench/pages.py measures every page against a bare view mounted only in the
benchmark's own URLconf (bench.pages_site.urls): the real site must never answer it."""

import pytest
from django.urls import Resolver404, resolve

from bench.pages_site import urls as bench_urls


def test_the_bare_view_is_not_in_the_real_sites_urls():
    with pytest.raises(Resolver404):
        resolve("/" + bench_urls.BARE_PATH, urlconf="lms.urls")


def test_the_bench_urlconf_answers_the_bare_view_before_the_sites_pages():
    match = resolve("/" + bench_urls.BARE_PATH, urlconf="bench.pages_site.urls")
    assert match.func is bench_urls.bare
    assert bench_urls.bare(None).content == b"ok"


@pytest.mark.django_db
def test_the_real_site_answers_the_bare_path_with_a_404(client):
    # LocaleMiddleware first sends it under the language prefix, where no page is.
    response = client.get("/" + bench_urls.BARE_PATH, follow=True)
    assert response.status_code == 404
