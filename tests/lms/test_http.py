"""lms.http.client_ip: whose address a request is, with and without a trusted proxy."""

from django.test import RequestFactory

from lms.http import client_ip


def test_without_a_proxy_header_the_client_is_remote_addr(settings):
    settings.LMS_CLIENT_IP_HEADER = ""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert client_ip(request) == "198.51.100.7"  # the header is not trusted


def test_behind_a_proxy_the_last_forwarded_entry_is_the_client(settings):
    settings.LMS_CLIENT_IP_HEADER = "X-Forwarded-For"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"


def test_a_missing_proxy_header_falls_back_to_remote_addr(settings):
    settings.LMS_CLIENT_IP_HEADER = "X-Real-IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
