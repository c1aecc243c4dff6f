"""The e-mail of people's tasks goes only to those we may write to, in their language
(core.mail.mail_recipient)."""

import pytest

from people import tasks
from tests.factories.people import ErasureRequestFactory
from tests.mail_helpers import UNREACHABLE, kk_start, make_unreachable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", UNREACHABLE)
def test_erasure_request_notify_writes_to_no_inactive_or_erased_user(
    learner, mailoutbox, state
):
    request = ErasureRequestFactory(user=learner)
    make_unreachable(learner, state)

    assert not tasks.erasure_request_notify.delay(erasure_request_id=request.pk).get()

    assert mailoutbox == []
    request.refresh_from_db()
    assert request.notified_at is None


def test_erasure_request_notify_writes_in_kazakh_to_a_kazakh_speaker(
    learner, mailoutbox
):
    learner.preferred_language = "kk"
    learner.save()
    request = ErasureRequestFactory(user=learner)

    assert tasks.erasure_request_notify.delay(erasure_request_id=request.pk).get()

    (mail,) = mailoutbox
    assert mail.subject.startswith(kk_start("Your request to delete your account"))
