"""Settings for pytest. The database comes from DATABASE_URL (PostgreSQL in CI), else SQLite."""

from .base import *  # noqa: F403
from .base import BASE_DIR, WAGTAILSEARCH_BACKENDS, env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-0123456789-0123456789-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The suite decides where Redis is (tests that need it use REDIS_URL directly).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A test's own Celery worker (tests/worker.py) writes its e-mails to files in
# LMS_TEST_EMAIL_DIR, where the test reads them; else they stay in memory.
EMAIL_FILE_PATH = env("LMS_TEST_EMAIL_DIR", default="")
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_FILE_PATH
    else "django.core.mail.backends.locmem.EmailBackend"
)
CELERY_TASK_ALWAYS_EAGER = env.bool("LMS_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# A test's own worker listens to a queue of its own; the tasks it enqueues go there too.
CELERY_TASK_DEFAULT_QUEUE = env("LMS_CELERY_QUEUE", default="celery")
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_RATE_LIMITS = False
# The staff's second factor and the re-authentication of sensitive actions are tested
# with these on (tests/people/test_mfa*.py, test_reauthentication.py); the rest of the
# suite signs staff in with force_login and acts at once.
LMS_MFA_REQUIRED = False
LMS_REAUTHENTICATION_REQUIRED = False
# Wagtail's own background work (reference index, search index) is not what the suite
# tests, and running it on every page save triples the cost of building page trees.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
WAGTAILSEARCH_BACKENDS = {
    "default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
# The file system, whatever the environment says (tests of object storage set their
# own STORAGES).
STORAGES = {
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LMS_PUBLIC_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = LMS_PUBLIC_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# The test client speaks plain HTTP to "testserver": not an address to issue
# credentials on, which is what lms.E001 guards production against.
SILENCED_SYSTEM_CHECKS = ["lms.E001"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
