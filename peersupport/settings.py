"""Settings for the Peer Support Programme Manager, read from the environment (django-environ).

One module for every environment: safe defaults, and a loud failure at start-up when production
runs without a secret key or allowed hosts. A `.env` file in the project folder is read if present
(`make run` writes one with a generated secret key); real environment variables win over it.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (production) or run with "
            "DEBUG=true for local development (`make run` does this for you)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names the site answers on.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_celery_beat",
    "import_export",
    # Operations (issue 20): Prometheus metrics, and the request id of every request (peersupport.logs).
    "django_prometheus",
    "django_guid",
    # The phases, in the order a peer travels them; imports point only towards programmes.
    "programmes",
    "recruitment",
    "workforce",
    "development",
    "outcomes",  # issue 18: evaluation, monthly team returns, caseload
    "dashboards",
    "privacy",  # subject access exports and retention: reads every phase
    # The documented API (issue 20 item 2): REST endpoints over every phase, its OpenAPI schema and reference page
    # (assets served from drf-spectacular-sidecar, no CDN), and personal API tokens.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "sso",  # single sign-on with a trust's OpenID Connect identity provider (issue 20)
]

MIDDLEWARE = [
    # Prometheus (peersupport.metrics): first, to time the whole request; its partner is before axes below.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id (X-Request-ID in, or a new one; returned in the response) for every log line of the request.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that does not answer in time: a 503 page, not a 500 (with handler500 in peersupport/urls.py).
    "peersupport.outages.DatabaseUnavailableMiddleware",
    # /health/live and /health/ready answer here: no session, sign-in, host-name or lock-out rule below applies.
    "peersupport.health.HealthEndpointsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions end when idle or too old (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS); signed-in pages are not
    # cached. Static files never get here (whitenoise answers them above).
    "programmes.security.SessionTimeoutMiddleware",
    "programmes.security.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Counts the response by view and status (django-prometheus asks for last; axes keeps that place).
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # django-axes last, as its documentation asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peersupport.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programmes.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "peersupport.wsgi.application"

# SQLite in the project folder by default, so the quick start needs no server.
# Production and CI: DATABASE_URL=postgres://user:password@host:5432/name (psycopg 3).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # Bounded waits (issue 22): a stalled database answers a 503 page quickly (peersupport.outages) instead of
    # holding the web process. libpq gives up connecting after DATABASE_CONNECT_TIMEOUT seconds; the server cancels
    # any statement, lock waits included, after DATABASE_STATEMENT_TIMEOUT seconds (0: no limit, e.g. for a long
    # migration that rewrites a large table).
    _db_options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
    _server_settings = [_db_options.get("options", "")]
    # PostgreSQL's JIT compiler over-estimates the access rules' subqueries and spends most of a page's time
    # compiling them (bench/run.py); these short queries are faster without it. DATABASE_JIT=true restores it.
    if not env.bool("DATABASE_JIT", default=False):
        _server_settings.append("-c jit=off")
    # DATABASE_SYNCHRONOUS_COMMIT=off: a commit does not wait for its WAL to reach the disk (2-3 ms a commit on the
    # development machine, 0.13 ms without). Only for throw-away databases: the test suite sets it (pyproject.toml);
    # a server crash could lose the last commits, never corrupt the database. Unset: the server's setting (on).
    _synchronous_commit = env.str("DATABASE_SYNCHRONOUS_COMMIT", default="")
    if _synchronous_commit:
        if _synchronous_commit not in {"on", "off", "local", "remote_write", "remote_apply"}:
            raise ImproperlyConfigured(f"DATABASE_SYNCHRONOUS_COMMIT must be on or off, not {_synchronous_commit!r}")
        _server_settings.append(f"-c synchronous_commit={_synchronous_commit}")
    # Prepared statements: psycopg binds parameters on the server and prepares a query after it has run
    # DATABASE_PREPARE_THRESHOLD times on a connection (1: on its second run), so PostgreSQL can keep its plan.
    # Planning was most of PostgreSQL's time on the busiest pages (a line manager's dashboard: 70 queries, 30 ms
    # planning, 21 running; a peer's home page: 40 queries, 12 ms planning, 2 running). It pays with persistent
    # connections (CONN_MAX_AGE).
    # Empty: parameters merged into the query on the client and nothing prepared, as behind a connection pooler in
    # transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
    _prepare_threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="1")
    if _prepare_threshold != "":
        # (Not 0, preparing every query at its first run: a migration sending several statements at once is refused.)
        if not _prepare_threshold.isdigit() or int(_prepare_threshold) < 1:
            raise ImproperlyConfigured(
                f"DATABASE_PREPARE_THRESHOLD must be a number of runs from 1, or empty, not {_prepare_threshold!r}"
            )
        _db_options["server_side_binding"] = True
        _db_options["prepare_threshold"] = int(_prepare_threshold)
    DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=30.0)
    _server_settings.append(f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}")
    _db_options["options"] = " ".join(part for part in _server_settings if part)
    # The same backend, counting queries, their time and errors for Prometheus (django-prometheus; peersupport.metrics).
    DATABASES["default"]["ENGINE"] = "django_prometheus.db.backends.postgresql"
# How many prepared statements a connection keeps (peersupport/prepared.py); psycopg's own default is 100.
_prepared_max = env.str("DATABASE_PREPARED_MAX", default="500")
if not _prepared_max.isdigit() or int(_prepared_max) < 1:
    raise ImproperlyConfigured(f"DATABASE_PREPARED_MAX must be a number of statements from 1, not {_prepared_max!r}")
DATABASE_PREPARED_MAX = int(_prepared_max)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every web process), otherwise local memory.
REDIS_URL = env.str("REDIS_URL", default="")
# A hung Redis fails a cache call after REDIS_SOCKET_TIMEOUT seconds instead of holding the request.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_timeout": REDIS_SOCKET_TIMEOUT, "socket_connect_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programmes:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Uploads (issue 8 item 5): form data without files is small, so 2.5 MB of it is refused (a 400) before any view
# runs; an uploaded file over 1 MB is streamed to a temporary file, not held in memory; one request carries at
# most a few files. Each upload field caps its own size and checks its type (programmes/uploads.py); the web
# server in front should cap a whole request at about 6 MB (evidence files are 5 MB at most).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

FILTERS_EMPTY_CHOICE_LABEL = "Any"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development; EMAIL_URL=smtp+tls://user:password@host:587 in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="peer-support@localhost")

# Celery: unset broker means tasks run in-process (eager), so the quick start needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# The daily reminder run fans out as a chord (workforce.tasks.run_daily_reminders), and a chord needs a result
# backend to know when every part is done: the broker's Redis unless set otherwise. Tasks queued from web requests
# keep no result (peersupport.celery.Task.delay_or_log), so a request never waits on the backend.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or CELERY_BROKER_URL or None
CELERY_RESULT_EXPIRES = datetime.timedelta(days=1)
# Peers in post per part of the daily reminder run: one part per trust, a bigger trust cut into parts this big.
REMINDER_PEERS_PER_PART = env.int("REMINDER_PEERS_PER_PART", default=500)
# The dashboard of a scope with more peers in view than this (applicants included) is served from figures kept for
# DASHBOARD_KEEP_MINUTES (dashboards.kept), counted again in the background; smaller scopes are counted live. 1,000:
# a whole trust's dashboard (the generated trust: 1,979 peers in view, 200-340 ms of CPU counted live, ~50 kept) is
# kept; a team's (a line manager's, tens of peers) is counted on every visit.
DASHBOARD_KEEP_ABOVE_PEERS = env.int("DASHBOARD_KEEP_ABOVE_PEERS", default=1000)
DASHBOARD_KEEP_MINUTES = env.float("DASHBOARD_KEEP_MINUTES", default=10.0)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A web request that queues a task must not hang when the broker is down: try briefly, then give up
# (peersupport.celery.Task logs it; the daily run recomputes what is due).
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Bounded waits on the broker (issue 22): the connection timeout above bounds only connecting; a hung Redis (the
# kernel accepts, nothing answers) held a saved request for 31 s. socket_timeout bounds every read and write, so a
# publish gives up after about that long (peersupport.celery.Task.delay_or_log logs it and the request completes).
#
# visibility_timeout: a message a worker took and never acknowledged (the whole worker killed: OOM, a host crash)
# is given to another worker this many seconds after it was taken (Redis's default is an hour, which made the
# 06:00 reminder run race the 07:00 digest). It must stay above the longest task, or a task still running is
# started a second time (harmless, every task is safe to run twice, but wasted). The longest is a part of the daily
# reminder run (REMINDER_PEERS_PER_PART peers in post: 0.6-2.5 s for 500 on this machine while loaded; README,
# Benchmarks) in a fixed number of queries, each cut off by the statement timeout; each task of the run is stopped
# a minute before the visibility timeout (workforce.tasks), so 600 s (ten minutes) is above it by construction, and
# a run stopped is rerun by the 06:30 catch-up. It must also stay above any countdown
# (the digest's wait for the day's reminder run, below). Unacknowledged messages are looked for every 10 s
# (unacked_restore_interval; the throttle of 1 makes every look a real one).
CELERY_BROKER_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
# The same bounded waits on the result backend (the chord of the daily reminder run).
CELERY_REDIS_SOCKET_TIMEOUT = CELERY_BROKER_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
# The 07:00 digest waits for the day's reminder run (programmes.tasks.send_digests): it tries again every
# DIGEST_WAIT_SECONDS, at most DIGEST_WAIT_ATTEMPTS times (30 minutes by default), then sends what there is. The
# wait must stay below the visibility timeout, or the waiting message is redelivered while it waits.
DIGEST_WAIT_SECONDS = env.int("DIGEST_WAIT_SECONDS", default=120)
DIGEST_WAIT_ATTEMPTS = env.int("DIGEST_WAIT_ATTEMPTS", default=15)
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= DIGEST_WAIT_SECONDS:
    raise ImproperlyConfigured("DIGEST_WAIT_SECONDS must be less than CELERY_VISIBILITY_TIMEOUT.")
# The address links in notification emails start with.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Unsuccessful applicants' personal data is removed this many months after their last application ended
# (privacy.services.apply_retention, daily at 03:00).
RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS = env.int("RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS", default=12)

# django-axes: lock out after repeated failures for one username from one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address the lock-out is keyed on: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
# address the outermost of them saw (programmes.security.client_ip_address). Never more proxies than there are.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "programmes.security.client_ip_address"

# Sessions (programmes.security): signed out after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS
# after signing in; occupational health and DBS records ask for the password again after REAUTH_MINUTES.
SESSION_IDLE_MINUTES = env.float("SESSION_IDLE_MINUTES", default=30.0)
SESSION_ABSOLUTE_HOURS = env.float("SESSION_ABSOLUTE_HOURS", default=10.0)
REAUTH_MINUTES = env.float("REAUTH_MINUTES", default=15.0)

# Single sign-on (issue 20; sso, README "Single sign-on"): identity providers are kept per trust in the admin; one
# more may come from the environment (SSO_ISSUER set; the trust named by its ODS code in SSO_TRUST_CODE).
SSO_HTTP_TIMEOUT = env.float("SSO_HTTP_TIMEOUT", default=5.0)  # each call to a provider (metadata, keys, token)
SSO_ENVIRONMENT_PROVIDER = (
    {
        "trust_code": env.str("SSO_TRUST_CODE"),
        "slug": env.str("SSO_SLUG", default="trust"),
        "display_name": env.str("SSO_DISPLAY_NAME", default="your work account"),
        "issuer": env.str("SSO_ISSUER"),
        "client_id": env.str("SSO_CLIENT_ID"),
        "client_secret": env.str("SSO_CLIENT_SECRET"),
        "allowed_email_domains": "\n".join(env.list("SSO_ALLOWED_EMAIL_DOMAINS")),
        "create_unknown_users": env.bool("SSO_CREATE_UNKNOWN_USERS", default=False),
        "local_passwords_for_staff": env.bool("SSO_LOCAL_PASSWORDS_FOR_STAFF", default=True),
        "trust_provider_emails": env.bool("SSO_TRUST_PROVIDER_EMAILS", default=False),
    }
    if env.str("SSO_ISSUER", default="")
    else None
)

# Security. Cookies and headers are strict everywhere; HTTPS-only settings are on unless DEBUG.
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HTTPS)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The session row and cookie outlive the longest session (SESSION_ABSOLUTE_HOURS) by an hour: activity is kept in a
# signed cookie, not by saving the session on each request, so an earlier expiry would cut busy sessions short, and
# the hour lets programmes.security end the session itself and tell the user why.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=int((SESSION_ABSOLUTE_HOURS + 1) * 60 * 60))
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content Security Policy (django-csp 4): the application's own scripts, styles, fonts and images only; no inline
# script or style anywhere in served HTML (tests/security/test_headers.py); nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs (issue 20, peersupport.logs): one JSON object a line in production (LOG_FORMAT=json, the default without
# DEBUG), plain lines in development; each carries the request id (X-Request-ID), in the tasks a request queues too.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "peersupport.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "peersupport.logs.json_formatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every PDF at INFO; keep their warnings only.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        # django-guid narrates every request id at INFO.
        "django_guid": {"level": "WARNING"},
        # django-health-check logs a failed check with its traceback; /health/ready logs one line instead.
        "health_check": {"level": "ERROR"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in-process (no broker): Celery would narrate each one at INFO in the web process and commands.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# Request ids (django-guid; peersupport.logs): a well-formed X-Request-ID (a UUID) is kept, anything else replaced.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True, "EXPOSE_HEADER": False}

# Health and metrics (issue 20; peersupport.health, peersupport.metrics). Each check of /health/ready gives up after
# HEALTH_CHECK_TIMEOUT seconds and a second's grace (sooner when a connect or socket timeout above fires first), so a
# load balancer gets its 503 within a few seconds whatever hangs. /metrics and the worker's metrics port answer only
# METRICS_ALLOWED_IPS (addresses or networks; everyone else gets a 404). WORKER_METRICS_PORT (0: off) is where each
# Celery worker serves its task counts and durations, on WORKER_METRICS_ADDRESS.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=3.0)
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1"])
WORKER_METRICS_PORT = env.int("WORKER_METRICS_PORT", default=0)
WORKER_METRICS_ADDRESS = env.str("WORKER_METRICS_ADDRESS", default="")  # empty: every interface
# A load balancer or Prometheus reaching a web server directly over plain HTTP is not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

# The API (issue 20 item 2; api/). A personal API token (`Authorization: Bearer ...`) or the signed-in session (with
# its CSRF check) authenticates; no token or a bad one is a 401. Each token (or user) may make API_THROTTLE_RATE
# requests ("number/second|minute|hour|day"), then gets 429 with Retry-After. Lists are paged as the pages are (25).
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.AllowedLikeItsPage"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenOrUserRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Peer Support Programme Manager API",
    "DESCRIPTION": (
        "Read the programme's records and figures for reporting and integration, and import applications and staff. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`), created on the API tokens page. "
        "Every endpoint applies the application's access rules: a record you may not see answers 404 and lists hold "
        "only what you may see. Sensitive records (occupational health, DBS, Wellness Action Plans, supervision notes, "
        "lived experience, care arrangements, absence reasons) are never in the API."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and reference page are for the API's users: signed in (token or session), staff.
    "SERVE_PERMISSIONS": ["api.permissions.AllowedLikeItsPage"],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
