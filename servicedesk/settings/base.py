"""Settings shared by every environment, read from the environment.

Every value a deployer may change is an environment variable, listed in the
README. Unset variables fall back to the embedded defaults: a SQLite file, a
filesystem Celery broker and mail written to files, all under ``DATA_DIR``.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "servicedesk.admin_site.PortalAdminConfig",  # django.contrib.admin, lazier
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "servicedesk",
    "core",
    "accounts",
    "tickets",
    "knowledgebase",
    "notifications",
    "api",
    "appointments",
    "mailin",
    "alerts",
    "surveys",
    "servicestatus",
    "insights",
    "branding",
]

MIDDLEWARE = [
    # Response times and answers per view for /metrics (servicedesk/metrics.py).
    "servicedesk.metrics.MetricsMiddleware",
    # NUL bytes and over-deep JSON answer 404/400, never 500 (servicedesk/errors.py).
    "servicedesk.errors.HostileInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.language.LanguageMiddleware",
    "api.middleware.ApiLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AccountRequirementsMiddleware",
    "knowledgebase.middleware.AupGateMiddleware",
]

ROOT_URLCONF = "servicedesk.urls"
WSGI_APPLICATION = "servicedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branding.context_processors.theme",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite waits for a lock instead of failing at once, and takes the write lock
# at the start of a transaction so web, worker and beat can share the file.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, with a health check that needs no round trip.
        DATABASES["default"]["ENGINE"] = "core.postgresql"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, broker ---------------------------------------------
# With REDIS_URL every process shares one Redis for cache, rate limits and the
# Celery broker, so web processes stay stateless and scale out. Without it the
# embedded defaults need no server: a file cache shared by the local processes
# and Celery's filesystem transport.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers a miss / no-op while Redis is down (core/cache.py).
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="servicedesk"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    _broker_dir = DATA_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# --- Celery ---------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# The project's Celery app. A web process imports it with its first queued task
# (core.queueing), not at start-up: one that queues nothing never loads Celery.
QUEUE_CELERY_APP = "servicedesk.celery.app"
# Later apps add their periodic jobs here (outbox sweeper, SLA checks, ...).
# A "schedule" is seconds, or {"crontab": {...}} with celery.schedules.crontab's
# arguments (servicedesk/celery.py builds it: these settings import no Celery).
CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {"task": "servicedesk.worker_heartbeat", "schedule": 60.0},
    # Rate-limit counters kept in the database (no Redis) outlive their window.
    "servicedesk-sweep-rate-counters": {
        "task": "servicedesk.sweep_rate_counters",
        "schedule": 3600.0,
    },
}

# --- Mail -----------------------------------------------------------------
# EMAIL_URL, e.g. smtp://user:pass@mail.example.org:587 or smtp+tls://...
# Default: every mail is written as a file under EMAIL_FILE_PATH, so someone
# trying the demo can read what the portal sent.
_email = env.email_url("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Servicedesk <servicedesk@example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Notifications (outbox mail, see notifications/services.py) -----------
# Absolute address of the portal, for links in mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Right-hand side of the Message-IDs the portal mints (and of thread roots).
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env.str(
    "NOTIFICATIONS_MESSAGE_ID_DOMAIN",
    default=DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost",
)
# Attempts per mail before it is marked failed; waits double from the base
# delay up to the maximum (keep it below the Redis visibility timeout).
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_DELAY = env.float("NOTIFICATIONS_RETRY_BASE_DELAY", default=30.0)
NOTIFICATIONS_RETRY_MAX_DELAY = env.float("NOTIFICATIONS_RETRY_MAX_DELAY", default=1800.0)
# The sweeper re-enqueues ready mails due longer than the grace period, and
# mails left in "sending" longer than the lease (a worker died). The lease
# must exceed CELERY_TASK_TIME_LIMIT so a slow but live delivery is not doubled.
NOTIFICATIONS_SWEEP_INTERVAL = env.float("NOTIFICATIONS_SWEEP_INTERVAL", default=60.0)
NOTIFICATIONS_SWEEP_GRACE = env.float("NOTIFICATIONS_SWEEP_GRACE", default=120.0)
NOTIFICATIONS_SENDING_LEASE = env.float("NOTIFICATIONS_SENDING_LEASE", default=300.0)
NOTIFICATIONS_SWEEP_BATCH = env.int("NOTIFICATIONS_SWEEP_BATCH", default=500)
# allauth's security notices (password changed, new MFA device, ...) go out
# through the same outbox; no preference can switch them off.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The satisfaction survey: send the due ones (idempotent, see surveys/services.py).
CELERY_BEAT_SCHEDULE["surveys-send-due"] = {"task": "surveys.send_due", "schedule": 300.0}
# Major incidents: finish fan-outs a lost task or a down broker left unfinished.
CELERY_BEAT_SCHEDULE["servicestatus-sweep"] = {"task": "servicestatus.sweep", "schedule": 60.0}
# Article views and suggestions wait in Redis, written each minute (knowledgebase/services.py).
CELERY_BEAT_SCHEDULE["knowledgebase-flush-article-counts"] = {
    "task": "knowledgebase.flush_article_counts",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["servicestatus-maintenance-reminders"] = {
    "task": "servicestatus.maintenance_reminders",
    "schedule": 600.0,
}
CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"] = {
    "task": "notifications.sweep_outbox",
    "schedule": NOTIFICATIONS_SWEEP_INTERVAL,
}

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's validators with the portal's nl/en wording (accounts/password_validation.py).
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.CharacterClassValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The set-up form keeps one secret per session until it is used (accounts.forms).
MFA_FORMS = {
    "activate_totp": "accounts.forms.ActivateTOTPForm",
    "authenticate": "accounts.forms.AuthenticateForm",
}

# --- Accounts -------------------------------------------------------------
# allauth does the login, login by code, MFA, rate limits and enumeration
# prevention; accounts/ customises it through the adapter, forms and
# templates. Rate limits count in the default cache (Redis when REDIS_URL is
# set), so every web process shares them.
ACCOUNT_FORMS = {
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.AlternateEmailResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
}
# allauth's rate limits stay at their defaults (on): e.g. 3 wrong login codes
# end the code. Wrong passwords are counted by the portal instead
# (accounts.ratelimit, atomic): per (account, client address) pair a low
# limit, per account a higher ceiling, as (tries, seconds).
ACCOUNTS_LOGIN_RATE_LIMITS = {
    "pair": (
        env.int("ACCOUNTS_LOGIN_PAIR_LIMIT", default=5),
        env.int("ACCOUNTS_LOGIN_PAIR_PERIOD", default=5 * 60),
    ),
    "account": (
        env.int("ACCOUNTS_LOGIN_ACCOUNT_LIMIT", default=50),
        env.int("ACCOUNTS_LOGIN_ACCOUNT_PERIOD", default=60 * 60),
    ),
}
# Every one-time code lives ACCOUNTS_CODE_TIMEOUT seconds and allows
# ACCOUNTS_CODE_MAX_ATTEMPTS tries: those accounts/codes.py issues (mailed during
# activation or for a new alternate address, texted for the phone factor) and
# allauth's login code for prospects. Deployments set before the rename still
# read ACCOUNTS_EMAIL_CODE_TIMEOUT or ACCOUNT_LOGIN_BY_CODE_TIMEOUT.
ACCOUNTS_CODE_TIMEOUT = env.int(
    "ACCOUNTS_CODE_TIMEOUT",
    default=env.int(
        "ACCOUNTS_EMAIL_CODE_TIMEOUT",
        default=env.int("ACCOUNT_LOGIN_BY_CODE_TIMEOUT", default=30 * 60),
    ),
)
ACCOUNTS_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = ACCOUNTS_CODE_TIMEOUT
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = ACCOUNTS_CODE_MAX_ATTEMPTS
# A login waiting for its code must live as long as the code.
ACCOUNT_LOGIN_TIMEOUT = ACCOUNT_LOGIN_BY_CODE_TIMEOUT
# The login form stays reachable while signed in: logging in as another
# account ends the current session (one identity at a time).
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="IT Service Desk")
# Accept the neighbouring 30-second code too: phone clocks drift, and a code
# typed as the period turns over should still work.
MFA_TOTP_TOLERANCE = 1
# Wrong student numbers or initial passwords tried per IP and per number.
ACCOUNTS_ACTIVATION_RATE_LIMIT = (5, 5 * 60)
# Who sends login codes by SMS: a class with send(*, to, text). The default
# writes them to files under DATA_DIR/sms.
ACCOUNTS_SMS_SENDER = env.str("ACCOUNTS_SMS_SENDER", default="accounts.sms.FileSmsSender")
ACCOUNTS_ALUMNI_OFFICE_EMAIL = env.str("ACCOUNTS_ALUMNI_OFFICE_EMAIL", default="alumni@example.org")
# The registrar's CSV uploaded in the admin is imported in the background
# (accounts/student_imports.py). Largest upload accepted; rows per task (a
# batch also stops at half the task's soft time limit, as hashing is slow);
# seconds a job may wait unclaimed, or stay claimed, before the sweeper
# enqueues it again (must exceed CELERY_TASK_TIME_LIMIT).
ACCOUNTS_IMPORT_MAX_BYTES = env.int("ACCOUNTS_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
ACCOUNTS_IMPORT_BATCH_ROWS = env.int("ACCOUNTS_IMPORT_BATCH_ROWS", default=50)
ACCOUNTS_IMPORT_LEASE = env.float("ACCOUNTS_IMPORT_LEASE", default=300.0)
CELERY_BEAT_SCHEDULE["accounts-sweep-student-imports"] = {
    "task": "accounts.sweep_student_imports",
    "schedule": 60.0,
}

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
# Request attachments are private: they live outside MEDIA_ROOT (which holds
# only public files such as manual screenshots and may be served as is) and
# reach people only through the permission-checked download view.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Whitenoise's compressed manifest storage, addresses kept per name (core/static_files.py).
    "staticfiles": {"BACKEND": "core.static_files.KeptUrlManifestStorage"},
}

# --- Security -------------------------------------------------------------
# Reverse proxies in front of the web processes whose X-Forwarded-For is
# trusted to name the client: rate limits (allauth's, the portal's own, the
# API throttles) count per client address, not per proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "servicedesk.views.csrf_failure"
# Content-Security-Policy on every response (django-csp), enforced: scripts and
# styles come only from our own static files, never inline. A page that truly
# needs an inline bootstrap reads request.csp_nonce, which adds that one
# response's nonce to the header (only Redoc's runtime styles do, api/).
# img-src data: is for the MFA QR code (an SVG data URI) and icons inside the
# sidecar's CSS. Nothing may frame the portal (X_FRAME_OPTIONS says the same).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Product --------------------------------------------------------------
# seed_demo and demo_totp run only where this is True (local and test
# settings): the demo accounts' password and TOTP secret are public.
DEMO_DATA_ALLOWED = False
# Seconds the health check waits for the broker before calling it down.
HEALTHCHECK_BROKER_TIMEOUT = env.float("HEALTHCHECK_BROKER_TIMEOUT", default=2.0)

# --- Account gates (accounts/middleware.py, knowledgebase/middleware.py) ---
# Path prefixes a signed-in user may open before finishing the account's
# steps (MFA set-up, consent) and before accepting the current AUP: the pages
# those steps need, static and uploaded files, the health check, and what
# answers everyone the same. The only list of them. The API (/api/, allauth's
# headless /_allauth/) answers both gates itself in JSON (api/permissions.py,
# api/authentication.py), never with a redirect. AUP_EXEMPT_PATH_PREFIXES is
# the variable's earlier name, still read.
GATE_EXEMPT_PATH_PREFIXES = env.tuple(
    "GATE_EXEMPT_PATH_PREFIXES",
    default=env.tuple(
        "AUP_EXEMPT_PATH_PREFIXES",
        default=(
            "/kb/", "/aup/", "/status/", "/accounts/", "/static/", "/media/", "/healthz",
            "/i18n/", "/theme/", "/api/", "/_allauth/", "/favicon.ico", "/robots.txt",
            "/sitemap.xml", "/.well-known/",
        ),
    ),
)  # fmt: skip

# --- REST API for the mobile app (api/) ----------------------------------
# The app signs in through allauth's headless endpoints under /_allauth/app/v1/
# and sends the session token it gets as X-Session-Token; the browser portal
# keeps its cookie sessions beside it.
HEADLESS_CLIENTS = ("app",)
# Login by a mailed code (ACCOUNT_LOGIN_BY_CODE_ENABLED, accounts block above)
# works for the app too.
HEADLESS_SERVE_SPECIFICATION = True
# allauth's own HTML page loads Redoc from a CDN; ours serves the sidecar copy.
HEADLESS_SPECIFICATION_TEMPLATE_NAME = "api/allauth_spec.html"
# Requests per client: signed-in users by account, anonymous clients by address.
# An activation over the API (api/flow_sessions.py) is forgotten this long
# after its last step; longer than a mailed code lives, so an expired code
# can be told as such and a new one asked for with the same token.
API_ACTIVATION_TIMEOUT = env.int("API_ACTIVATION_TIMEOUT", default=60 * 60)
API_THROTTLE_RATES = {
    "user": env.str("API_THROTTLE_USER", default="240/min"),
    "anon": env.str("API_THROTTLE_ANON", default="60/min"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.SessionTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserThrottle", "api.throttling.AnonThrottle"],
    # Proxies in front of the web server whose X-Forwarded-For is trusted for
    # the anonymous throttle; 0 = use the connecting address.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The answer's format follows Accept only; no ?format= override.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IT Service Desk API",
    "DESCRIPTION": (
        "The API of the university IT service desk for the mobile app. Sign in through "
        "allauth's headless endpoints (/_allauth/app/v1/, specification at "
        "/_allauth/openapi.html) and send the session token as X-Session-Token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (axe: nested-interactive);
    # the code highlighter's colours lack contrast (axe: color-contrast).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "REDOC_DIST": "SIDECAR",
    # Named enums; api.schema.add_enum_varnames gives generated clients their member
    # names (x-enum-varnames), so Impact.JUST_ME rather than VALUE_1.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.choices.TicketStatus",
        "ImpactEnum": "tickets.choices.Impact",
        "UrgencyEnum": "tickets.choices.Urgency",
        "PriorityEnum": "tickets.choices.Priority",
        # servicestatus (/api/v1/status/) has fields named kind and impact too:
        # the existing enums keep their names.
        "KindEnum": "knowledgebase.models.ArticleKind",
        "ServiceStateEnum": "servicestatus.choices.ServiceState",
        "IncidentKindEnum": "servicestatus.choices.IncidentKind",
    },
    # A body is declared as JSON only; views that take files declare multipart
    # themselves (api/views/tickets.py). The server still parses forms too.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # The schema is always rendered in English, whatever the request's language.
    "DEFAULT_GENERATOR_CLASS": "api.schema.EnglishSchemaGenerator",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.add_enum_varnames",
    ],
}

# --- Prometheus metrics at /metrics (servicedesk/metrics.py) ----------
# 404 unless a token (sent as "Authorization: Bearer <token>") and/or an
# allow-list of addresses or networks is set; with both, both must match.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# Seconds the database and broker numbers are reused between scrapes.
METRICS_CACHE_SECONDS = env.int("METRICS_CACHE_SECONDS", default=15)

# LOGGING: see "Operations" at the end (plain or JSON lines with a request id).

# --- Tickets (requests) -----------------------------------------------------
# Attachments: at most this many files per message, each at most this size,
# and only these extensions (the served content type follows the extension).
TICKETS_ATTACHMENT_MAX_FILES = env.int("TICKETS_ATTACHMENT_MAX_FILES", default=5)
TICKETS_ATTACHMENT_MAX_BYTES = env.int("TICKETS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
TICKETS_ATTACHMENT_EXTENSIONS = env.list(
    "TICKETS_ATTACHMENT_EXTENSIONS",
    default=["pdf", "png", "jpg", "jpeg", "gif", "txt", "log", "docx", "xlsx", "pptx", "odt"],
)
# Days after resolution: a requester's reply reopens within this window; after
# TICKETS_AUTO_CLOSE_DAYS a resolved request closes itself (beat job).
TICKETS_REOPEN_DAYS = env.int("TICKETS_REOPEN_DAYS", default=7)
# Keep the requester's rendered conversation per revision of the request
# (tickets/revision_cache.py): only in Redis, never in the embedded file cache.
TICKETS_REVISION_CACHE = env.bool("TICKETS_REVISION_CACHE", default=bool(REDIS_URL))
TICKETS_AUTO_CLOSE_DAYS = env.int("TICKETS_AUTO_CLOSE_DAYS", default=7)
# Requests filed without an account, per client address and per email address
# within the period (seconds): each one mails the address typed, so a
# stranger must not be able to turn the portal into a mail cannon.
TICKETS_GUEST_RATE_LIMIT = (
    env.int("TICKETS_GUEST_RATE_LIMIT", default=5),
    env.int("TICKETS_GUEST_RATE_PERIOD", default=60 * 60),
)
# Django's default (2.5 MB) would refuse a form with several attachments.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CELERY_BEAT_SCHEDULE |= {
    "tickets-flag-sla-breaches": {"task": "tickets.flag_sla_breaches", "schedule": 300.0},
    "tickets-auto-close-resolved": {"task": "tickets.auto_close_resolved", "schedule": 3600.0},
}

# --- Appointments ------------------------------------------------------------
# Minutes before an appointment its reminder mail goes out (beat job every 5 min).
APPOINTMENTS_REMINDER_MINUTES_BEFORE = env.int(
    "APPOINTMENTS_REMINDER_MINUTES_BEFORE", default=24 * 60
)
CELERY_BEAT_SCHEDULE |= {
    "appointments-send-reminders": {"task": "appointments.send_reminders", "schedule": 300.0},
}

# --- Mail in: the desk's IMAP mailbox ------------------------------
# INBOUND_IMAP_URL, e.g. imaps://desk%40uni.example:app-password@imap.example:993/INBOX
# (imap:// for plain IMAP, imap+starttls:// for STARTTLS; user and password
# percent-encoded). Unset: mail in is off, no poll runs and mails say "do not reply".
INBOUND_IMAP_URL = env.str("INBOUND_IMAP_URL", default="")
# The desk's address requesters reply to (Reply-To of request mails); by
# default the IMAP user when it is an address, else DEFAULT_FROM_EMAIL's.
INBOUND_ADDRESS = env.str("INBOUND_ADDRESS", default="")
# "xoauth2": the password part of INBOUND_IMAP_URL is an OAuth2 access token
# (Microsoft 365, Gmail); empty: LOGIN with the password (app password, Dovecot).
INBOUND_IMAP_AUTH = env.str("INBOUND_IMAP_AUTH", default="")
INBOUND_POLL_INTERVAL = env.float("INBOUND_POLL_INTERVAL", default=60.0)
# Where a processed message goes on the server: moved to this folder when
# set, else flagged \Seen plus INBOUND_PROCESSED_KEYWORD and left in place.
INBOUND_PROCESSED_FOLDER = env.str("INBOUND_PROCESSED_FOLDER", default="")
INBOUND_PROCESSED_KEYWORD = env.str("INBOUND_PROCESSED_KEYWORD", default="ServicedeskProcessed")
# A message larger than this (bytes) is held for first line, not processed.
INBOUND_MAX_BYTES = env.int("INBOUND_MAX_BYTES", default=25 * 1024 * 1024)
# Messages fetched per IMAP command, and the most one poll run handles before
# it queues the next run (so a backlog never runs into the task time limit).
INBOUND_FETCH_BATCH = env.int("INBOUND_FETCH_BATCH", default=25)
INBOUND_POLL_MAX = env.int("INBOUND_POLL_MAX", default=500)
INBOUND_IMAP_TIMEOUT = env.float("INBOUND_IMAP_TIMEOUT", default=30.0)
# Mails from one sender address per period (seconds); more are held.
INBOUND_SENDER_RATE_LIMIT = (
    env.int("INBOUND_SENDER_RATE_LIMIT", default=20),
    env.int("INBOUND_SENDER_RATE_PERIOD", default=60 * 60),
)
# The category (code) a request filed by mail gets; empty: the first active one.
INBOUND_CATEGORY = env.str("INBOUND_CATEGORY", default="")
if INBOUND_IMAP_URL and not INBOUND_ADDRESS:
    from email.utils import parseaddr as _parseaddr
    from urllib.parse import unquote as _unquote
    from urllib.parse import urlsplit as _urlsplit

    _imap_user = _unquote(_urlsplit(INBOUND_IMAP_URL).username or "")
    INBOUND_ADDRESS = _imap_user if "@" in _imap_user else _parseaddr(DEFAULT_FROM_EMAIL)[1]
if not INBOUND_IMAP_URL:
    INBOUND_ADDRESS = ""  # mail in is off: request mails keep saying "do not reply"
if INBOUND_IMAP_URL:
    CELERY_BEAT_SCHEDULE["mailin-poll"] = {
        "task": "mailin.poll_mailbox",
        "schedule": INBOUND_POLL_INTERVAL,
    }

# --- Staff alerts (alerts/) ---------------------------------------------
# Alerts of one kind to one staff member within this many seconds leave as one
# mail (the first after a quiet window at once, the rest at the window's end).
ALERTS_COALESCE_WINDOW = env.float("ALERTS_COALESCE_WINDOW", default=300.0)
# Share of a request's SLA target (business time) used before "approaching" is sent.
ALERTS_SLA_WARNING_SHARE = env.float("ALERTS_SLA_WARNING_SHARE", default=0.75)
ALERTS_SLA_WARNING_INTERVAL = env.float("ALERTS_SLA_WARNING_INTERVAL", default=300.0)
# Seconds an alert event or a due batch may wait before beat's sweep queues it again.
ALERTS_SWEEP_GRACE = env.float("ALERTS_SWEEP_GRACE", default=60.0)
# Local time (Europe/Brussels) the daily digest leaves, "HH:MM".
ALERTS_DIGEST_TIME = env.str("ALERTS_DIGEST_TIME", default="07:30")
_digest_hour, _digest_minute = (int(part) for part in ALERTS_DIGEST_TIME.split(":"))
CELERY_BEAT_SCHEDULE |= {
    "alerts-sweep": {"task": "alerts.sweep", "schedule": 60.0},
    "alerts-warn-sla": {"task": "alerts.warn_sla", "schedule": ALERTS_SLA_WARNING_INTERVAL},
    "alerts-send-digests": {
        "task": "alerts.send_digests",
        "schedule": {"crontab": {"hour": _digest_hour, "minute": _digest_minute}},
    },
}

# --- Insights (the lead dashboard) -------------------------------------------
# Days the nightly repair re-derives from the audit trail (insights.tasks).
INSIGHTS_REPAIR_DAYS = env.int("INSIGHTS_REPAIR_DAYS", default=14)
CELERY_BEAT_SCHEDULE["insights-repair-rollups"] = {
    "task": "insights.repair_rollups",
    "schedule": {"crontab": {"hour": 3, "minute": 30}},
}

# --- Operations: logs, request id, error reporting, data retention ---
# Every log line (web and worker) carries the request id; LOG_FORMAT=json
# writes one JSON object per line for a log collector, plain text otherwise.
from servicedesk.error_reporting import init_error_reporting  # noqa: E402
from servicedesk.log_format import logging_config  # noqa: E402

LOGGING = logging_config(
    log_format=env.str("LOG_FORMAT", default="plain"),
    level=env.str("LOG_LEVEL", default="INFO"),
)
# The worker logs through LOGGING too, not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MIDDLEWARE.insert(0, "servicedesk.request_id.RequestIdMiddleware")
# Error reports go to Sentry only when SENTRY_DSN is set (servicedesk/error_reporting.py).
SENTRY_ENABLED = init_error_reporting(
    dsn=env.str("SENTRY_DSN", default=""),
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
# Data retention (servicedesk/retention.py): closed requests older than this
# many months lose their guest's personal data and their attachment files;
# 0 switches a rule off. The audit trail and the counts stay.
RETENTION_GUEST_DATA_MONTHS = env.int("RETENTION_GUEST_DATA_MONTHS", default=24)
RETENTION_ATTACHMENT_MONTHS = env.int("RETENTION_ATTACHMENT_MONTHS", default=24)
CELERY_BEAT_SCHEDULE["servicedesk-apply-retention"] = {
    "task": "servicedesk.apply_retention",
    "schedule": {"crontab": {"hour": 4, "minute": 15}},
}
# --- Knowledgebase search (knowledgebase/search) ---
# Seconds a public search answer (ids and snippets) stays cached; any article
# or synonym change makes a new generation at once. 0 switches the cache off.
KB_SEARCH_CACHE_SECONDS = env.int("KB_SEARCH_CACHE_SECONDS", default=300)
# --- Service status (servicestatus) ---
# Addresses one fan-out transaction queues an incident update for: a worker
# killed mid-way loses at most one uncommitted batch, which the sweeper resends.
SERVICESTATUS_FAN_OUT_BATCH = env.int("SERVICESTATUS_FAN_OUT_BATCH", default=200)
# "I am affected too" tries per client address an hour (each email address has
# its own limit of 10): high, because a campus shares a few NAT addresses.
SERVICESTATUS_AFFECTED_PER_ADDRESS = env.int("SERVICESTATUS_AFFECTED_PER_ADDRESS", default=600)
# --- Web basics: robots.txt, security.txt, sitemap ------
# The sitemap of the public knowledgebase (knowledgebase/sitemaps.py).
INSTALLED_APPS += ["django.contrib.sitemaps"]
# /.well-known/security.txt (RFC 9116): where to report a vulnerability
# (mailto: or https: URIs), an optional disclosure policy page, and how many
# days ahead of each request its Expires field lies.
SECURITY_TXT_CONTACTS = env.list("SECURITY_TXT_CONTACTS", default=["mailto:security@example.org"])
SECURITY_TXT_POLICY = env.str("SECURITY_TXT_POLICY", default="")
SECURITY_TXT_LIFETIME_DAYS = env.int("SECURITY_TXT_LIFETIME_DAYS", default=180)

# --- Formats -----------------------------------------------------------------
# English pages use en-GB conventions: day-month dates, 24-hour times
# (servicedesk/formats/en/formats.py); Dutch keeps Django's nl formats.
FORMAT_MODULE_PATH = ["servicedesk.formats"]
# --- Branding (branding/) ------------------------------------------------
# The university's theme; the servicedesk lead can override each in the admin
# (Branding > Theme). BRAND_COLOUR must contrast 4.5:1 with white (system check
# branding.E001): the header and buttons put white text on it.
BRAND_UNIVERSITY_NAME = env.str("BRAND_UNIVERSITY_NAME", default="Universiteit Voorbeeld")
BRAND_COLOUR = env.str("BRAND_COLOUR", default="#0b4f8a")
# Empty: the portal's own static/branding/logo.svg and static/favicon.svg.
BRAND_LOGO_URL = env.str("BRAND_LOGO_URL", default="")
BRAND_FAVICON_URL = env.str("BRAND_FAVICON_URL", default="")
# "Text | address" pairs separated by ";".
BRAND_FOOTER_LINKS = env.str("BRAND_FOOTER_LINKS", default="")
# Fields rendered with {{ field.as_field_group }} put their help text under the input.
FORM_RENDERER = "servicedesk.forms.PortalFormRenderer"
