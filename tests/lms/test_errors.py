"""Error pages: in the site's shell and the visitor's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_missing_page_answers_404_in_the_site_shell_in_kazakh(client, home_page):
    response = client.get("/kk/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Бет табылмады" in html
    assert 'class="site-header"' in html


def test_learner_on_an_admin_page_gets_the_403_page(learner_client):
    response = learner_client.get("/ru/manage/learners/")

    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_500_page_needs_no_context(client):
    from django.template.loader import get_template

    html = get_template("500.html").render({})

    assert "Қате орын алды" in html and "Произошла ошибка" in html


def test_500_page_keeps_to_the_content_security_policy():
    from django.template.loader import get_template

    from tests.lms.test_headers import inline_code

    html = get_template("500.html").render({})

    assert inline_code(html) == []
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_a_form_sent_without_its_csrf_token_gets_our_page_in_the_visitors_language(
    client, home_page
):
    from django.test import Client

    from tests.lms.test_headers import inline_code

    client = Client(enforce_csrf_checks=True)
    response = client.post("/kk/accounts/login/", {"login": "a@b.kz", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert inline_code(html) == []
    assert '<html lang="kk">' in html
    # Our own text (Django's page says "CSRF verification failed").
    assert "CSRF verification failed" not in html
    assert "Форма жіберілмеді" in html
    assert 'class="error-page"' in html
