"""Every e-mail template, rendered in every language: plain text without doubled
periods (Russian dates end with "г.", and a sentence may end with a date) and without
HTML escapes (a text e-mail shows "&amp;" as it is)."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from core.mail import mail_render

TEMPLATES = Path(settings.BASE_DIR) / "templates"
EMAILS = sorted(
    str(path.relative_to(TEMPLATES))[: -len(".txt")]
    for path in TEMPLATES.glob("*/emails/*.txt")
    if not path.name.endswith("_subject.txt")
)
TITLE = 'Права & обязанности "волонтёра"'


def _context() -> dict:
    """One context for every template: whatever a template asks for is there."""
    when = timezone.now() + datetime.timedelta(days=30)
    person = SimpleNamespace(
        full_name="Айгерим Сапарова",
        email="aigerim@example.kz",
        get_short_name="Айгерим",
        region=SimpleNamespace(name="Алматы"),
    )
    page = SimpleNamespace(title=TITLE)
    return {
        "learner": person,
        "reviewer": person,
        "user": person,
        "title": TITLE,
        "number": "Z3Y0-B0CX-XD62-DF9S-VX5V",
        "expires_at": when,
        "days_before": 14,
        "expired": True,  # certificate_expiring: the admin's reminder, once expired
        "certificate": SimpleNamespace(expires_at=when),
        "assignment": SimpleNamespace(due_date=when.date(), title=TITLE),
        "target": page,
        "course": page,
        "enrolment": SimpleNamespace(completed_at=when),
        "submission": SimpleNamespace(
            version=2, score=8, max_score=10, feedback="Хорошо."
        ),
        "accepted": True,
        "request": SimpleNamespace(due_at=when),
        "url": "http://testserver/ru/x/",
        "list_url": "http://testserver/ru/certificates/",
        "verify_url": "http://testserver/ru/verify/X/",
        "refresher_title": TITLE,
        "refresher_url": "http://testserver/ru/refresher/",
        "password_reset_url": "http://testserver/accounts/password/reset/key/1-x/",
        "link_days": 3,
        "person": person,
        "page": page,
        "handover": SimpleNamespace(
            pk=1,
            get_role_display="Региональный администратор",
            organization=SimpleNamespace(name="Фронт-офис Алматы"),
        ),
        "version": SimpleNamespace(number=2, summary="Раздел «Отчётность» обновлён."),
        "weekly": True,
        "period_start": when.date(),
        "report_filters": [("Регион", "Алматы"), ("Роль", "Волонтёр & лидер")],
        "report_rows": 2,
        "report_url": "http://testserver/ru/manage/reports/?region=1",
        "subscriptions_url": "http://testserver/ru/manage/reports/subscriptions/",
    }


def test_every_email_template_is_found():
    assert "certificates/emails/certificate_expiring" in EMAILS
    assert len(EMAILS) >= 8


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("template", EMAILS)
def test_email_has_no_double_period_and_no_html_escapes(template, language):
    subject, body = mail_render(
        template=template, language=language, context=_context()
    )

    for text in (subject, body):
        assert ".." not in text.replace("...", "")
        assert "&amp;" not in text and "&quot;" not in text and "&#x27;" not in text


def test_an_ellipsis_is_left_alone(tmp_path, settings):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "note.txt").write_text("Подождите... 5 марта 2026 г..\n")
    (tmp_path / "x" / "note_subject.txt").write_text("Итак...")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    subject, body = mail_render(template="x/note", language="ru", context={})

    assert (subject, body) == ("Итак...", "Подождите... 5 марта 2026 г.\n")
