"""A person's preferred language, saved from the site's language switcher
(people.services.user_language_set)."""

import pytest
from django.core.exceptions import ValidationError

from people import services

pytestmark = pytest.mark.django_db


def test_language_set_saves_the_preference_and_says_it_changed(learner):
    assert services.user_language_set(user=learner, language="kk") is True

    learner.refresh_from_db()
    assert learner.preferred_language == "kk"


def test_language_set_to_the_same_language_changes_nothing(
    learner, django_assert_num_queries
):
    learner.preferred_language = "en"
    learner.save(update_fields=["preferred_language"])

    with django_assert_num_queries(0):
        assert services.user_language_set(user=learner, language="en") is False


def test_language_set_refuses_a_language_not_offered(learner):
    with pytest.raises(ValidationError) as raised:
        services.user_language_set(user=learner, language="de")

    assert raised.value.message_dict == {
        "preferred_language": [str(services.MSG_LANGUAGE_UNKNOWN)]
    }
    learner.refresh_from_db()
    assert learner.preferred_language != "de"
