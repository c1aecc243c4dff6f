"""lms.settings.production for the processes tests/lms/test_scale_out.py starts: every
environment variable means what it means in production, except that static files are
not collected first (whitenoise's manifest storage needs `collectstatic`, twenty
seconds the test does not need: it fetches no static file). (No `import *` outside
lms/settings: tests/test_architecture.py.)"""

from lms.settings import production

globals().update(
    {name: value for name, value in vars(production).items() if name.isupper()}
)

STORAGES = {
    **production.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
