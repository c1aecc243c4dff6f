"""core.mail: whom we may write to and in which language (mail_recipient), and an
e-mail sent once per event to one or several recipients (mail_send_once)."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from core import mail as core_mail
from core.mail import Recipient, mail_recipient, mail_send_once
from people.models import ErasureRequest
from tests.factories.people import ErasureRequestFactory, UserFactory
from tests.mail_helpers import kk_start

TEMPLATE = "people/emails/erasure_request"
SUBJECT = "Your request to delete your account"


def person(**fields):
    defaults = {
        "is_active": True,
        "erased_at": None,
        "email": "aigerim@example.kz",
        "preferred_language": "kk",
    }
    return SimpleNamespace(**{**defaults, **fields})


def test_mail_recipient_writes_to_an_active_person_in_their_language():
    someone = person()

    recipient = mail_recipient(someone)

    assert recipient == Recipient(
        user=someone, email="aigerim@example.kz", language="kk"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"is_active": False},
        {"erased_at": timezone.now()},
        {"email": ""},
    ],
    ids=["inactive", "erased", "without-address"],
)
def test_mail_recipient_refuses_whom_we_may_not_write_to(fields):
    assert mail_recipient(person(**fields)) is None
    assert mail_recipient(None) is None


@pytest.mark.parametrize("language", ["", "de", None])
def test_mail_recipient_writes_in_the_site_language_without_a_language_it_offers(
    settings, language
):
    recipient = mail_recipient(person(preferred_language=language))

    assert recipient.language == settings.LANGUAGE_CODE == "ru"


def test_mail_recipient_reads_a_user_without_erased_at_as_not_erased():
    someone = SimpleNamespace(is_active=True, email="a@example.kz")

    assert mail_recipient(someone).email == "a@example.kz"


@pytest.fixture
def request_row(db):
    return ErasureRequestFactory(user=UserFactory(preferred_language="kk"))


def _recipients(request_row):
    russian = UserFactory(preferred_language="ru")
    return [mail_recipient(request_row.user), mail_recipient(russian)]


def _context(request_row):
    return lambda recipient: {"user": recipient.user, "request": request_row}


def _send(request_row, to, context):
    return mail_send_once(
        queryset=ErasureRequest.objects.filter(pk=request_row.pk),
        flag_field="notified_at",
        template=TEMPLATE,
        to=to,
        context=context,
    )


def test_mail_send_once_writes_to_each_recipient_in_their_language_once(
    request_row, mailoutbox
):
    kazakh, russian = _recipients(request_row)

    assert _send(request_row, [kazakh, russian], _context(request_row)) == 2
    assert _send(request_row, [kazakh, russian], _context(request_row)) == 0

    first, second = mailoutbox
    assert first.to == [kazakh.email] and second.to == [russian.email]
    assert first.subject.startswith(kk_start(SUBJECT))
    assert not second.subject.startswith(kk_start(SUBJECT))
    assert kazakh.user.full_name in first.body
    assert russian.user.full_name in second.body


def test_mail_send_once_to_nobody_claims_nothing(request_row, mailoutbox):
    assert _send(request_row, [], {}) == 0

    request_row.refresh_from_db()
    assert request_row.notified_at is None


def test_mail_send_once_releases_the_claim_when_nothing_could_be_sent(
    request_row, mailoutbox, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(core_mail, "send_mail", unreachable)

    with pytest.raises(ConnectionRefusedError):
        _send(request_row, _recipients(request_row), _context(request_row))

    request_row.refresh_from_db()
    assert request_row.notified_at is None  # the task's retry sends it


def test_mail_send_once_keeps_the_claim_once_someone_got_theirs(
    request_row, mailoutbox, monkeypatch
):
    sent = []

    def second_fails(subject, body, sender, to):
        if sent:
            raise ConnectionRefusedError
        sent.append(to)

    monkeypatch.setattr(core_mail, "send_mail", second_fails)

    with pytest.raises(ConnectionRefusedError):
        _send(request_row, _recipients(request_row), _context(request_row))

    request_row.refresh_from_db()
    assert request_row.notified_at is not None  # nobody gets it twice


def test_mail_send_once_attaches_each_recipients_files_in_their_language(
    request_row, mailoutbox
):
    from django.utils import translation

    kazakh, russian = _recipients(request_row)

    def files(recipient):
        language = translation.get_language()
        return [(f"{language}.txt", f"for {recipient.email}", "text/plain")]

    assert (
        mail_send_once(
            queryset=ErasureRequest.objects.filter(pk=request_row.pk),
            flag_field="notified_at",
            template=TEMPLATE,
            to=[kazakh, russian],
            context=_context(request_row),
            attachments=files,
        )
        == 2
    )

    first, second = mailoutbox
    assert first.attachments == [("kk.txt", f"for {kazakh.email}", "text/plain")]
    assert second.attachments == [("ru.txt", f"for {russian.email}", "text/plain")]
