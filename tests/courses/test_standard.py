"""The Standard of volunteer support: versions made on publish, sections' anchors,
acknowledgements (who, which version, when) and what changed since one's version."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.blocks import StreamBlockValidationError

from courses import selectors, services
from courses.blocks import (
    MSG_ANCHOR_DUPLICATE,
    MSG_ANCHOR_FORMAT,
    StandardSectionsBlock,
)
from courses.models import StandardAcknowledgement, StandardVersion
from courses.models.standard import MSG_ANCHOR_CHANGED
from people.roles import Role

from .helpers import messages_of, page_text, ru
from .standard_helpers import V1, V2, sections_json, standard_create, standard_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(catalog_page):
    return standard_create(catalog_page)


def acknowledge_url(page) -> str:
    return f"{page.url}acknowledge/"


# Versions
# ------------------------------------------------------------------------------


def test_the_first_publish_makes_version_1_with_a_snapshot_of_the_sections(standard):
    (version,) = StandardVersion.objects.filter(page=standard)

    assert version.number == 1
    assert version.revision_id == standard.live_revision_id
    assert version.published_at is not None
    assert [(s["anchor"], s["heading"], s["text"]) for s in version.sections] == V1


def test_a_publish_that_changes_the_sections_makes_the_next_version(standard):
    standard_publish(standard, sections=V2, summary="Обновлен раздел о безопасности.")
    standard_publish(standard, sections=V1)

    versions = list(StandardVersion.objects.filter(page=standard).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].summary == "Обновлен раздел о безопасности."
    assert [s["anchor"] for s in versions[1].sections] == [
        "principles",
        "safety",
        "feedback",
    ]


def test_a_summary_left_over_from_the_previous_version_is_not_repeated(standard):
    standard_publish(standard, sections=V2, summary="Новый раздел.")
    standard_publish(standard, sections=V1, summary="Новый раздел.")

    assert list(
        StandardVersion.objects.filter(page=standard)
        .order_by("number")
        .values_list("summary", flat=True)
    ) == ["", "Новый раздел.", ""]


def test_a_republish_without_changes_to_the_sections_makes_no_version(standard):
    standard_publish(standard, sections=V1, title="Стандарт (ред.)", intro="<p>И</p>")
    standard_publish(standard, sections=V1, roles=[Role.STAFF, Role.MENTOR])

    assert list(
        StandardVersion.objects.filter(page=standard).values_list("number", flat=True)
    ) == [1]


def test_recording_the_same_revision_twice_makes_one_version(standard):
    page = standard_publish(standard, sections=V2)
    revision = page.live_revision

    again = services.standard_version_record(page=page, revision=revision)

    assert again is None
    assert StandardVersion.objects.filter(page=standard).count() == 2


def test_an_unpublished_draft_makes_no_version(standard):
    page = standard
    page.sections = sections_json(V2)
    page.save_revision()  # a draft, not published

    assert StandardVersion.objects.filter(page=standard).count() == 1


# Anchors
# ------------------------------------------------------------------------------


def _stream(sections):
    block = StandardSectionsBlock()
    return block, block.to_python(json.loads(sections_json(sections)))


def test_two_sections_with_the_same_anchor_are_refused():
    block, value = _stream([V1[0], ("principles", "Еще", "<p>Текст</p>")])

    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)

    error = raised.value.block_errors[1]
    assert error.block_errors["anchor"].messages == [str(MSG_ANCHOR_DUPLICATE)]


@pytest.mark.parametrize("anchor", ["Принципы", "1-start", "with space", "UPPER"])
def test_an_anchor_must_be_a_lowercase_latin_slug(anchor):
    block, value = _stream([(anchor, "Раздел", "<p>Текст</p>")])

    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)

    error = raised.value.block_errors[0]
    assert error.block_errors["anchor"].messages == [str(MSG_ANCHOR_FORMAT)]


def test_unique_slugs_pass():
    block, value = _stream(V2)

    assert [child.value["anchor"] for child in block.clean(value)] == [
        "principles",
        "safety",
        "feedback",
    ]


def test_a_published_section_keeps_its_anchor(catalog_page):
    ids: dict[str, str] = {}
    page = standard_create(catalog_page, ids=ids)
    renamed = [("basics", *V1[0][1:]), *V1[1:]]
    page.sections = sections_json(renamed, {"basics": ids["principles"], **ids})

    with pytest.raises(ValidationError) as raised:
        page.full_clean()

    assert raised.value.message_dict["sections"] == [
        str(MSG_ANCHOR_CHANGED % {"old": "principles"})
    ]


def test_a_new_section_may_take_a_new_anchor(catalog_page):
    ids: dict[str, str] = {}
    page = standard_create(catalog_page, ids=ids)
    page.sections = sections_json(
        [*V1, ("feedback", "Обратная связь", "<p>Т</p>")], ids
    )

    page.full_clean()  # no error


# The page
# ------------------------------------------------------------------------------


def test_the_page_shows_the_sections_with_their_anchors_and_a_table_of_contents(
    learner_client, standard
):
    response = learner_client.get(standard.url)

    html = page_text(response)
    assert response.status_code == 200
    assert '<section id="safety"' in html
    assert '<a href="#safety">Безопасность</a>' in html
    assert ru("Contents") in html
    assert ru("I have read version %(number)s and will follow it", number=1) in html


# Acknowledging
# ------------------------------------------------------------------------------


def test_acknowledging_records_who_which_version_and_when(
    learner_client, learner, standard
):
    before = timezone.now()
    response = learner_client.post(acknowledge_url(standard), {"version": "1"})

    assert response.status_code == 302
    (ack,) = StandardAcknowledgement.objects.all()
    assert (ack.user, ack.version.number) == (learner, 1)
    assert before <= ack.acknowledged_at <= timezone.now()
    page = page_text(learner_client.get(standard.url))
    assert ru("I have read version %(number)s and will follow it", number=1) not in page


def test_a_double_post_makes_one_acknowledgement(learner_client, standard):
    learner_client.post(acknowledge_url(standard), {"version": "1"})
    learner_client.post(acknowledge_url(standard), {"version": "1"})

    assert StandardAcknowledgement.objects.count() == 1


def test_acknowledging_an_older_version_than_the_current_is_refused(
    learner_client, standard
):
    standard_publish(standard, sections=V2)

    response = learner_client.post(acknowledge_url(standard), {"version": "1"})

    assert response.status_code == 302
    assert StandardAcknowledgement.objects.count() == 0
    assert messages_of(response) == [
        ru(services.MSG_STANDARD_NOT_CURRENT, number=1, current=2)
    ]


def test_acknowledging_needs_a_post(learner_client, standard):
    assert learner_client.get(acknowledge_url(standard)).status_code == 405


def test_the_service_refuses_a_standard_never_published(catalog_page, learner):
    page = standard_create(catalog_page, publish=False)

    with pytest.raises(ValidationError):
        services.standard_acknowledge(user=learner, page=page)


# What changed since one's version
# ------------------------------------------------------------------------------


def test_the_diff_finds_added_removed_changed_and_unchanged_sections(standard):
    standard_publish(standard, sections=V2)
    old, new = StandardVersion.objects.filter(page=standard).order_by("number")

    diff = selectors.standard_diff(old=old, new=new)

    assert [s.anchor for s in diff.added] == ["feedback"]
    assert [s.anchor for s in diff.removed] == ["reporting"]
    assert [s.anchor for s in diff.changed] == ["safety"]
    assert [s.anchor for s in diff.unchanged] == ["principles"]
    (changed,) = diff.changed
    assert [p.kind for p in changed.paragraphs] == ["changed", "same", "added"]
    assert [(p.op, p.text) for p in changed.paragraphs[0].pieces] == [
        ("same", "Инструктаж перед началом"),
        ("del", "работы."),
        ("ins", "каждой смены."),
    ]


def test_a_reader_of_an_older_version_sees_what_changed_not_the_text_again(
    learner_client, learner, standard
):
    services.standard_acknowledge(user=learner, page=standard, number=1)
    standard_publish(standard, sections=V2)

    html = page_text(learner_client.get(standard.url))

    assert (
        ru("What changed from version %(old)s to version %(new)s", old=1, new=2) in html
    )
    assert '<del><span class="visually-hidden">' in html
    assert "работы.</span>" not in html
    assert "работы.<span" in html and "каждой смены.<span" in html
    assert "<ins" in html
    # The unchanged section is listed by its heading, its text is not repeated in
    # the diff (only in the whole text, folded away).
    diff_part = html.split('class="standard__full"')[0]
    assert '<a href="#principles">Принципы</a>' in diff_part
    assert "Добровольность и безвозмездность" not in diff_part
    assert "<details" in html
    assert ru("I have read version %(number)s and will follow it", number=2) in html


def test_a_reader_who_never_acknowledged_sees_no_diff(learner_client, standard):
    standard_publish(standard, sections=V2)

    html = page_text(learner_client.get(standard.url))

    assert (
        ru("What changed from version %(old)s to version %(new)s", old=1, new=2)
        not in html
    )


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_sections(
    learner_client, learner, standard, django_assert_max_num_queries
):
    services.standard_acknowledge(user=learner, page=standard, number=1)
    many = V2 + [(f"s{n}", f"Раздел {n}", f"<p>Текст {n}.</p>") for n in range(30)]
    standard_publish(standard, sections=many)
    learner_client.get(standard.url)  # warm caches (site, locale)

    with django_assert_max_num_queries(12):
        response = learner_client.get(standard.url)

    assert response.status_code == 200


def test_version_numbers_are_unique_per_page(standard):
    with pytest.raises(Exception):  # noqa: B017 (the database's unique constraint)
        StandardVersion.objects.create(
            page=standard,
            number=1,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )


# Editing in the Wagtail admin
# ------------------------------------------------------------------------------


def _admin_form(sections, **fields):
    from wagtail.test.utils.form_data import (
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = nested_form_data(
        {
            "title": "Стандарт поддержки волонтерства",
            "slug": "support-standard",
            "intro": rich_text("<p>Введение.</p>"),
            "sections": streamfield(
                [
                    (
                        "section",
                        {"anchor": a, "heading": h, "text": rich_text(t)},
                    )
                    for a, h, t in sections
                ]
            ),
            "change_summary": "Первая редакция.",
            "action-publish": "publish",
            **fields,
        }
    )
    data["roles"] = [Role.STAFF, Role.MENTOR]
    return data


def test_an_editor_publishes_the_standard_with_roles_and_makes_version_1(
    superuser_client, catalog_page
):
    response = superuser_client.post(
        f"/admin/pages/add/courses/standardpage/{catalog_page.pk}/", _admin_form(V1)
    )

    assert response.status_code == 302, response.context["form"].errors
    (version,) = StandardVersion.objects.all()
    assert version.page.roles == [Role.STAFF, Role.MENTOR]
    assert (version.number, version.summary) == (1, "Первая редакция.")
    assert [s["anchor"] for s in version.sections] == [a for a, _h, _t in V1]


def test_the_admin_form_refuses_a_duplicate_anchor(superuser_client, catalog_page):
    response = superuser_client.post(
        f"/admin/pages/add/courses/standardpage/{catalog_page.pk}/",
        _admin_form([V1[0], ("principles", "Дубль", "<p>Т</p>")]),
    )

    assert response.status_code == 200
    assert not StandardVersion.objects.exists()
    (error,) = response.context["form"].errors.as_data()["sections"]
    assert error.block_errors[1].block_errors["anchor"].messages == [
        str(MSG_ANCHOR_DUPLICATE)
    ]


def test_the_personal_data_export_lists_the_acknowledgements(learner, standard):
    from people.selectors import user_data_export

    services.standard_acknowledge(user=learner, page=standard, number=1)

    (entry,) = user_data_export(user=learner)["learning"]["standard_acknowledged"]
    assert (entry["standard"], entry["version"]) == (str(standard.translation_key), 1)
