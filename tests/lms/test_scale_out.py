"""Web processes share nothing local: two gunicorn instances on two ports, a Celery
worker, one PostgreSQL database (the test's), one Redis (cache, sessions, broker) and
an S3-compatible server (moto's server mode) that this test starts. Each request of a
learner goes to the other instance than the one before: sign-up (the session one
instance makes is used by the other), enrol, both lessons, an assignment's file (sent
to one, downloaded from the other), the quiz, and the certificate the worker issues
and renders, downloaded from both. The files are in the buckets, both instances sign
with the one key kept there, and nothing is written under the local media roots.

Production settings (tests/lms/scale_out_settings.py: lms.settings.production without
collected static files), every variable as production has it, behind a TLS proxy as
the README describes (X-Forwarded-Proto: https). Runs on PostgreSQL only (processes
cannot share an in-memory SQLite database), in `make test`'s PostgreSQL pass with the
worker tests; without gunicorn, moto's server or Redis it skips with the reason
(fails under LMS_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings

from assessments.models import QuizAttempt, SubmissionFile
from certificates.models import Certificate
from lms.settings.storage import MEDIA_PREFIX, PRIVATE_PREFIX
from tests.factories import AssignmentPageFactory, QuizFactory, short_question
from tests.object_store import files_under
from tests.services import database_vendor, missing, redis_url_or_missing
from tests.worker import _database_url, _forget_queue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BIN = Path(sys.executable).parent
TIMEOUT = 90  # seconds: for a process to start, and for the certificate
MEDIA_BUCKET = "scale-media"
PRIVATE_BUCKET = "scale-private"
REGION = "us-east-1"
PASSWORD = "Steppe-wind-2026"
ANSWER = "волонтёр"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Processes
# ------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            pytest.fail(
                f"{self.name} exited with code {self.popen.returncode}:\n"
                f"{self.text()[-4000:]}"
            )


def start(name: str, command: list[str], env: dict, log: Path) -> Process:
    with open(log, "w") as out:
        popen = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, led by its PID: stopped with it
        )
    return Process(name, popen, log)


def stop(processes: list[Process]) -> None:
    """SIGTERM to the process group each PID leads (gunicorn's workers with it), all
    at once, then SIGKILL to any that has not ended."""
    running = [p for p in processes if p.popen.poll() is None]
    for process in running:
        os.killpg(process.popen.pid, signal.SIGTERM)
    for process in running:
        try:
            process.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait(timeout=10)


def wait_until(condition, process: Process, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        process.check_running()
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} within {TIMEOUT}s:\n{process.text()[-4000:]}")


# The stack
# ------------------------------------------------------------------------------


@dataclass
class Stack:
    web: list[str]  # the instances' base URLs
    s3: object  # boto3's client of the test's S3 server
    media_root: Path
    private_root: Path
    processes: list[Process] = field(default_factory=list)

    def keys(self, bucket: str, prefix: str) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def _requirements() -> str:
    if database_vendor() != "postgresql":
        missing(
            "the scale-out test needs PostgreSQL: its processes cannot share the "
            f"in-memory {database_vendor()} test database"
        )
    for program in ("gunicorn", "celery"):
        if not (BIN / program).exists():
            missing(f"{program} is not installed in {BIN}")
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
        import requests  # noqa: F401
    except ImportError as exc:
        missing(f"{exc.name} is not installed (moto[server]: requirements/dev.txt)")
    return redis_url_or_missing()


@pytest.fixture
def stack(transactional_db, tmp_path, request):
    """moto's S3 server with two buckets, a Celery worker and two gunicorn instances,
    all started here and stopped by PID at the end; their logs become a report
    section, shown when the test fails."""
    import boto3

    redis_url = _requirements()
    run = uuid.uuid4().hex[:10]
    queue = f"test-scale-{run}"
    s3_port, ports = free_port(), [free_port(), free_port()]
    while len({s3_port, *ports}) < 3:
        ports = [free_port(), free_port()]
    endpoint = f"http://127.0.0.1:{s3_port}"
    stack = Stack(
        web=[f"http://127.0.0.1:{port}" for port in ports],
        s3=None,
        media_root=tmp_path / "media",
        private_root=tmp_path / "private",
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.lms.scale_out_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "LMS_CELERY_EAGER": "0",
        "LMS_CELERY_QUEUE": queue,
        "LMS_CACHE_PREFIX": queue,
        "LMS_ACCOUNT_EMAIL_VERIFICATION": "optional",
        "LMS_PUBLIC_URL": stack.web[0],
        "LMS_S3_BUCKET": MEDIA_BUCKET,
        "LMS_S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "LMS_S3_ENDPOINT_URL": endpoint,
        "LMS_S3_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        # Where files would land if anything still wrote locally: the test looks.
        "DJANGO_MEDIA_ROOT": str(stack.media_root),
        "LMS_PRIVATE_MEDIA_ROOT": str(stack.private_root),
        "LMS_CREDENTIAL_KEY_FILE": "",
        "EMAIL_URL": "consolemail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("LMS_S3_PUBLIC_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(name, None)
    try:
        s3 = start(
            "moto S3 server",
            [
                sys.executable,
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                str(s3_port),
            ],
            {**os.environ, "PYTHONUNBUFFERED": "1"},
            tmp_path / "moto.log",
        )
        stack.processes.append(s3)
        worker = start(
            "Celery worker",
            [
                str(BIN / "celery"),
                "-A",
                "lms",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-n",
                f"{queue}@localhost",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env,
            tmp_path / "worker.log",
        )
        stack.processes.append(worker)
        for index, port in enumerate(ports):
            stack.processes.append(
                start(
                    f"gunicorn {'AB'[index]}",
                    [
                        str(BIN / "gunicorn"),
                        "-c",
                        "gunicorn.conf.py",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--control-socket",
                        str(tmp_path / f"gunicorn-{port}.ctl"),
                        "lms.wsgi:application",
                    ],
                    env,
                    tmp_path / f"gunicorn-{'AB'[index]}.log",
                )
            )

        stack.s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        wait_until(lambda: _tcp_open(s3_port), s3, "moto's S3 server did not answer")
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            stack.s3.create_bucket(Bucket=bucket)
        for base, process in zip(stack.web, stack.processes[2:], strict=True):
            wait_until(
                lambda base=base: _get(base + "/healthz") == 200,
                process,
                f"{process.name} did not answer /healthz",
            )
        wait_until(
            lambda: " ready." in worker.text(),
            worker,
            "the Celery worker was not ready",
        )
        yield stack
    finally:
        stop(stack.processes)
        _forget_queue(redis_url, queue)  # the queue's keys and the cache's
        request.node.add_report_section(
            "teardown",
            "logs of the processes",
            "\n".join(f"--- {p.name}\n{p.text()[-6000:]}" for p in stack.processes),
        )


def _tcp_open(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def _get(url: str) -> int:
    import requests

    return requests.get(url, timeout=5).status_code


# The learner, alternating between the instances
# ------------------------------------------------------------------------------


class Learner:
    """A browser behind the TLS proxy: its cookies, and each request to the other
    instance than the one before. The proxy speaks https to the browser, so the
    cookies are Secure and the forms' Referer is https, and it tells the web workers
    so (X-Forwarded-Proto). The test speaks plain http to gunicorn, so it keeps the
    cookies itself (a cookie jar would not send Secure cookies over http)."""

    def __init__(self, web: list[str]):
        self.web = web
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.served_by: list[tuple[str, str, int]] = []

    def request(self, method: str, path: str, **kwargs):
        import requests

        base = self.web[self.turn % len(self.web)]
        self.turn += 1
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": base.replace("http://", "https://") + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            base + path,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        self.served_by.append((base, f"{method} {path}", response.status_code))
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict, files=None):
        token = self.cookies[settings.CSRF_COOKIE_NAME]
        return self.request(
            "POST", path, data={"csrfmiddlewaretoken": token, **data}, files=files
        )


def test_a_learner_alternating_between_two_web_instances_gets_the_certificate(
    stack, certified_course_and_lessons, region
):
    course, lessons, _rule = certified_course_and_lessons
    quiz = QuizFactory(
        parent=course,
        title="Итоговый тест",
        slug="final-quiz",
        questions=[
            short_question(
                text="Кто помогает безвозмездно? Одно слово.", accepted=[ANSWER]
            )
        ],
        pass_mark=70,
    )
    assignment = AssignmentPageFactory(
        parent=course,
        required=False,
        slug="grant-draft",
        allowed_extensions="pdf",
        max_file_mb=1,
        max_files=1,
    )
    email = f"scale-{uuid.uuid4().hex[:8]}@example.kz"
    learner = Learner(stack.web)

    # The sign-up form from A, posted to B (the CSRF cookie A set), which signs the
    # learner in; A knows the session B made.
    assert learner.get("/ru/accounts/signup/").status_code == 200
    signed_up = learner.post(
        "/ru/accounts/signup/",
        {
            "email": email,
            "full_name": "Айгерим Сапарова",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "region": region.pk,
            "organization_kind": "volunteer_ngo",
            "date_of_birth": "1999-05-01",
            "preferred_language": "ru",
            "consent": "on",
        },
    )
    assert signed_up.status_code == 302, signed_up.text[-2000:]
    assert signed_up.headers["Location"] == "/ru/my/"
    my_learning = learner.get("/ru/my/")
    assert my_learning.status_code == 200
    assert "Айгерим Сапарова" in my_learning.text

    # Enrol, and both lessons done.
    assert learner.get(course.url).status_code == 200
    enrolled = learner.post(course.url + "enrol/", {})
    assert enrolled.status_code == 302
    assert enrolled.headers["Location"] == lessons[0].url
    for lesson in lessons:
        assert learner.get(lesson.url).status_code == 200
        assert learner.post(lesson.url + "done/", {}).status_code == 302

    # An assignment's file, sent to one instance, downloaded from the other.
    assert learner.get(assignment.url).status_code == 200
    sent = b"%PDF-1.4 grant draft " + secrets.token_bytes(64)
    submitted = learner.post(
        assignment.url + "submit/",
        {"text": "Черновик"},
        files={"files": ("draft.pdf", sent, "application/pdf")},
    )
    assert submitted.status_code == 302, submitted.text[-2000:]
    attached = SubmissionFile.objects.get(submission__learner__email=email)
    downloaded = learner.get(f"{assignment.url}files/{attached.pk}/")
    assert downloaded.status_code == 200
    assert downloaded.content == sent
    assert stack.read(PRIVATE_BUCKET, f"{PRIVATE_PREFIX}/{attached.file.name}") == sent

    # The quiz: started on one instance, its page on the other, submitted, the result.
    assert learner.get(quiz.url).status_code == 200
    opened = learner.post(quiz.url + "start/", {})
    assert opened.status_code == 302
    attempt_url = opened.headers["Location"]
    page = learner.get(attempt_url)
    assert page.status_code == 200
    (field_name,) = re.findall(r'<input type="text" name="(q\d+)"', page.text)
    submitted = learner.post(
        attempt_url + "submit/", {"page": 1, "action": "submit", field_name: ANSWER}
    )
    assert submitted.status_code == 302
    assert learner.get(submitted.headers["Location"]).status_code == 200
    attempt = QuizAttempt.objects.get(learner__email=email)
    assert attempt.status == QuizAttempt.Status.SUBMITTED
    assert attempt.passed

    # The worker issues the certificate and renders its PDF into the private bucket.
    deadline = time.monotonic() + TIMEOUT
    while not Certificate.objects.filter(
        learner__email=email, pdf_rendered_at__isnull=False
    ).exists():
        for process in stack.processes:
            process.check_running()
        if time.monotonic() > deadline:
            pytest.fail(f"no certificate with its PDF within {TIMEOUT}s")
        time.sleep(0.3)
    certificate = Certificate.objects.get(learner__email=email)
    pdf_key = f"{PRIVATE_PREFIX}/{certificate.pdf.name}"
    assert stack.keys(PRIVATE_BUCKET, f"{PRIVATE_PREFIX}/certificates/") == [pdf_key]
    stored = stack.read(PRIVATE_BUCKET, pdf_key)

    # Listed on one instance, its PDF downloaded from both.
    listed = learner.get("/ru/certificates/")
    assert listed.status_code == 200
    assert f"/ru/certificates/{certificate.code}/pdf/" in listed.text
    for _instance in stack.web:
        pdf = learner.get(f"/ru/certificates/{certificate.code}/pdf/")
        assert pdf.status_code == 200
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.content == stored
        assert pdf.content.startswith(b"%PDF-")

    # Both instances sign with the one key in the private bucket and publish it.
    jwks = [learner.get("/credentials/jwks.json").json() for _instance in stack.web]
    assert jwks[0] == jwks[1]
    assert stack.keys(PRIVATE_BUCKET, f"{PRIVATE_PREFIX}/keys/") == [
        f"{PRIVATE_PREFIX}/keys/credential-ed25519.pem"
    ]
    assert learner.get(f"/ru/certificates/{certificate.code}/badge/").status_code == 200

    # Every request went to the other instance than the one before.
    bases = [base for base, _request, _status in learner.served_by]
    assert all(a != b for a, b in zip(bases, bases[1:], strict=False))
    assert set(bases) == set(stack.web)
    # Nothing written on this machine's disk; nothing public in the media bucket.
    assert files_under(stack.media_root) == []
    assert files_under(stack.private_root) == []
    assert stack.keys(MEDIA_BUCKET, MEDIA_PREFIX) == []
