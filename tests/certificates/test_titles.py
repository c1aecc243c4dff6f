"""A certificate issued before its course was translated takes the translation's title
when it is published: Kazakh pages and e-mails then name it in Kazakh."""

import pytest
from django.utils import translation

from certificates import selectors
from certificates.models import Certificate
from certificates.titles import certificate_titles_add

pytestmark = pytest.mark.django_db

KAZAKH_TITLE = "Паллиативтік көмектегі волонтер"


def _translate(course, locales, title=KAZAKH_TITLE):
    kazakh = course.copy_for_translation(locales["kk"], copy_parents=True)
    kazakh.title = title
    return kazakh


def test_publishing_the_kazakh_translation_gives_the_certificates_its_title(
    certificate, certified_course, locales, django_capture_on_commit_callbacks
):
    assert certificate.title == {"ru": "Паллиативная помощь"}
    kazakh = _translate(certified_course, locales)

    with django_capture_on_commit_callbacks(execute=True):
        kazakh.save_revision().publish()

    certificate.refresh_from_db()
    assert certificate.title == {"ru": "Паллиативная помощь", "kk": KAZAKH_TITLE}
    assert selectors.certificate_title(certificate, "kk") == KAZAKH_TITLE
    with translation.override("kk"):
        assert selectors.certificate_title(certificate) == KAZAKH_TITLE
    assert selectors.certificate_title(certificate, "ru") == "Паллиативная помощь"


def test_a_certificate_keeps_the_title_it_has_in_a_language(
    certificate, certified_course, locales
):
    kazakh = _translate(certified_course, locales)
    kazakh.save_revision().publish()
    assert certificate_titles_add(page=kazakh) == 1
    assert certificate_titles_add(page=kazakh) == 0
    kazakh.title = "Жаңа атау"
    kazakh.save_revision().publish()

    assert certificate_titles_add(page=kazakh) == 0
    certificate.refresh_from_db()
    assert certificate.title["kk"] == KAZAKH_TITLE


def test_only_the_certificates_of_the_translated_course_change(
    certificate, certified_course, program_page, locales, holder
):
    other = Certificate.objects.create(
        code="OTHER",
        learner=holder,
        kind=Certificate.Kind.PROGRAM,
        target_key=program_page.translation_key,
        holder_name=holder.full_name,
        title={"ru": program_page.title},
        completed_at=certificate.completed_at,
        issued_at=certificate.issued_at,
    )
    kazakh = _translate(certified_course, locales)
    kazakh.save_revision().publish()

    assert certificate_titles_add(page=kazakh) == 1
    other.refresh_from_db()
    assert other.title == {"ru": program_page.title}
