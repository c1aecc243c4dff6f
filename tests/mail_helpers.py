"""Helpers of the tests that hold every e-mail task to core.mail.mail_recipient: no
e-mail to an inactive or erased person, and every e-mail in the recipient's language."""

from django.utils import timezone, translation
from django.utils.translation import gettext

# The people we may not write to: an account switched off, and an erased one (erasure
# also switches it off; this one an admin switched on again, so only erased_at says
# that its personal data, the e-mail address included, are gone).
UNREACHABLE = ["inactive", "erased"]


def make_unreachable(user, state: str) -> None:
    if state == "inactive":
        user.is_active = False
    else:
        user.erased_at = timezone.now()
    user.save()


def kk_start(msgid: str) -> str:
    """What a Kazakh subject line made from `msgid` starts with (the text before its
    first placeholder), checked to differ from the Russian one so that the assertion
    tells the languages apart."""
    with translation.override("kk"):
        kk = gettext(msgid).split("%(")[0]
    with translation.override("ru"):
        ru = gettext(msgid).split("%(")[0]
    assert kk and kk != ru, f"no Kazakh translation of {msgid!r}"
    return kk
