"""The choice of a preferred language names each language in itself, marked as
written in it: on a Kazakh page, "Русский" is Russian, not a Russian word left."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/kk/accounts/signup/", "/kk/profile/"])
def test_each_language_option_is_marked_with_its_language(learner, client, url):
    if "profile" in url:
        client.force_login(learner)

    page = BeautifulSoup(client.get(url).content, "html.parser")

    options = page.select("select[name=preferred_language] option")
    assert {option["value"]: option.get("lang") for option in options} == {
        "kk": "kk",
        "ru": "ru",
        "en": "en",
    }
    assert {option["lang"]: option.text for option in options}["ru"] == "Русский"
