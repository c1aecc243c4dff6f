"""Settings per environment, each read in a fresh interpreter with a clean environment
(only what the environment under test would set), so the suite's own variables
(DATABASE_URL, LMS_CELERY_EAGER, ...) cannot leak in."""

import json
import os
import re
import secrets
import shutil
import string
import subprocess
import sys

import yaml
from django.conf import settings

from tests.services import missing

ROOT = settings.BASE_DIR
# What `manage.py check --deploy` should see in production, and nothing more.
PRODUCTION_ENV = {
    "DJANGO_ALLOWED_HOSTS": "academy.example.kz",
    "LMS_PUBLIC_URL": "https://academy.example.kz",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _clean_env(module: str, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": module,
        **extra,
    }


def _production_env(tmp_path) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return {
        **PRODUCTION_ENV,
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(64)),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }


def _read_settings(module: str, names: list[str], **env: str) -> dict:
    code = (
        "import json, sys, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "print(json.dumps({n: getattr(settings, n) for n in sys.argv[1:]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=ROOT,
        env=_clean_env(module, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_passes_check_deploy_with_warnings_as_failures(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=_clean_env("lms.settings.production", **_production_env(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_requires_the_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_clean_env("lms.settings.production", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_a_loopback_public_url(tmp_path):
    """Certificates issued on https://localhost could never be verified by anyone."""
    env = {**_production_env(tmp_path), "LMS_PUBLIC_URL": "https://localhost"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_clean_env("lms.settings.production", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "lms.E001" in result.stderr
    assert "LMS_PUBLIC_URL" in result.stderr


def test_production_makes_email_verification_mandatory(tmp_path):
    values = _read_settings(
        "lms.settings.production",
        ["ACCOUNT_EMAIL_VERIFICATION", "DEBUG", "CELERY_TASK_ALWAYS_EAGER"],
        **_production_env(tmp_path),
    )

    assert values["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"
    assert values["DEBUG"] is False
    # With REDIS_URL set, tasks go to the Celery workers.
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False


def test_production_hands_a_lost_workers_tasks_out_again_in_minutes_not_sooner_than_safe(
    tmp_path,
):
    """Redis gives a task a worker took and never acknowledged to another worker after
    the visibility timeout: longer than a task may run, with its longest retry delay
    (16 s, core.tasks), or a running task is handed out twice; minutes, not kombu's
    hour, or a lost worker's certificates wait that long."""
    values = _read_settings(
        "lms.settings.production",
        [
            "CELERY_BROKER_TRANSPORT_OPTIONS",
            "CELERY_TASK_TIME_LIMIT",
            "CELERY_TASK_ACKS_LATE",
            "CELERY_TASK_REJECT_ON_WORKER_LOST",
        ],
        **_production_env(tmp_path),
    )

    visibility = values["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert values["CELERY_TASK_TIME_LIMIT"] + 16 < visibility <= 600
    assert values["CELERY_TASK_ACKS_LATE"] is True
    assert values["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True


def test_production_caches_in_redis_with_the_backend_that_fails_soft(tmp_path):
    values = _read_settings(
        "lms.settings.production", ["CACHES"], **_production_env(tmp_path)
    )

    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "core.cache.RedisCache"
    assert cache["OPTIONS"]["retry_after"] > 0
    assert cache["OPTIONS"]["socket_timeout"] <= 1


def test_dev_makes_email_verification_optional_and_celery_eager():
    values = _read_settings(
        "lms.settings.dev",
        ["ACCOUNT_EMAIL_VERIFICATION", "CELERY_TASK_ALWAYS_EAGER", "DEBUG"],
    )

    assert values == {
        "ACCOUNT_EMAIL_VERIFICATION": "optional",
        "CELERY_TASK_ALWAYS_EAGER": True,
        "DEBUG": True,
    }


def test_production_takes_a_secret_key_that_starts_with_a_dollar(tmp_path):
    """django-environ would read "$abc..." as the name of another variable; Django's
    generated keys may start with "$"."""
    key = "$" + "k3y-" * 12
    values = _read_settings(
        "lms.settings.production",
        ["SECRET_KEY"],
        **{**_production_env(tmp_path), "DJANGO_SECRET_KEY": key},
    )
    assert values["SECRET_KEY"] == key


def test_migrate_on_a_fresh_clone_creates_the_sqlite_folder(tmp_path):
    """A fresh clone has no var/: migrate must not need `make run` to create it.
    (`--plan` opens the database and reads its migration state, which is the step
    that failed, without the minute a full migrate takes.)"""
    database = tmp_path / "fresh-clone" / "var" / "db.sqlite3"

    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        cwd=ROOT,
        env=_clean_env("lms.settings.dev", DATABASE_URL=f"sqlite:///{database}"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert database.parent.is_dir()
    assert database.exists()


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_trusts_one_proxy_in_front_of_web_and_publishes_web_to_it_only():
    web = _compose()["services"]["web"]

    assert web["environment"]["LMS_TRUSTED_PROXY_COUNT"] == (
        "${LMS_TRUSTED_PROXY_COUNT:-1}"
    )
    # The rest of the shared environment is still there.
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "lms.settings.production"
    assert web["ports"] == ["${WEB_BIND:-127.0.0.1}:${WEB_PORT:-8000}:8000"]


def test_docker_compose_accepts_the_file_without_a_dot_env(tmp_path):
    if not shutil.which("docker-compose"):
        missing("docker-compose is not installed (apt-get install docker-compose)")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")

    result = subprocess.run(
        ["docker-compose", "config"],
        cwd=tmp_path,
        env=_clean_env("lms.settings.production"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "LMS_TRUSTED_PROXY_COUNT: '1'" in result.stdout


def test_production_keeps_files_on_the_file_system_without_a_bucket(tmp_path):
    values = _read_settings(
        "lms.settings.production", ["STORAGES"], **_production_env(tmp_path)
    )

    storages = values["STORAGES"]
    # Documents to the private storage, the rest to the public one (core.storage).
    assert storages["default"] == {"BACKEND": "core.storage.MediaStorage"}
    assert storages["public"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert storages["private"] == {"BACKEND": "core.storage.PrivateFileStorage"}
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]


def test_production_with_a_bucket_puts_media_and_private_files_in_object_storage(
    tmp_path,
):
    values = _read_settings(
        "lms.settings.production",
        ["STORAGES", "CONTENT_SECURITY_POLICY"],
        **_production_env(tmp_path),
        LMS_S3_BUCKET="academy-files",
        LMS_S3_ENDPOINT_URL="https://s3.example.kz",
        LMS_S3_REGION="kz-ala-1",
    )

    assert values["STORAGES"]["default"] == {"BACKEND": "core.storage.MediaStorage"}
    default, private = values["STORAGES"]["public"], values["STORAGES"]["private"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "endpoint_url": "https://s3.example.kz",
        "addressing_style": "path",
        "region_name": "kz-ala-1",
        "bucket_name": "academy-files",
        "location": "media",
        "querystring_auth": False,
        "file_overwrite": False,
    }
    assert private["BACKEND"] == "core.object_storage.PrivateObjectStorage"
    # One bucket for both unless LMS_S3_PRIVATE_BUCKET says otherwise.
    assert private["OPTIONS"]["bucket_name"] == "academy-files"
    assert private["OPTIONS"]["location"] == "private"
    assert "whitenoise" in values["STORAGES"]["staticfiles"]["BACKEND"]
    # Pages may show images and videos from the bucket's address, and only that.
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["img-src"] == ["'self'", "https://s3.example.kz"]
    assert directives["media-src"] == ["'self'", "https://s3.example.kz"]
    assert directives["script-src"] == ["'self'"]


def test_media_of_a_bucket_is_addressed_at_its_public_url_when_set(tmp_path):
    values = _read_settings(
        "lms.settings.production",
        ["STORAGES", "LMS_MEDIA_ORIGINS"],
        **_production_env(tmp_path),
        LMS_S3_BUCKET="academy-media",
        LMS_S3_PRIVATE_BUCKET="academy-private",
        LMS_S3_PUBLIC_URL="https://cdn.example.kz/files",
    )

    default = values["STORAGES"]["public"]["OPTIONS"]
    assert default["custom_domain"] == "cdn.example.kz/files"
    assert default["url_protocol"] == "https:"
    assert "endpoint_url" not in default  # AWS itself
    assert values["STORAGES"]["private"]["OPTIONS"]["bucket_name"] == "academy-private"
    assert values["LMS_MEDIA_ORIGINS"] == ["https://cdn.example.kz"]


def test_compose_keeps_the_files_of_every_web_and_worker_container_in_minio():
    compose = _compose()
    services = compose["services"]
    web, celery = services["web"], services["celery"]

    for service in (web, celery, services["migrate"]):
        assert service["environment"]["LMS_S3_BUCKET"] == "${LMS_S3_BUCKET-birgemiz}"
        assert service["environment"]["LMS_S3_ENDPOINT_URL"] == (
            "${LMS_S3_ENDPOINT_URL:-http://minio:9000}"
        )
        assert service["depends_on"]["minio-init"] == {
            "condition": "service_completed_successfully"
        }
    assert services["minio"]["image"].startswith("quay.io/minio/minio:RELEASE.")
    # Only the public images are readable without the keys.
    script = services["minio-init"]["entrypoint"][-1]
    assert re.findall(r"mc anonymous set download \S+", script) == [
        'mc anonymous set download "files/$$BUCKET/media/images"',
        'mc anonymous set download "files/$$BUCKET/media/original_images"',
    ]
    assert "minio-data" in compose["volumes"]
