"""A real Celery worker for tests: a separate process, Redis as the broker, the test's
own database.

The test process stops running tasks eagerly and sends them through Redis to a queue
that only this worker listens to, so other workers on the same Redis never see them.
The worker needs the test's database, so this runs on PostgreSQL only (an in-memory
SQLite test database cannot be shared with another process).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from lms.celery import app
from tests.services import database_vendor, missing, redis_url_or_missing

TIMEOUT = 60  # seconds, for the worker to start and for each task
CELERY = Path(sys.executable).with_name("celery")


def _database_url() -> str:
    """The test database (test_<name>, created by pytest-django) as a DATABASE_URL."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # a socket directory, too
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


def _drop_broker_connections() -> None:
    # kombu keeps connection and producer pools in a process-wide registry and the
    # app caches the ones it first used: a different broker URL needs fresh pools.
    # Celery does the same after a fork. (Even eager tasks take a producer.)
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def tasks_sent_to(broker: str, queue: str):
    """Send tasks through `broker` to `queue` instead of running them eagerly."""
    names = ("task_always_eager", "broker_url", "task_default_queue")
    saved = {name: app.conf[name] for name in names}
    _drop_broker_connections()
    app.conf.update(
        task_always_eager=False, broker_url=broker, task_default_queue=queue
    )
    try:
        yield
    finally:
        _drop_broker_connections()
        app.conf.update(saved)


@dataclass
class Worker:
    process: subprocess.Popen
    name: str
    log_path: Path
    command: list[str]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            self._fail_if_exited()
            if app.control.ping(destination=[self.name], timeout=1):
                return
        pytest.fail(f"the Celery worker did not answer a ping within {TIMEOUT}s")

    def wait_for_task(self, task_id: str) -> str:
        """Wait until the worker has run the task; return its logged return value."""
        done = re.compile(
            rf"Task [\w.]+\[{re.escape(task_id)}\] "
            r"(?:succeeded in \S+s: (?P<value>.*)|(?P<error>raised .*|.*failed.*))"
        )
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            match = done.search(self.log())
            if match and match["error"]:
                pytest.fail(f"the task failed on the worker: {match['error']}")
            if match:
                return match["value"].strip()
            self._fail_if_exited()
            time.sleep(0.2)
        pytest.fail(f"the worker did not finish task {task_id} within {TIMEOUT}s")

    def pool_pids(self) -> list[int]:
        """The worker's pool processes (prefork), read from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes (a machine lost, an OOM kill)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        _stop(self.process)

    def _fail_if_exited(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the Celery worker exited with code {self.process.returncode}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _forget_queue(broker: str, queue: str) -> None:
    """Remove the keys kombu left in Redis for the test's queue."""
    client = redis.Redis.from_url(broker)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    finally:
        client.close()


def database_or_missing() -> None:
    if database_vendor() != "postgresql":
        missing(
            "the Celery worker test needs PostgreSQL: a worker process cannot share "
            f"the in-memory {database_vendor()} test database"
        )


def worker_start(
    *,
    broker: str,
    queue: str,
    log_path: Path,
    name: str | None = None,
    pool: str = "solo",
    concurrency: int = 1,
    env: dict[str, str] | None = None,
) -> Worker:
    """Start a `celery worker` process on `queue`, using the test's database; `env`
    adds to (or overrides) its environment. Its own process group, so that kill()
    takes its pool processes too."""
    name = name or f"{queue}@localhost"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "LMS_CELERY_EAGER": "0",
        "LMS_CELERY_QUEUE": queue,
        # Files the worker writes (certificate PDFs) land where the test looks.
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LMS_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "LMS_CREDENTIAL_KEY_FILE": str(settings.LMS_CREDENTIAL_KEY_FILE or ""),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        str(CELERY),
        "-A",
        "lms",
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "-Q",
        queue,
        "-n",
        name,
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(process=process, name=name, log_path=log_path, command=command)


@pytest.fixture
def celery_worker(transactional_db, tmp_path, request):
    """A `celery worker` process on a queue of its own, using the test's database.

    Its log becomes a report section, which pytest shows when the test fails.
    """
    database_or_missing()
    broker = redis_url_or_missing()
    queue = f"test-worker-{uuid.uuid4().hex[:12]}"
    worker = worker_start(
        broker=broker, queue=queue, log_path=tmp_path / "celery-worker.log"
    )
    try:
        with tasks_sent_to(broker, queue):
            worker.wait_until_ready()
            yield worker
    finally:
        worker.stop()
        _forget_queue(broker, queue)
        request.node.add_report_section(
            "teardown",
            "Celery worker log",
            f"$ {' '.join(worker.command)}\n{worker.log()}",
        )
