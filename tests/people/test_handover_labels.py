"""A hand-over's duties are labelled in the reader's language: the successor reading
the notes on Kazakh pages sees the onboarding learning by its Kazakh title (when it
is translated), the role's rights and the sessions' dates in Kazakh, whatever the
language of the day the hand-over opened."""

import pytest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from people import services
from people.roles import Role
from tests.courses.helpers import page_text
from tests.factories.courses import translate

from .conftest import yesterday

pytestmark = pytest.mark.django_db

KAZAKH_PROGRAM = "Жаңа үйлестірушіге арналған бағдарлама"


@pytest.fixture
def kazakh_onboarding(onboarding, locales):
    for page in onboarding["program"].get_ancestors().filter(depth__gt=1):
        if not page.get_translations().filter(locale=locales["kk"]).exists():
            translate(page.specific, locales["kk"])
    program = translate(onboarding["program"], locales["kk"])
    program.title = KAZAKH_PROGRAM
    program.save_revision().publish()
    return onboarding


@pytest.fixture
def completed_handover(
    kazakh_onboarding, coordinator_position, sessions, successor, regional_office
):
    with translation.override("ru"):  # the hand-over opens in Russian
        services.position_end(position=coordinator_position, end_date=yesterday())
    handover = coordinator_position.handovers.get()
    services.handover_complete(handover=handover, successor=successor)
    return handover


def test_the_notes_on_kazakh_pages_label_the_duties_in_kazakh(
    client, completed_handover, successor, sessions, regional_office
):
    client.force_login(successor)
    upcoming, _held = sessions

    with translation.override("kk"):
        role = gettext("Rights of the role: %(role)s, %(organization)s") % {
            "role": Role(Role.REGIONAL_ADMIN).label,
            "organization": regional_office.display_name,
        }
        day = formats.date_format(timezone.localtime(upcoming.starts_at), "DATE_FORMAT")
        session = f"{upcoming.title}, {day}"
    text = page_text(
        client.get(f"/kk/profile/handovers/{completed_handover.pk}/notes/")
    )

    assert KAZAKH_PROGRAM in text
    assert role in text
    assert session in text
    assert "Онбординг" not in text


def test_the_same_notes_in_russian_keep_the_russian_labels(
    client, completed_handover, successor
):
    client.force_login(successor)

    text = page_text(
        client.get(f"/ru/profile/handovers/{completed_handover.pk}/notes/")
    )

    assert "Онбординг" in text
    assert KAZAKH_PROGRAM not in text
