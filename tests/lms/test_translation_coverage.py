"""Every django-allauth and Django message a learner can meet has a Kazakh (and a
Russian) translation in the catalogue the site runs with: ours, the extra one
(locale/kk/LC_MESSAGES/django-extra.po, merged into django.mo) or the package's own.

The msgids come from the packages' catalogues, with the source files each is used in
(allauth's ru catalogue; Django's en catalogues, the only ones that name the files).
A message is needed when one of its files is a part of the package the site uses;
what the site never shows is left out below, each part with the reason.
"""

from pathlib import Path

import allauth
import django
import polib
import pytest
from django.conf import settings
from django.utils.translation import trans_real

ALLAUTH = Path(allauth.__file__).parent
DJANGO = Path(django.__file__).parent
TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Parts of django-allauth whose messages the site never shows: the app (when it is in
# INSTALLED_APPS, its messages are needed again) or the reason.
ALLAUTH_UNUSED_APPS = {
    "socialaccount/": "allauth.socialaccount",
    "templates/socialaccount/": "allauth.socialaccount",
    "templates/openid/": "allauth.socialaccount.providers.openid",
    "usersessions/": "allauth.usersessions",
    "templates/usersessions/": "allauth.usersessions",
    "headless/": "allauth.headless",
    "idp/": "allauth.idp.oidc",
    "templates/idp/": "allauth.idp.oidc",
}
# allauth.mfa's parts the site does not switch on (MFA_SUPPORTED_TYPES is TOTP and
# recovery codes; MFA_TRUST_ENABLED is off).
ALLAUTH_MFA_UNUSED = {
    "mfa/webauthn/": "security keys (WebAuthn) are not offered",
    "templates/mfa/webauthn/": "security keys (WebAuthn) are not offered",
    "templates/mfa/email/webauthn_": "security keys (WebAuthn) are not offered",
    "templates/mfa/messages/webauthn_": "security keys (WebAuthn) are not offered",
    "templates/mfa/trust.html": "trusting a browser (MFA_TRUST_ENABLED) is off",
}
ALLAUTH_UNSHOWN = {
    # The e-mail address models in Django's admin: superusers only (/django-admin/);
    # learners, mentors and admins work in Wagtail's admin, offered in ru and en.
    "account/admin.py": "Django's admin",
    "account/apps.py": "Django's admin",
}

# Parts of Django whose messages a learner meets: form fields, widgets and
# validators, model validation behind model forms, dates and time-ago, filters,
# pagination, the password validators and the CSRF failure page.
DJANGO_SHOWN = (
    "core/validators.py",
    "core/paginator.py",
    "forms/",
    "db/models/",
    "template/defaultfilters.py",
    "utils/dates.py",
    "utils/dateformat.py",
    "utils/timesince.py",
    "utils/text.py",
    "views/csrf.py",
    "contrib/auth/password_validation.py",
    "contrib/auth/base_user.py",
)
# ...and the parts it never shows, with the reason (a file in neither list fails the
# test below, so a new file of a Django upgrade is sorted into one of them).
DJANGO_UNSHOWN = {
    "conf/global_settings.py": "language names: the switcher names each language in "
    "its own (lms_tags.LANGUAGE_NAMES)",
    "contrib/messages/apps.py": "app names: Django's admin only",
    "contrib/sitemaps/apps.py": "app names: Django's admin only",
    "contrib/staticfiles/apps.py": "app names: Django's admin only",
    "contrib/syndication/apps.py": "app names: Django's admin only",
    "contrib/auth/apps.py": "app names: Django's admin only",
    "contrib/auth/admin.py": "Django's admin only",
    "contrib/auth/forms.py": "Django's own log-in and password forms: Django's admin "
    "only (learners use django-allauth's)",
    "contrib/auth/views.py": "Django's own log-in and password views: not routed",
    "contrib/auth/templates/": "Django's own password reset e-mail: not routed",
    "contrib/auth/hashers.py": "password hash descriptions: Django's admin only",
    "contrib/auth/models.py": "permission and group fields: the admins' forms",
    "contrib/auth/validators.py": "user name validators: our users have no user name",
    "utils/ipv6.py": "no form takes an IP address",
    "views/generic/": "developers' messages of Http404, which error pages never show",
    "views/static.py": "DEBUG only",
    "views/templates/": "DEBUG only",
}
DJANGO_CATALOGUES = {
    "conf": DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
    "contrib/auth": DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
}


def _key(entry: polib.POEntry) -> str:
    """The entry's key in Django's merged catalogue (msgctxt \\x04 msgid)."""
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _untranslated(entries: list[polib.POEntry], language: str) -> list[str]:
    """The msgids of `entries` that the running site has no translation of in
    `language` (Django's merged catalogue, without its fallback language)."""
    catalogue = trans_real.translation(language)._catalog
    missing = []
    for entry in entries:
        key = _key(entry)
        if entry.msgid_plural:
            found = [catalogue.get((key, n)) for n in range(2)]
        else:
            found = [catalogue.get(key)]
        if not all(found):
            missing.append(entry.msgid)
    return missing


def _allauth_part(path: str) -> str | None:
    """Why allauth's file `path` (relative to the package) never shows, or None."""
    if path.startswith("templates/") and (TEMPLATES / path[10:]).exists():
        return "our template overrides it"
    if path in ALLAUTH_UNSHOWN:
        return ALLAUTH_UNSHOWN[path]
    for prefix, reason in ALLAUTH_MFA_UNUSED.items():
        if path.startswith(prefix):
            return reason
    for prefix, app in ALLAUTH_UNUSED_APPS.items():
        if path.startswith(prefix):
            return f"{app} is not installed"
    return None


def allauth_shown() -> list[polib.POEntry]:
    """allauth's msgids with a file the site uses."""
    catalogue = polib.pofile(str(ALLAUTH / "locale/ru/LC_MESSAGES/django.po"))
    return [
        entry
        for entry in catalogue
        if not entry.obsolete
        and any(_allauth_part(path) is None for path, _line in entry.occurrences)
    ]


def django_shown() -> list[polib.POEntry]:
    entries = []
    for path in DJANGO_CATALOGUES.values():
        for entry in polib.pofile(str(path)):
            files = [file for file, _line in entry.occurrences]
            if not entry.obsolete and any(f.startswith(DJANGO_SHOWN) for f in files):
                entries.append(entry)
    return entries


def test_allauth_apps_left_out_are_not_installed():
    for app in set(ALLAUTH_UNUSED_APPS.values()):
        assert app not in settings.INSTALLED_APPS, app


def test_allauth_mfa_parts_left_out_are_switched_off():
    assert set(settings.MFA_SUPPORTED_TYPES) == {"totp", "recovery_codes"}
    assert not getattr(settings, "MFA_TRUST_ENABLED", False)


def test_the_allauth_messages_a_learner_meets_are_many():
    """A sanity check of the selection: allauth's account app (pages, forms, messages
    and e-mails) is in, the parts left out are out."""
    msgids = {entry.msgid for entry in allauth_shown()}
    assert len(msgids) > 150
    assert {"Sign In", "Confirm Email Address", "Password Reset"} <= msgids
    assert "Incorrect code." in msgids  # allauth.mfa: staff's second factor
    assert "Account Connections" not in msgids  # allauth.socialaccount


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_allauth_message_a_learner_meets_is_translated(language):
    assert _untranslated(allauth_shown(), language) == []


def test_every_file_of_djangos_catalogues_is_sorted_as_shown_or_not():
    unsorted = set()
    for path in DJANGO_CATALOGUES.values():
        for entry in polib.pofile(str(path)):
            for file, _line in entry.occurrences:
                if not file.startswith((*DJANGO_SHOWN, *DJANGO_UNSHOWN)):
                    unsorted.add(file)
    assert unsorted == set()


def test_the_django_messages_a_learner_meets_include_validators_dates_and_csrf():
    msgids = {entry.msgid for entry in django_shown()}
    assert {
        "Enter a valid email address.",
        "This field is required.",
        "This password is too common.",
        "Ensure this value has at most %(limit_value)d character (it has "
        "%(show_value)d).",
        "%(num)d minute",
        "CSRF verification failed. Request aborted.",
        "That page number is less than 1",
        "March",
    } <= msgids


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_django_message_a_learner_meets_is_translated(language):
    assert _untranslated(django_shown(), language) == []


def test_no_template_uses_django_humanize():
    """django.contrib.humanize is installed, but its kk catalogue is incomplete and
    its messages are not checked above: a template that loads it must add them."""
    roots = [TEMPLATES, *Path(settings.BASE_DIR).glob("*/templates")]
    loading = [
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".html", ".txt"} and "humanize" in path.read_text()
    ]
    assert loading == []


def test_a_message_without_a_translation_is_reported():
    entries = [
        polib.POEntry(msgid="Sign In"),
        polib.POEntry(msgid="Not a message of any catalogue"),
        polib.POEntry(msgid="%(n)s thing", msgid_plural="%(n)s things"),
    ]
    assert _untranslated(entries, "kk") == [
        "Not a message of any catalogue",
        "%(n)s thing",
    ]
