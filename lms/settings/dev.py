"""The embedded default: SQLite, Celery tasks run in-process, e-mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-change-me-in-production-0123456789",
)
ACCOUNT_EMAIL_VERIFICATION = env("LMS_ACCOUNT_EMAIL_VERIFICATION", default="optional")
CELERY_TASK_ALWAYS_EAGER = env.bool("LMS_CELERY_EAGER", default=True)
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Locally, the demo's staff logins may skip the second factor (LMS_MFA_REQUIRED=false
# in .env); production always requires it.
LMS_MFA_REQUIRED = env.bool("LMS_MFA_REQUIRED", default=True)
