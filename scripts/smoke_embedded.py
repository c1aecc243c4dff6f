"""Fetch the home page and a lesson from a running `make run` (used by .ci/run).

Waits for /healthz, checks the home page, logs in as the demo volunteer, opens a lesson
of the course they are enrolled in, downloads their certificate's PDF and follows its
QR link to the public verification page, opens the session calendar, a session and
the national iCalendar feed, then takes a quiz. Standard library only.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
LESSON = "/ru/catalog/risk-zones/volunteer-rights/what-is-volunteering/"
QUIZ = "/ru/catalog/risk-zones/safety-ethics/final-quiz/"
MY_LEARNING = "/ru/my/"

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def fetch(path: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(
        BASE + path, data=body, headers={"Referer": BASE + path}
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def fetch_bytes(path: str) -> tuple[int, bytes]:
    try:
        with opener.open(BASE + path, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def main() -> int:
    deadline = time.monotonic() + 600
    while True:
        try:
            status, _ = fetch("/healthz")
            if status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            print("the embedded server did not come up")
            return 1
        time.sleep(2)
    status, html = fetch("/ru/")
    assert status == 200 and "Birgemiz" in html, f"home page: {status}"
    print("home page: 200")
    status, html = fetch("/ru/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, html = fetch(
        "/ru/accounts/login/",
        {
            "csrfmiddlewaretoken": token,
            "login": "volunteer@demo.birgemiz.kz",
            "password": "birgemiz-demo-2026",
        },
    )
    assert status == 200, f"login: {status}"
    status, html = fetch(LESSON)
    assert status == 200 and "lesson__body" in html, f"lesson: {status}"
    print(f"lesson {LESSON}: 200")

    # The volunteer's intro certificate: listed, its PDF, its QR link to the public page.
    status, html = fetch(MY_LEARNING)
    code = re.search(r'href="/ru/certificates/([0-9A-Z]{20})/pdf/"', html)
    assert status == 200 and code, f"My learning lists no certificate: {status}"
    code = code.group(1)
    status, pdf = fetch_bytes(f"/ru/certificates/{code}/pdf/")
    assert status == 200 and pdf.startswith(b"%PDF-"), f"certificate PDF: {status}"
    print(f"certificate {code}: PDF of {len(pdf)} bytes")
    status, html = fetch(f"/v/{code}")
    assert status == 200 and "/verify/" in html and code[:4] in html, (
        f"verify: {status}"
    )
    print(f"certificate {code}: the QR link opens the verification page")

    status, html = fetch("/ru/sessions/?view=list")
    assert status == 200, f"session calendar: {status}"
    session = re.search(r'href="(/ru/sessions/\d+/)"', html)
    assert session, "the session calendar lists no session"
    status, html = fetch(session.group(1))
    assert status == 200 and "session-state" in html, f"session page: {status}"
    print(f"session calendar and session {session.group(1)}: 200")
    status, feed = fetch("/calendar/national.ics")
    assert status == 200 and feed.startswith("BEGIN:VCALENDAR"), f"feed: {status}"
    print(f"national iCalendar feed: {feed.count('BEGIN:VEVENT')} events")

    status, html = fetch(QUIZ)
    assert status == 200, f"quiz page: {status}"
    token = _csrf(html)
    status, html = fetch(QUIZ + "start/", {"csrfmiddlewaretoken": token})
    attempt = re.search(r'action="(/ru/[^"]*/attempt/\d+/)"', html)
    if attempt is None:
        # A re-run on the same database may have used every attempt.
        assert "final-quiz/start/" not in html, "quiz start: no attempt page"
        print("quiz: no attempts left on this database")
        return 0
    assert status == 200 and "data-quiz-form" in html, f"attempt page: {status}"
    print(f"quiz attempt {attempt.group(1)}: 200")
    status, html = fetch(
        attempt.group(1) + "submit/",
        {"csrfmiddlewaretoken": _csrf(html), "page": "1", "action": "submit"},
    )
    assert status == 200 and "quiz-score" in html, f"quiz result: {status}"
    print("quiz submitted, result page: 200")
    return 0


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


if __name__ == "__main__":
    sys.exit(main())
