"""The stack bench/pages.py serves from: its environment, the demo data, gunicorn
started as the Dockerfile starts it, and plain HTTP requests to check pages."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


class Failed(Exception):
    """A page answered something else than 200 with its expected content, or the
    stack did not start."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(
    *, port: int, files: Path, database_url: str, redis_url: str
) -> dict[str, str]:
    """The environment of every process of the stack: production settings with
    the bench's URLconf, files in `files`, the cache and Celery's broker at
    `redis_url` (tasks run eagerly), e-mail to the console."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.pages_site.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(files / "static"),
        "DJANGO_MEDIA_ROOT": str(files / "media"),
        "LMS_PRIVATE_MEDIA_ROOT": str(files / "private"),
        "LMS_CREDENTIAL_KEY_FILE": str(files / "credential-ed25519.pem"),
        "LMS_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "LMS_CELERY_EAGER": "1",
        "EMAIL_URL": "consolemail://",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("WEB_CONCURRENCY", None)  # gunicorn.conf.py's own worker count
    return env


def stack_prepare(env: dict[str, str], *, label: str) -> str:
    """The stack's database, made from the migrated template database while the
    static files are collected, and its Redis db emptied; returns how the database
    was made. Raises RuntimeError when migrate or collectstatic fails."""
    from bench.common import database_from_template

    collect = [sys.executable, str(ROOT / "manage.py"), "collectstatic"]
    setup = database_from_template(
        env["DATABASE_URL"],
        label=label,
        env=env,
        alongside=[[*collect, "--noinput", "-v0"]],
    )
    redis_flush(env["REDIS_URL"])
    return setup


def redis_flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def demo_load(env: dict[str, str], log: Path) -> None:
    """manage.py load_demo_data (its e-mails go to the log); prints the logins."""
    with open(log, "w") as out:
        code = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "load_demo_data"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        ).returncode
    text = log.read_text(errors="replace")
    if code:
        raise Failed(f"load_demo_data failed:\n{text[-3000:]}")
    print(text[text.find("Demo data:") :].rstrip())


def gunicorn_start(env: dict[str, str], log: Path) -> subprocess.Popen:
    """gunicorn as the Dockerfile starts it (-c gunicorn.conf.py), logging to `log`."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log, "w") as out:
        return subprocess.Popen(
            [
                str(gunicorn),
                "-c",
                "gunicorn.conf.py",
                # Its own control socket: the default (~/.gunicorn/gunicorn.ctl) is
                # shared with any other gunicorn of the same user on the machine.
                "--control-socket",
                str(Path(env["DJANGO_STATIC_ROOT"]).parent / "gunicorn.ctl"),
                "lms.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: stopped with its workers
        )


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def gunicorn_facts() -> str:
    """Workers and class as gunicorn.conf.py sets them without WEB_CONCURRENCY."""
    import runpy

    saved = os.environ.pop("WEB_CONCURRENCY", None)
    try:
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        if saved is not None:
            os.environ["WEB_CONCURRENCY"] = saved
    return f"{conf['workers']} {conf['worker_class']} workers"


def fetch(url: str, cookie: str = "") -> tuple[int, str]:
    """Status and body, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_until_serving(base: str, process: subprocess.Popen, timeout=90) -> None:
    """Until the bare view answers 200; Failed when gunicorn exits or is too slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failed(f"gunicorn exited with code {process.returncode}")
        try:
            if fetch(base + "/bench/bare/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise Failed(f"gunicorn did not answer within {timeout} s")


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def drain(base: str) -> None:
    """Wait until the requests wrk left queued are served: wrk closes its
    connections at the end of a run, but gunicorn's sync workers still serve what
    they accepted, which would slow the start of the next run. The bare view
    answers only after what was queued before it (twice: one per wrk thread)."""
    for _ in range(2):
        fetch(base + "/bench/bare/")
    time.sleep(1)
