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
