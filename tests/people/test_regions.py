"""The 20 regions in each language's alphabetical order (people.selectors.region_sort,
ICU collation): Kazakh has letters of its own (ә after а, қ after к, і after ы, ...)
that a database's ordering puts after я."""

import re

import pytest
from django.utils import translation

from people.models import Region
from people.selectors import region_list, region_sort
from tests.factories import region_by_code

pytestmark = pytest.mark.django_db

# The alphabets as their readers learn them: the oracle the collation must agree with.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _alphabetical(names: list[str], alphabet: str) -> list[str]:
    """Letter by letter in the alphabet's order; spaces and hyphens before any letter
    ("Алматы" before "Алматы облысы"), letters of other alphabets (Ұ in the Russian
    "область Ұлытау") after its own."""

    def key(name: str) -> list[int]:
        return [
            alphabet.index(ch)
            if ch in alphabet
            else (len(alphabet) + ord(ch) if ch.isalpha() else -1)
            for ch in name.lower()
        ]

    return sorted(names, key=key)


@pytest.fixture
def regions():
    region_by_code()  # the data migration's 20 (reloaded if a flush removed them)
    assert Region.objects.count() == 20
    return list(region_list())


def test_kazakh_region_names_are_in_kazakh_alphabetical_order(regions):
    with translation.override("kk"):
        names = [r.name for r in region_sort(regions)]

    assert names == _alphabetical(names, KAZAKH_ALPHABET)
    # қ comes after к and before л; ұ after у; ғ after г, before ы's м.
    assert names.index("Ақмола облысы") < names.index("Алматы")
    assert names.index("Түркістан облысы") < names.index("Ұлытау облысы")
    assert names.index("Ұлытау облысы") < names.index("Шығыс Қазақстан облысы")
    assert names.index("Шығыс Қазақстан облысы") < names.index("Шымкент")
    assert names.index("Жетісу облысы") < names.index("Қарағанды облысы")
    assert names.index("Қызылорда облысы") < names.index("Маңғыстау облысы")


def test_russian_region_names_stay_in_russian_alphabetical_order(regions):
    with translation.override("ru"):
        names = [r.name for r in region_sort(regions)]

    assert names == _alphabetical(names, RUSSIAN_ALPHABET)
    assert names[0] == "Акмолинская область"


def test_the_kazakh_sign_up_form_lists_the_regions_in_kazakh_order(
    client, home_page, regions
):
    response = client.get("/kk/accounts/signup/")

    select = re.search(
        r'<select name="region".*?</select>', response.content.decode(), re.S
    ).group(0)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    assert len(options) == 20
    assert options == _alphabetical(options, KAZAKH_ALPHABET)
