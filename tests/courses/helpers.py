"""Helpers shared by the courses tests (fixtures live in conftest.py)."""

import datetime
import html

from django.contrib.messages import get_messages
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from courses import services


def years_ago(years: int, days: int = 0) -> datetime.date:
    """A birth date making someone `years` old today (`days` earlier if given)."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - datetime.timedelta(days=days)


def messages_of(response) -> list[str]:
    """The flash messages a response queued (without following the redirect)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def complete_course(*, learner, course, lessons):
    """Enrol and mark every lesson done through the services."""
    enrolment = services.enrolment_create(learner=learner, course=course)
    for lesson in lessons:
        services.item_complete(enrolment=enrolment, item=lesson)
    enrolment.refresh_from_db()
    return enrolment


class SignalRecorder:
    """Connects to a signal for the length of a test and keeps what it received."""

    def __init__(self, signal):
        self.signal = signal
        self.calls: list[dict] = []

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)

    def __enter__(self):
        self.signal.connect(self, weak=False, dispatch_uid=f"test-{id(self)}")
        return self

    def __exit__(self, *exc):
        self.signal.disconnect(dispatch_uid=f"test-{id(self)}")


# UI text: translations change while the code does not, so tests ask gettext what a
# Russian-speaking learner reads instead of hard-coding it.
# ------------------------------------------------------------------------------


def ru(message, **params) -> str:
    """A message as shown in Russian (with `params` filled in, as the code does): a
    msgid, or a lazy translation such as a service's message constant (plural ones
    too, which pick their form from `params`)."""
    with translation.override("ru"):
        if not isinstance(message, str):
            return str(message % params if params else message)
        text = gettext(message)
    return text % params if params else text


def ru_plural(singular: str, plural: str, number: int, **params) -> str:
    with translation.override("ru"):
        return ngettext(singular, plural, number) % params


def ru_date(value) -> str:
    """A date or datetime as templates show it in Russian (DATE_FORMAT, local time)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    with translation.override("ru"):
        return date_format(value, "DATE_FORMAT")


def progress_text(done: int, total: int, language: str = "ru") -> str:
    """The progress line of components/progress.html."""
    percent = round(100 * done / total) if total else 0
    with translation.override(language):
        text = gettext("%(done)s of %(total)s done (%(percent)s%%)")
    return text % {"done": done, "total": total, "percent": percent}


def page_text(response) -> str:
    """The response's HTML with entities decoded, to look for text in it."""
    return html.unescape(response.content.decode())
