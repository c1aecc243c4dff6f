"""The Standard of volunteer support in Kazakh: a translation of the Russian page
shares its versions and acknowledgements (the Russian page is the canonical one),
makes no version of its own when published, and shows what changed in Kazakh where
its sections are translated, else sends the reader to the source."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from courses import selectors, services
from courses.demo.standard import STAFF_EMAIL, standard_load, standard_read
from courses.models import (
    ItemProgress,
    StandardAcknowledgement,
    StandardAcknowledgementPage,
    StandardPage,
    StandardVersion,
)
from people.roles import Role
from tests.factories import course_with_lessons, staff_member
from tests.factories.courses import translate, translate_tree

from .helpers import page_text
from .standard_helpers import (
    V1,
    V2,
    sections_json,
    standard_create,
    standard_publish,
    standard_translate,
)

pytestmark = pytest.mark.django_db


def kk(message, **params) -> str:
    """A message as shown in Kazakh (with `params` filled in)."""
    with translation.override("kk"):
        text = gettext(message)
    return text % params if params else text


@pytest.fixture
def standard(catalog_page):
    return standard_create(catalog_page, roles=[Role.STAFF, Role.MENTOR])


@pytest.fixture
def staff(regional_office):
    return staff_member(Role.STAFF, organization=regional_office, full_name="Айгерім")


def acknowledge_url(page) -> str:
    return f"{page.url}acknowledge/"


def diff_part(html: str) -> str:
    """The "what changed" section of a Standard's page."""
    return html.split('class="standard-diff"')[1].split("</section>")[0]


# Versions belong to the Russian page
# ------------------------------------------------------------------------------


def test_publishing_the_kazakh_translation_makes_no_new_version(
    standard, locales, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kk_page = standard_translate(standard, locales["kk"])
        # A translator's second publish, with a section more than the source has.
        kk_page.sections = sections_json(
            [*V1, ("extra", "Қосымша", "<p>Қосымша мәтін.</p>")]
        )
        kk_page.save_revision().publish()

    assert kk_page.url.startswith("/kk/")
    assert list(StandardVersion.objects.values_list("page_id", "number")) == [
        (standard.pk, 1)
    ]
    assert mailoutbox == []
    assert (
        services.standard_version_record(page=kk_page, revision=kk_page.live_revision)
        is None
    )


def test_the_russian_versions_are_the_kazakh_page_s_versions(standard, locales):
    kk_page = standard_translate(standard, locales["kk"])
    standard_publish(standard, sections=V2)

    current = selectors.standard_version_current(page=kk_page)

    assert (current.page_id, current.number) == (standard.pk, 2)


# Acknowledging from the Kazakh page and the Kazakh course item
# ------------------------------------------------------------------------------


def test_acknowledging_on_the_kazakh_page_counts_for_the_russian_version(
    learner_client, learner, standard, locales
):
    kk_page = standard_translate(standard, locales["kk"])
    html = page_text(learner_client.get(kk_page.url))

    response = learner_client.post(acknowledge_url(kk_page), {"version": "1"})
    learner_client.post(acknowledge_url(standard), {"version": "1"})

    assert f'action="{acknowledge_url(kk_page)}"' in html
    assert response.status_code == 302 and response.url == kk_page.url
    (ack,) = StandardAcknowledgement.objects.all()
    assert (ack.user, ack.version.page_id, ack.version.number) == (
        learner,
        standard.pk,
        1,
    )
    assert learner_client.get(standard.url).context["acknowledged_current"]
    assert learner_client.get(kk_page.url).context["acknowledged_current"]


def test_the_kazakh_item_acknowledges_the_russian_version_and_is_done(
    client, staff, standard, program_page, locales
):
    course, lessons = course_with_lessons(program_page, 1, slug="rfo-basics")
    course.refresh_from_db()
    item = course.add_child(
        instance=StandardAcknowledgementPage(
            title="Ознакомление со Стандартом", slug="standard-ack", standard=standard
        )
    )
    item.save_revision().publish()
    kk_page = standard_translate(standard, locales["kk"])
    translate_tree(course, lessons, locales["kk"])
    kk_item = StandardAcknowledgementPage.objects.get(
        pk=StandardAcknowledgementPage.objects.get(pk=item.pk)
        .copy_for_translation(locales["kk"])
        .pk
    )
    kk_item.title = "Стандартпен танысу"
    kk_item.standard = kk_page  # as a translation tool points it
    kk_item.save_revision().publish()
    enrolment = services.enrolment_create(learner=staff, course=course)
    client.force_login(staff)

    html = page_text(client.get(kk_item.url))
    response = client.post(acknowledge_url(kk_item), {"version": "1"})

    assert f'href="{kk_page.url}"' in html
    assert f'action="{acknowledge_url(kk_item)}"' in html
    assert response.status_code == 302
    (ack,) = StandardAcknowledgement.objects.all()
    assert (ack.user, ack.version.page_id) == (staff, standard.pk)
    assert ItemProgress.objects.filter(
        enrolment=enrolment, item_key=item.translation_key
    ).exists()


# What changed, read in Kazakh
# ------------------------------------------------------------------------------


def test_the_kazakh_page_shows_what_changed_in_kazakh(
    learner_client, learner, standard, locales
):
    services.standard_acknowledge(user=learner, page=standard, number=1)
    standard_publish(standard, sections=V2, summary="Обновлен раздел о безопасности.")
    kk_page = standard_translate(
        standard, locales["kk"], summary="Қауіпсіздік бөлімі жаңартылды."
    )

    response = learner_client.get(kk_page.url)

    html = page_text(response)
    diff = diff_part(html)
    assert response.status_code == 200
    assert kk("What changed from version %(old)s to version %(new)s", old=1, new=2) in (
        html
    )
    assert "Қауіпсіздік бөлімі жаңартылды." in html  # the summary, translated
    # The changed section: its Kazakh paragraphs, the changed and the added marked.
    assert '<a href="#safety">Қауіпсіздік</a>' in diff
    assert "</span>Әр ауысым басталар алдында нұсқама.<span" in diff
    assert '<p class="standard-diff__same">Жұппен жұмыс.</p>' in diff
    assert (
        "</span>Кәмелетке толмағандар төтенше жағдай аймағында жұмыс істемейді.<span"
        in diff
    )
    # The added section in Kazakh, the removed one under its Russian heading.
    assert "Волонтерлерге тоқсан сайынғы сауалнама." in diff
    assert '<del lang="ru">Отчетность</del>' in diff
    assert '<a href="#principles">Қағидаттар</a>' in diff
    # No Russian text of the changes; the word by word changes are in the source.
    assert "каждой смены" not in diff
    assert f'href="{standard.url}#standard-diff-heading"' in diff


def test_the_translated_diff_pairs_the_kazakh_paragraphs_with_the_source_s(
    learner, standard, locales
):
    services.standard_acknowledge(user=learner, page=standard, number=1)
    standard_publish(standard, sections=V2)
    kk_page = standard_translate(standard, locales["kk"])
    old, new = StandardVersion.objects.filter(page=standard).order_by("number")

    diff = selectors.standard_diff_translated(
        diff=selectors.standard_diff(old=old, new=new), page=kk_page, source=standard
    )

    assert not diff.outdated and not diff.untranslated
    (safety,) = diff.changed
    assert [(p.kind, p.text) for p in safety.paragraphs] == [
        ("changed", "Әр ауысым басталар алдында нұсқама."),
        ("same", "Жұппен жұмыс."),
        ("added", "Кәмелетке толмағандар төтенше жағдай аймағында жұмыс істемейді."),
    ]
    assert [(s.heading, s.translated) for s in diff.removed] == [("Отчетность", False)]


def test_a_translation_older_than_the_version_sends_to_the_source_for_the_changes(
    learner_client, learner, standard, locales
):
    kk_page = standard_translate(standard, locales["kk"])  # made from version 1
    services.standard_acknowledge(user=learner, page=standard, number=1)
    standard_publish(standard, sections=V2)

    response = learner_client.get(kk_page.url)

    html = page_text(response)
    diff = diff_part(html)
    context = response.context
    assert context["translation_outdated"] and context["diff_translated"].untranslated
    # Changed and added sections: the source's headings, in Russian, and a link.
    assert f'<a href="{standard.url}#safety" lang="ru">Безопасность</a>' in diff
    assert f'<a href="{standard.url}#feedback" lang="ru">Обратная связь</a>' in diff
    assert "Әр ауысым" not in diff  # the Kazakh text of version 1 is not the change
    # The translation still has the section removed since, and the unchanged one.
    assert "<del>Есептілік</del>" in diff
    assert '<a href="#principles">Қағидаттар</a>' in diff
    assert f'href="{standard.url}#standard-diff-heading"' in diff


def test_a_translation_older_than_the_version_says_so_to_every_reader(
    learner_client, standard, locales
):
    kk_page = standard_translate(standard, locales["kk"])  # made from version 1
    standard_publish(standard, sections=V2)

    response = learner_client.get(kk_page.url)

    html = page_text(response)
    assert response.context["diff"] is None  # never acknowledged: nothing to compare
    assert f'<a href="{standard.url}">' in html.split("standard__toc")[0]


def test_the_kazakh_page_reads_a_fixed_number_of_queries_whatever_the_sections(
    learner_client, learner, standard, locales
):
    services.standard_acknowledge(user=learner, page=standard, number=1)
    standard_publish(standard, sections=V2)
    kk_page = standard_translate(standard, locales["kk"])
    learner_client.get(kk_page.url)  # warm caches (site, locale)
    with CaptureQueriesContext(connection) as few:
        learner_client.get(kk_page.url)
    more = [(f"s{n}", f"Раздел {n}", f"<p>Текст {n}.</p>") for n in range(30)]
    source = standard_publish(standard, sections=V2 + more)
    kk_page.sections = sections_json(
        [(anchor, f"Бөлім {anchor}", text) for anchor, _heading, text in [*V2, *more]],
        {block.value["anchor"]: block.id for block in source.sections},
    )
    kk_page.save_revision().publish()
    learner_client.get(kk_page.url)
    with CaptureQueriesContext(connection) as many:
        response = learner_client.get(kk_page.url)

    assert len(response.context["diff_translated"].added) == 31
    assert len(many) == len(few)


# Elsewhere: My learning, the rates
# ------------------------------------------------------------------------------


def test_my_learning_in_kazakh_asks_for_the_version_with_the_kazakh_page(
    client, staff, standard, locales
):
    kk_page = standard_translate(standard, locales["kk"])
    services.standard_acknowledge(user=staff, page=standard, number=1)
    standard_publish(standard, sections=V2)
    client.force_login(staff)

    html = page_text(client.get("/kk/my/"))
    with translation.override("kk"):
        (pending,) = selectors.standard_pending_for(user=staff)

    assert kk("The Standard has a new version to acknowledge") in html
    assert f'href="{kk_page.url}"' in html
    assert (pending.page, pending.version.number) == (kk_page, 2)
    assert pending.acknowledged_number == 1


def test_the_rates_of_the_kazakh_page_are_the_russian_page_s(standard, locales):
    kk_page = standard_translate(standard, locales["kk"])

    assert selectors.standard_page_for_rates(page_id=kk_page.pk) == standard


# The demo's Standard in Kazakh
# ------------------------------------------------------------------------------


def test_the_demo_standard_has_a_kazakh_page_that_loads(
    client, catalog_page, locales, regional_office
):
    translate(catalog_page.get_parent().specific, locales["kk"])
    translate(catalog_page, locales["kk"])
    staff = staff_member(Role.STAFF, organization=regional_office, email=STAFF_EMAIL)
    spec, versions = standard_read()

    page = standard_load(catalog=catalog_page, say=lambda _message: None)
    revisions = page.revisions.count()
    standard_load(catalog=catalog_page, say=lambda _message: None)  # again: no change
    client.force_login(staff)
    kk_page = StandardPage.objects.live().get(locale=locales["kk"])
    response = client.get(kk_page.url)

    assert kk_page.translation_key == page.translation_key
    assert kk_page.title == spec["title_kk"]
    assert [block.value["heading"] for block in kk_page.sections] == [
        section["heading_kk"] for section in versions[-1]
    ]
    assert list(StandardVersion.objects.values_list("page_id", "number")) == [
        (page.pk, 2),
        (page.pk, 1),
    ]
    assert page.revisions.count() == revisions
    assert response.status_code == 200
    diff = response.context["diff_translated"]
    assert not diff.outdated and not diff.untranslated
    assert [(s.anchor, s.kind) for s in diff.sections if s.kind != "unchanged"] == [
        ("reporting", "changed"),
        ("staff-training", "added"),
    ]
