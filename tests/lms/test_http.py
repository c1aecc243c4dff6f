"""core.http: whose address a request is and when it arrived, with and without trusted
reverse proxies (settings.LMS_TRUSTED_PROXY_COUNT, the one switch)."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from core.http import client_ip, request_received_at
from lms.checks import proxy_headers_check


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_the_client_is_remote_addr(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    request = _request(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == "198.51.100.7"  # the header is not trusted


def test_behind_a_proxy_the_last_forwarded_entry_is_the_client(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    request = _request(
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"  # 192.0.2.1 is the client's word


def test_behind_two_proxies_the_second_entry_from_the_end_is_the_client(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 2
    request = _request(
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7, 172.16.0.5",
    )
    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_a_request_entering_at_the_inner_one_is_its_client(
    settings,
):
    settings.LMS_TRUSTED_PROXY_COUNT = 2
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_a_proxy_with_a_header_of_its_own_passes_the_client_in_it(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    settings.LMS_CLIENT_IP_HEADER = "X-Real-IP"
    request = _request(
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="198.51.100.7",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_or_garbled_proxy_header_falls_back_to_remote_addr(
    settings, forwarded
):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    meta = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(_request(**meta)) == "10.0.0.1"


def _stamped(moment: datetime.datetime):
    return RequestFactory().post(
        "/", headers={"X-Request-Start": f"t={moment.timestamp():.3f}"}
    )


def test_the_arrival_stamp_is_read_behind_a_proxy(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    arrived = timezone.now() - datetime.timedelta(seconds=20)

    received = request_received_at(_stamped(arrived))

    assert abs((received - arrived).total_seconds()) < 0.01


def test_the_arrival_stamp_is_the_clients_word_without_a_proxy(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    before = timezone.now()

    received = request_received_at(_stamped(before - datetime.timedelta(seconds=20)))

    assert before <= received <= timezone.now()


def test_a_proxy_header_named_without_the_switch_is_flagged(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    settings.LMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.LMS_REQUEST_START_HEADER = ""

    [warning] = proxy_headers_check()

    assert warning.id == "lms.W001"
    assert "LMS_TRUSTED_PROXY_COUNT" in warning.hint
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    assert proxy_headers_check() == []


def test_a_cache_local_to_each_process_is_flagged_for_deployment(settings):
    from django.core import checks

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    ids = [
        m.id for m in checks.run_checks(tags=["lms"], include_deployment_checks=True)
    ]
    assert "lms.W002" in ids
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": ""}}
    ids = [
        m.id for m in checks.run_checks(tags=["lms"], include_deployment_checks=True)
    ]
    assert "lms.W002" not in ids
