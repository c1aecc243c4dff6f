"""The expiring-certificates list: which certificates it shows (window, expired,
scope, filters) in a fixed number of queries, its exports, and the reminders sent
from it (once a person a day, in scope, in the audit log, by e-mail)."""

import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, CertificateNudge
from certificates.services import MSG_NUDGE_ALREADY, NUDGE_ACTION
from certificates.tasks import certificate_nudge_send
from reports.forms import MSG_CERTIFICATES_CHOOSE
from tests.courses.helpers import messages_of, ru, ru_plural
from tests.factories import UserFactory, course_with_lessons

from .helpers import certify, csv_rows

pytestmark = pytest.mark.django_db

KEY = uuid.uuid4()
OTHER_KEY = uuid.uuid4()
TITLE = {"ru": "Паллиативная помощь", "kk": "Паллиативтік көмек"}
URL = "reports:expiring_certificates"
REMIND = "reports:expiring_certificates_remind"


def certificate(learner, days: int, *, key=KEY, **fields) -> Certificate:
    """A certificate of `learner` expiring in `days` (negative: expired)."""
    made = certify(learner, key, expires_in_days=days, **fields)
    Certificate.objects.filter(pk=made.pk).update(title=TITLE)
    made.title = TITLE
    return made


def listed(client, **params) -> list[str]:
    """The certificate numbers on the list's page, in order."""
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return [row.certificate.code for row in response.context["rows"]]


@pytest.fixture
def certificates(learner, other_learner, other_region_learner):
    """In `region`: expiring in 10 days (learner), in 45 and 80 days (other_learner),
    expired 5 days ago (learner), expired 120 days ago, expiring in 200 days, and a
    revoked one in 10 days. In `other_region`: expiring in 20 days."""
    return {
        "soon": certificate(learner, 10),
        "mid": certificate(other_learner, 45, key=OTHER_KEY),
        "late": certificate(other_learner, 80),
        "expired": certificate(learner, -5, key=OTHER_KEY),
        "long_expired": certificate(UserFactory(region=learner.region), -120),
        "far": certificate(UserFactory(region=learner.region), 200),
        "revoked": certificate(UserFactory(region=learner.region), 10, revoked=True),
        "there": certificate(other_region_learner, 20),
    }


def codes(certificates, *names) -> list[str]:
    return [certificates[name].code for name in names]


# The list
# ------------------------------------------------------------------------------


def test_the_list_shows_certificates_expiring_within_60_days_soonest_first(
    national_admin_client, certificates
):
    assert listed(national_admin_client) == codes(certificates, "soon", "there", "mid")


@pytest.mark.parametrize(
    ("window", "names"),
    [
        ("30", ["soon", "there"]),
        ("90", ["soon", "there", "mid", "late"]),
        ("expired", ["expired"]),
    ],
)
def test_the_window_filter_picks_30_60_90_days_ahead_or_expired_lately(
    national_admin_client, certificates, window, names
):
    assert listed(national_admin_client, window=window) == codes(certificates, *names)


def test_a_regional_admin_sees_only_their_region(regional_admin_client, certificates):
    assert listed(regional_admin_client, window="90") == codes(
        certificates, "soon", "mid", "late"
    )


def test_a_regional_admin_cannot_filter_their_way_into_another_region(
    regional_admin_client, certificates, other_region
):
    assert listed(regional_admin_client, region=other_region.pk) == codes(
        certificates, "soon", "mid"
    )  # an invalid choice: the defaults, still of their region only


def test_the_region_filter_keeps_one_region(
    national_admin_client, certificates, other_region
):
    there = listed(national_admin_client, region=other_region.pk)
    assert there == codes(certificates, "there")


def test_the_course_filter_keeps_that_course(
    national_admin_client, certificates, program_page, learner
):
    course, _lessons = course_with_lessons(program_page, 1)
    of_course = certificate(learner, 50, key=course.translation_key)
    chosen = listed(
        national_admin_client, window="90", target=str(course.translation_key)
    )
    assert chosen == [of_course.code]


def test_an_unknown_course_is_not_a_choice(national_admin_client, certificates):
    response = national_admin_client.get(reverse(URL), {"target": str(OTHER_KEY)})
    assert "target" in response.context["form"].errors


def test_a_renewed_certificate_is_not_listed(national_admin_client, learner):
    old = certificate(learner, 10)
    now = timezone.now()
    Certificate.objects.create(
        code="RENEWAL",
        learner=learner,
        kind=Certificate.Kind.COURSE,
        target_key=KEY,
        cycle=2,
        previous=old,
        holder_name=learner.full_name,
        completed_at=now,
        issued_at=now,
        expires_at=now + datetime.timedelta(days=700),
    )
    assert listed(national_admin_client) == []


def test_the_page_shows_the_columns_with_days_left(
    national_admin_client, certificates, learner
):
    response = national_admin_client.get(reverse(URL))
    html = response.content.decode()
    first = response.context["rows"][0]
    assert first.days_left == 10
    assert first.title == TITLE["ru"]
    assert first.number in html
    assert '<th scope="col">' in html and "expiring-caption" in html
    assert learner.full_name in html
    assert ru("Send reminder") in html and ru("Remind all on this page") in html


def test_the_expired_list_counts_days_since_expiry(national_admin_client, certificates):
    response = national_admin_client.get(reverse(URL), {"window": "expired"})
    [row] = response.context["rows"]
    assert row.days_since_expiry == 5
    assert ru("Days since expiry") in response.content.decode()


def test_the_list_has_50_rows_a_page(national_admin_client, region):
    for n in range(53):
        certificate(UserFactory(region=region), 1 + n % 50)
    first = national_admin_client.get(reverse(URL))
    second = national_admin_client.get(reverse(URL), {"page": 2})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 3


def _rows_shown(client, assert_num_queries) -> int:
    client.get(reverse(URL))  # the session and memos warm, as between requests
    # the viewer's scope, the regions, the programs and courses (filter choices),
    # the count, the page of certificates with their holders and reminders
    with assert_num_queries(6):
        response = client.get(reverse(URL))
    assert response.status_code == 200
    return len(response.context["rows"])


def test_the_query_count_is_the_same_for_3_and_30_rows(
    national_admin_client, region, other_region, django_assert_num_queries
):
    for n in range(3):
        certificate(UserFactory(region=region), 5 + n)
    assert _rows_shown(national_admin_client, django_assert_num_queries) == 3
    for n in range(27):
        person = UserFactory(region=other_region if n % 2 else region)
        reminded = certificate(person, 5 + n)
        CertificateNudge.objects.create(
            learner=person,
            certificate=reminded,
            day=timezone.localdate() - datetime.timedelta(days=1),
        )
        reminded.reminders.create(days_before=60, sent_at=timezone.now())
    assert _rows_shown(national_admin_client, django_assert_num_queries) == 30


# Exports
# ------------------------------------------------------------------------------


def test_the_exports_have_every_row_matching_not_only_the_page(
    national_admin_client, region, learner
):
    for n in range(52):
        certificate(UserFactory(region=region), 1 + n % 40)
    certificate(learner, 70)  # outside the default 60 days
    csv_response = national_admin_client.get(
        reverse("reports:expiring_certificates_csv")
    )
    assert csv_response.streaming
    assert len(csv_rows(csv_response)) == 52
    xlsx = national_admin_client.get(
        reverse("reports:expiring_certificates_xlsx"), {"window": "90"}
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    lines = list(book.active.iter_rows(values_only=True))
    assert len(lines) == 1 + 53
    assert lines[1][3] == TITLE["ru"]  # the certificate's title, in Russian
    assert isinstance(lines[1][7], int)  # days left, a number


def test_the_export_neutralises_a_formula_in_a_name(national_admin_client, region):
    certificate(UserFactory(region=region, full_name="=HYPERLINK(1)"), 3)
    text = b"".join(
        national_admin_client.get(
            reverse("reports:expiring_certificates_csv")
        ).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in text


# Reminders
# ------------------------------------------------------------------------------


def _remind(client, *certificates, back=""):
    return client.post(
        reverse(REMIND),
        {"certificate": [c.pk for c in certificates], "back": back},
    )


def test_remind_sends_one_e_mail_a_day_and_records_it(
    regional_admin_client,
    regional_admin,
    learner,
    certificates,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    soon = certificates["soon"]
    with django_capture_on_commit_callbacks(execute=True):
        first = _remind(regional_admin_client, soon, back="window=90&page=1")
    with django_capture_on_commit_callbacks(execute=True):
        second = _remind(regional_admin_client, soon)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse(URL) + "?window=90&page=1"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    assert mailoutbox[0].subject == ru(
        "Your certificate expires soon: %(title)s", title=TITLE["ru"]
    )
    assert TITLE["ru"] in mailoutbox[0].body
    assert messages_of(second)[-1] == ru(MSG_NUDGE_ALREADY, name=learner.full_name)
    [nudge] = CertificateNudge.objects.all()
    assert (nudge.learner, nudge.certificate, nudge.sent_by) == (
        learner,
        soon,
        regional_admin,
    )
    assert nudge.sent_at is not None
    [entry] = ModelLogEntry.objects.filter(action=NUDGE_ACTION)
    assert entry.user_id == regional_admin.pk
    assert entry.data == {
        "learner": learner.pk,
        "certificate": soon.code,
        "region_id": learner.region_id,
    }
    row = regional_admin_client.get(reverse(URL)).context["rows"][0]
    assert row.certificate == soon and row.last_reminded is not None


def test_a_double_post_records_and_sends_one_reminder(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            _remind(regional_admin_client, certificates["soon"])
    assert CertificateNudge.objects.count() == 1
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action=NUDGE_ACTION).count() == 1


def test_another_certificate_of_the_same_person_the_same_day_sends_nothing(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _remind(regional_admin_client, certificates["soon"])
        response = _remind(regional_admin_client, certificates["expired"])
    assert len(mailoutbox) == 1
    assert ru(MSG_NUDGE_ALREADY, name=certificates["soon"].learner.full_name) in (
        messages_of(response)
    )


def test_remind_again_the_next_day_is_allowed(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _remind(regional_admin_client, certificates["soon"])
    CertificateNudge.objects.update(
        day=timezone.localdate() - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _remind(regional_admin_client, certificates["soon"])
    assert CertificateNudge.objects.count() == 2 and len(mailoutbox) == 2


def test_remind_all_on_the_page_writes_to_each_person_once(
    regional_admin_client,
    certificates,
    learner,
    other_learner,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    page = regional_admin_client.get(reverse(URL), {"window": "90"})
    on_page = [row.certificate for row in page.context["rows"]]
    assert len(on_page) == 3  # learner's one, other_learner's two

    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(regional_admin_client, *on_page)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [learner.email, other_learner.email]
    )
    mid = CertificateNudge.objects.get(learner=other_learner)
    assert mid.certificate == certificates["mid"]  # the one that expires first
    assert messages_of(response) == [
        ru_plural(
            "%(count)d person will get an e-mail reminder to renew.",
            "%(count)d people will get an e-mail reminder to renew.",
            2,
            count=2,
        )
    ]


def test_the_e_mail_of_an_expired_certificate_says_it_has_expired(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _remind(regional_admin_client, certificates["expired"])
    assert mailoutbox[0].subject == ru(
        "Your certificate has expired: %(title)s", title=TITLE["ru"]
    )


def test_a_certificate_out_of_scope_is_404_and_nothing_is_sent(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(
            regional_admin_client, certificates["soon"], certificates["there"]
        )
    assert response.status_code == 404
    assert not CertificateNudge.objects.exists() and mailoutbox == []


def test_an_unknown_certificate_is_404(regional_admin_client, certificates):
    response = regional_admin_client.post(reverse(REMIND), {"certificate": 999_999})
    assert response.status_code == 404
    assert not CertificateNudge.objects.exists()


@pytest.mark.parametrize("sent", [{}, {"certificate": "x"}, {"certificate": "-3"}])
def test_bad_input_is_refused_with_a_message_and_sends_nothing(
    regional_admin_client, certificates, mailoutbox, sent
):
    response = regional_admin_client.post(reverse(REMIND), sent)
    assert response.status_code == 400
    assert ru(MSG_CERTIFICATES_CHOOSE) in messages_of(response)
    assert not CertificateNudge.objects.exists() and mailoutbox == []


def test_more_than_a_page_of_certificates_is_refused(
    regional_admin_client, certificates
):
    response = regional_admin_client.post(
        reverse(REMIND), {"certificate": list(range(1, 52))}
    )
    assert response.status_code == 400


def test_a_certificate_not_due_a_reminder_gets_none(
    regional_admin_client, certificates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _remind(
            regional_admin_client, certificates["far"], certificates["revoked"]
        )
    assert response.status_code == 302
    assert not CertificateNudge.objects.exists() and mailoutbox == []
    assert len(messages_of(response)) == 1


@pytest.mark.parametrize("who", ["learner", "mentor", "editor"])
def test_learners_mentors_and_editors_may_not_remind(
    client, certificates, request, who, mailoutbox
):
    client.force_login(request.getfixturevalue(who))
    response = _remind(client, certificates["soon"])
    assert response.status_code == 403
    assert not CertificateNudge.objects.exists()


def test_the_task_sends_a_reminder_once_however_often_it_runs(
    regional_admin, certificates, mailoutbox
):
    nudge = CertificateNudge.objects.create(
        learner=certificates["soon"].learner,
        certificate=certificates["soon"],
        day=timezone.localdate(),
        sent_by=regional_admin,
    )
    assert certificate_nudge_send(nudge.pk) is True
    assert certificate_nudge_send(nudge.pk) is False
    assert certificate_nudge_send(0) is False
    assert len(mailoutbox) == 1


def test_the_task_sends_nothing_once_the_certificate_is_revoked(
    regional_admin, certificates, mailoutbox
):
    nudge = CertificateNudge.objects.create(
        learner=certificates["revoked"].learner,
        certificate=certificates["revoked"],
        day=timezone.localdate(),
    )
    assert certificate_nudge_send(nudge.pk) is False
    assert mailoutbox == []


def test_the_dashboard_links_the_list(national_admin_client):
    html = national_admin_client.get(reverse("reports:dashboard")).content.decode()
    assert f'href="{reverse(URL)}"' in html
