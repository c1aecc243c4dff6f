"""Settings shared by every environment. All environment reads live here (django-environ)."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

from .beat import beat_schedule
from .headers import PERMISSIONS_POLICY, VIDEO_FRAME_SOURCES, content_security_policies
from .storage import media_origins, storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# An optional .env file for local overrides; production passes real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
# The platform's public address, the one base of every absolute link (core.links):
# e-mails, certificate QR codes and verification links, the Open Badges issuer id. It
# must not change once certificates exist. Wagtail's and allauth's base URLs, and the
# Django site's domain (lms.services.site_sync, after every migrate), follow it.
LMS_PUBLIC_URL = env("LMS_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")
ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# I18N
# ------------------------------------------------------------------------------
# https://docs.wagtail.org/en/stable/advanced_topics/i18n.html
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A page submitted for translation (wagtail-localize) is created as a draft, to be
# published from the translation editor once translated, not published at once with
# its source's text (a Kazakh address showing Russian).
# (Read in wagtail_localize/operations.py, TranslationCreator.create_translations.)
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django has no Kazakh formats module: lms/formats/kk supplies CLDR dates and numbers.
FORMAT_MODULE_PATH = ["lms.formats"]
USE_I18N = True
USE_TZ = True
# The whole country is on UTC+5 since 2024 (needs tzdata 2024a or later).
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_NAME = "lms_language"

# DATABASES
# ------------------------------------------------------------------------------
# SQLite in WAL mode is the embedded default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder: a fresh clone has no var/ yet.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Own apps first, so their templates override the libraries': the kernel, the
    # top, then the apps from the bottom up (docs/architecture.md).
    "core",
    "lms",
    "people",
    "courses",
    "assessments",
    "certificates",
    "scheduling",
    "reports",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "people.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background work
    "django_celery_beat",
    # Content-Security-Policy (its system checks; the middleware is lms.middleware's)
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.forms",
]
FORM_RENDERER = "core.forms.FormRenderer"

MIDDLEWARE = [
    # Marks a request's span for the memos of published content (core.pagecache).
    "core.pagecache.ContentVersionMiddleware",
    "lms.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files answer here, compressed ahead of time (collectstatic)...
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages for visitors who are not signed in answer here from the cache, compressed
    # or not as the browser asks, before the session, CSRF and authentication (a hit
    # costs none of them); the security headers above are added afresh. lms.pagecache.
    "lms.pagecache.AnonymousPageCacheMiddleware",
    # ...and every other response is compressed here when the browser accepts gzip.
    # Django adds random bytes to each gzip header against BREACH ("Heal the Breach",
    # Django 4.2+): https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.gzip
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with a signed-in person's saved language first where
    # the URL carries none.
    "lms.middleware.PreferredLanguageMiddleware",
    # The admin's pages link to pages' own addresses (core.page_urls).
    "lms.middleware.AdminPageUrlsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "lms.middleware.PrivacyHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sessions end after LMS_STAFF_SESSION_IDLE_MINUTES without a request.
    "people.middleware.StaffSessionIdleMiddleware",
    # A signed-in person who has not consented to the current personal-data policy
    # version is asked to first (no query when they have); then staff without
    # two-factor authentication are sent to set it up (people.access).
    "people.middleware.ConsentRequiredMiddleware",
    "people.middleware.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lms.context_processors.site_shell",
            ],
        },
    },
]

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, with permission sets memoized per content version.
    "people.backends.PermissionsMemoBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "courses:my_learning"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: e-mail is the login; no usernames.
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env(
    "LMS_ACCOUNT_EMAIL_VERIFICATION", default="mandatory"
)  # "mandatory" | "optional" | "none"
ACCOUNT_FORMS = {"signup": "people.forms.SignupForm"}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Two-factor authentication (allauth.mfa): codes of an authenticator app (TOTP), and
# one-time recovery codes for a lost phone. Required of the staff roles (mentors,
# regional and national admins, editors, and whoever may enter an admin:
# people.access.user_is_staff), who are sent to set it up until they have; optional
# for learners (their profile links to it). Every login goes through allauth, the
# admins' included (lms.urls), so its rate limits and the second step apply there too.
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_ADAPTER = "people.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "people.forms_mfa.AuthenticateForm",
    "reauthenticate": "people.forms_mfa.ReauthenticateForm",
    "activate_totp": "people.forms_mfa.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Birgemiz Academy"
LMS_MFA_REQUIRED = True
# Minutes without a request after which a staff member's session ends (they log in
# again); learners keep Django's session length. 0: never.
LMS_STAFF_SESSION_IDLE_MINUTES = env.int("LMS_STAFF_SESSION_IDLE_MINUTES", default=30)
# Sensitive actions (revoking a certificate, appointing to a role, imports, deleting
# people or one's own data: people.access.sensitive_action) ask for the password (or
# a code) again unless it was given in the last LMS_REAUTHENTICATION_MINUTES.
LMS_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = (
    env.int("LMS_REAUTHENTICATION_MINUTES", default=5) * 60
)
# Links in allauth's e-mails are built on LMS_PUBLIC_URL (people.adapters); the scheme
# here is for any allauth link built without a request.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(LMS_PUBLIC_URL).scheme or "http"

# Personal data: the policy version a consent refers to. Bump it when the policy
# text (templates/people/privacy_policy.html and its summary on the consent page,
# people/includes/policy_summary.html) changes: every signed-in person is then asked
# to consent again before any other page (people.middleware).
LMS_CONSENT_POLICY_VERSION = "2026-12"
# Days between a learner's erasure request and the erasure (they may cancel meanwhile).
LMS_ERASURE_GRACE_DAYS = env.int("LMS_ERASURE_GRACE_DAYS", default=7)
# Days before an assignment's due date when its reminder e-mail goes out.
LMS_ASSIGNMENT_REMINDER_DAYS = env.int("LMS_ASSIGNMENT_REMINDER_DAYS", default=3)

# Quizzes: a save or submit this many seconds after an attempt's deadline still counts
# (the request was on its way when time ran out).
LMS_QUIZ_GRACE_SECONDS = env.int("LMS_QUIZ_GRACE_SECONDS", default=30)

# REVERSE PROXY
# ------------------------------------------------------------------------------
# The one switch: how many reverse proxies of ours stand in front of the web workers
# (0: clients reach gunicorn directly). Behind them, the client's address comes from
# X-Forwarded-For and a request's arrival time from X-Request-Start (core.http), and
# it feeds the certificate look-up limit, allauth's rate limits and quiz deadlines
# alike. Never set it where clients can reach the web workers past the proxy: they
# could then choose their address and their arrival time.
LMS_TRUSTED_PROXY_COUNT = env.int("LMS_TRUSTED_PROXY_COUNT", default=0)
# Only for a proxy that uses other headers (X-Real-IP, CF-Connecting-IP; X-Queue-Start);
# empty: X-Forwarded-For and X-Request-Start. Read only when the switch is on.
LMS_CLIENT_IP_HEADER = env("LMS_CLIENT_IP_HEADER", default="")
LMS_REQUEST_START_HEADER = env("LMS_REQUEST_START_HEADER", default="")
# allauth reads the client through people.adapters.AccountAdapter.get_client_ip, which
# is core.http.client_ip; its own settings say the same, for any code path of its own.
# https://docs.allauth.org/en/latest/common/configuration.html
if LMS_CLIENT_IP_HEADER and LMS_CLIENT_IP_HEADER.lower() != "x-forwarded-for":
    ALLAUTH_TRUSTED_PROXY_COUNT = 0
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
        LMS_CLIENT_IP_HEADER if LMS_TRUSTED_PROXY_COUNT else None
    )
else:
    ALLAUTH_TRUSTED_PROXY_COUNT = LMS_TRUSTED_PROXY_COUNT
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Private files (learners' submissions, certificate PDFs, import previews): never
# served as media, only through a view that checks who asks
# (assessments.views.assignments.submission_file, certificates.views.learner).
PRIVATE_MEDIA_ROOT = env.path(
    "LMS_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private"
)
# Empty: keys/credential-ed25519.pem in the private storage (certificates.credentials).
LMS_CREDENTIAL_KEY_FILE = env("LMS_CREDENTIAL_KEY_FILE", default="")
# After a key rotation: the previous key files, whose public keys stay published.
LMS_CREDENTIAL_RETIRED_KEY_FILES = env.list(
    "LMS_CREDENTIAL_RETIRED_KEY_FILES", default=[]
)
# Media (core.storage.MediaStorage, the "default") is public except Wagtail's documents,
# kept with the private files and served by Wagtail's view only.
# Object storage (lms/settings/storage.py): with a bucket, public media and private
# files live in an S3-compatible store shared by every process, not under the two
# roots above. Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (boto3's own).
LMS_S3_BUCKET = env("LMS_S3_BUCKET", default="")
LMS_S3_PRIVATE_BUCKET = env("LMS_S3_PRIVATE_BUCKET", default="")
LMS_S3_ENDPOINT_URL = env("LMS_S3_ENDPOINT_URL", default="")
LMS_S3_REGION = env("LMS_S3_REGION", default="")
LMS_S3_PUBLIC_URL = env("LMS_S3_PUBLIC_URL", default="")
_object_store = {
    "bucket": LMS_S3_BUCKET,
    "endpoint_url": LMS_S3_ENDPOINT_URL,
    "region": LMS_S3_REGION,
    "public_url": LMS_S3_PUBLIC_URL,
}
STORAGES = storages(
    **_object_store,
    private_bucket=LMS_S3_PRIVATE_BUCKET,
    staticfiles_backend="django.contrib.staticfiles.storage.StaticFilesStorage",
)
# Where pages load images and videos from besides the platform (the public bucket).
LMS_MEDIA_ORIGINS = media_origins(**_object_store)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# CACHE
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("LMS_CACHE_PREFIX", default="lms"),
            # Redis down or unreachable: pages are served without the cache (misses),
            # and Redis is tried again after retry_after seconds (core.cache). The
            # timeouts bound what a request waits for a server that does not answer.
            "OPTIONS": {
                "retry_after": 5,
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the cache and written through to the database: a signed-in
# request costs no session query while the cache holds it, and a session survives a
# cache restart; with Redis down they are read from the database (core.cache). https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Seconds a page for visitors who are not signed in (home, catalogue, programs,
# courses, the verification form) is served from the cache (lms.pagecache); 0: never.
# A publish, unpublish, move or edit of a page shows at once (core.pagecache); this
# bounds how long anything else a page shows may lag behind.
LMS_PAGE_CACHE_SECONDS = env.int("LMS_PAGE_CACHE_SECONDS", default=300)

# EMAIL
# ------------------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@smtp.example.kz:587 ; console by default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Birgemiz Academy <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Birgemiz Academy] "

# CELERY
# ------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("LMS_CELERY_EAGER", default=not REDIS_URL)
# The queue tasks are sent to and workers listen on by default: deployments (or test
# runs) that share one Redis keep their tasks apart with a queue each.
CELERY_TASK_DEFAULT_QUEUE = env("LMS_CELERY_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# Redis hands a task that a worker took but never acknowledged (the worker was lost
# whole, with its machine) to another worker after the visibility timeout. It must be
# longer than a task may run (the time limit) plus its longest retry delay (16 s,
# core.tasks), or a running task would be handed out twice; the shorter it is, the
# sooner a lost worker's work runs (kombu's default, an hour, left it waiting that
# long). Redis is scanned for such tasks every 100 s or so. A pool process killed alone
# has its task put back at once (CELERY_TASK_REJECT_ON_WORKER_LOST).
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "LMS_CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60
    ),
    # A broker that does not answer (a partition, not a refusal) fails a send within
    # this many seconds; the task waits in the outbox (core.outbox).
    "socket_connect_timeout": 2,
}
# Background work that matters is written to the outbox in the transaction it follows
# and sent once committed (core.outbox); the beat task sends, every minute, what could
# not be sent then and is older than this many seconds.
LMS_OUTBOX_SEND_AFTER_SECONDS = env.int("LMS_OUTBOX_SEND_AFTER_SECONDS", default=30)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# How often the reports' summary is counted again, in minutes (a divisor of 60).
LMS_REPORTS_REFRESH_MINUTES = env.int("LMS_REPORTS_REFRESH_MINUTES", default=10)
# The one place for periodic work: lms/settings/beat.py.
CELERY_BEAT_SCHEDULE = beat_schedule(
    reports_refresh_minutes=LMS_REPORTS_REFRESH_MINUTES
)

# WAGTAIL
# ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Birgemiz Academy"
# Links in Wagtail's notifications (moderation, password) go to the public address.
WAGTAILADMIN_BASE_URL = LMS_PUBLIC_URL

# Certificates: expiry reminders this many days before (each sent once), the public
# verification lookups allowed per client address and window, and the Ed25519 key that
# signs Open Badges credentials (PEM; created on first use when the file is missing).
LMS_CERTIFICATE_REMINDER_DAYS = env.list(
    "LMS_CERTIFICATE_REMINDER_DAYS", cast=int, default=[60, 14]
)
LMS_CERTIFICATE_EXPIRING_DAYS = env.int("LMS_CERTIFICATE_EXPIRING_DAYS", default=60)
LMS_VERIFY_RATE = env("LMS_VERIFY_RATE", default="30/600")
# Training sessions: the calendar feeds show sessions ended at most this many days ago;
# the reminders go this many days before a session's first day (each sent once).
LMS_SCHEDULING_FEED_PAST_DAYS = env.int("LMS_SCHEDULING_FEED_PAST_DAYS", default=180)
LMS_SCHEDULING_REMINDER_WEEK_DAYS = env.int(
    "LMS_SCHEDULING_REMINDER_WEEK_DAYS", default=7
)
LMS_SCHEDULING_REMINDER_DAY_DAYS = env.int(
    "LMS_SCHEDULING_REMINDER_DAY_DAYS", default=1
)
# The catalogue's search. On PostgreSQL this backend is PostgreSQL's full text search,
# with Russian stemming (the default content language; English words get English
# stemming, Kazakh ones are matched as written); on SQLite, FTS5.
# https://docs.wagtail.org/en/stable/topics/search/backends.html
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "russian",
    }
}
# Uploads: each file's content is checked against its extension (core.uploads, through
# core.upload_forms), and only extensions with such a check are accepted (core.W002).
# Documents (files to download, and self-hosted videos) are served by Wagtail's view,
# which applies their collection's privacy, from private storage (core.storage).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    *["pdf", "doc", "docx", "odt", "rtf", "txt", "csv"],
    *["xls", "xlsx", "ods", "ppt", "pptx", "odp"],
    *["mp4", "webm", "mp3", "m4a", "ogg"],
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("LMS_DOCUMENT_MAX_MB", default=300) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.upload_forms.DocumentForm"
# Never SVG: an SVG file may hold scripts.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.upload_forms.ImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's admin has no Kazakh: editors work in Russian or English.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAIL_PASSWORD_RESET_ENABLED = False  # learners and editors reset through allauth
# Wagtail's login pages (the admin's and the one for private pages) send people to
# allauth's (lms.urls); so do Wagtail's redirects to them.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# The admin asks no outside service: no Gravatar avatars (they would tell gravatar.com
# who uses the admin, and the admin's Content-Security-Policy allows no outside images)
# and no check for new Wagtail releases (releases.wagtail.io); upgrades are pinned in
# requirements/ anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail 7+ runs its background work through django-tasks.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Nothing of ours is framed except Wagtail's preview, whose views set SAMEORIGIN
# themselves (wagtail.utils.decorators.xframe_options_sameorigin_override).
# https://docs.djangoproject.com/en/5.2/ref/clickjacking/
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The Content-Security-Policy (the site's and the editors' admin's) and the
# Permissions-Policy: lms/settings/headers.py.
LMS_VIDEO_FRAME_SOURCES = VIDEO_FRAME_SOURCES
CONTENT_SECURITY_POLICY, LMS_ADMIN_CONTENT_SECURITY_POLICY = content_security_policies(
    media_origins=LMS_MEDIA_ORIGINS
)
LMS_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
LMS_PERMISSIONS_POLICY = PERMISSIONS_POLICY

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs seven "Step N" lines per PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
