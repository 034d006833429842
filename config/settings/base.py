"""Settings shared by every environment. Deployment values come from the environment."""

import os
from pathlib import Path

import dj_database_url

from django.utils.translation import gettext_lazy as _

from .environment import env_bool, env_list, env_mapping

BASE_DIR = Path(__file__).resolve().parent.parent.parent


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "security",
    "experiences",
    "wiki",
    # Network newsletters and announcements (issue 19), also what import_wordpress writes.
    "news",
    "attachments",
    "search",
    "accounts",
    # Where networks meet (issue 19): gatherings, programmes, registration, iCalendar.
    "gatherings",
    "home",
    "imports",
    "reviews",
    # Readers talk back (issue 5): feedback, reuse, questions; feeds and digests; editors' dashboard.
    "feedback",
    "subscriptions",
    "dashboard",
    "a11y",
    "wagtail.api.v2",
    "django.contrib.humanize",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # /sitemap.xml lists live public pages only (Wagtail's sitemap leaves restricted ones out).
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost, so every line logged while a request is served carries its id.
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with the language taken from the URL on public pages.
    "core.language_urls.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin URLs naming a page outside the user's municipalities answer 404.
    "accounts.middleware.PageScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
                "core.language_urls.language_links",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default so the site runs with nothing else installed;
# DATABASE_URL (e.g. postgres://user:pass@host/erfa) selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Kept connections: opening one per request costs PostgreSQL a process fork each time
        # (make load-postgres). The health check replaces a connection a database restart broke.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Every request is one transaction: Wagtail's publish saves the page, its revision and the
# search outbox row in several steps, and they must commit (or not) together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent readers: WAL lets reads go on while one request
    # writes, and a writer waits for the lock (timeout, seconds) instead of failing at once.
    # Transactions stay DEFERRED: IMMEDIATE would make every read request queue for the one
    # write lock. Reads therefore must not write inside the request's transaction; counters
    # write after it (core/best_effort.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", "timeout": 10}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface speaks bokmål, Swedish and English. Each page also carries its own
# content language (core/languages.py), which is independent of this.
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "erfa_language"
# The reader's chosen language is remembered for a year, not just the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Dates in the locale's own form; Django's English ones are American, ours are not (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]

WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Front-end assets come from npm at install time (no CDN); see package.json.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Internal (signed-in only) pages send anonymous readers to the site's own sign-in form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# The language of the site's own pages (home, indexes, about), separate from the UI
# language, so their text is marked up with the right lang attribute.
ERFA_SITE_CONTENT_LANGUAGE = os.environ.get("SITE_CONTENT_LANGUAGE", "nb")

WAGTAIL_SITE_NAME = "Erfa"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Wagtail's database backend always runs: it serves the admin and is the public
# search's fallback when the engine is away. The engine itself (Elasticsearch or
# OpenSearch) is owned by the search app, configured here from the environment.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Hybrid search: dense multilingual vectors (search/embeddings.py) fused with the lexical
# ranking, and similar reports by meaning. Off, search is lexical only and no model loads.
ERFA_SEARCH_HYBRID = env_bool("SEARCH_HYBRID", True)
ERFA_SEARCH = {
    "URLS": env_list("SEARCH_URL"),
    "ENGINE": os.environ.get("SEARCH_ENGINE", "opensearch3"),
    "INDEX_PREFIX": os.environ.get("SEARCH_INDEX", "erfa_"),
    "USERNAME": os.environ.get("SEARCH_USERNAME", ""),
    "PASSWORD": os.environ.get("SEARCH_PASSWORD", ""),
    "VERIFY_CERTS": env_bool("SEARCH_VERIFY_CERTS", True),
    "CA_CERTS": os.environ.get("SEARCH_CA_CERTS", ""),
    # Short timeouts: publishing must never wait long on an engine that hangs.
    "WRITE_TIMEOUT": float(os.environ.get("SEARCH_WRITE_TIMEOUT", "1.0")),
    "SEARCH_TIMEOUT": float(os.environ.get("SEARCH_TIMEOUT", "2.0")),
    "BULK_TIMEOUT": float(os.environ.get("SEARCH_BULK_TIMEOUT", "30")),
    # After a failed write, publishing stops trying inline for this long; the worker retries.
    "RETRY_AFTER": float(os.environ.get("SEARCH_RETRY_AFTER", "15")),
    # A single node holds no replica; a cluster sets SEARCH_REPLICAS so a node can go down.
    "SHARDS": int(os.environ.get("SEARCH_SHARDS", "1")),
    "REPLICAS": int(os.environ.get("SEARCH_REPLICAS", "0")),
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Background jobs' intervals in seconds, per deployment: WORKER_SCHEDULE="search-reconcile=1800" (core/schedule.py).
ERFA_WORKER_SCHEDULE = {name: float(seconds) for name, seconds in env_mapping("WORKER_SCHEDULE").items()}
# /readyz answers 503 when a change has waited longer than this (seconds) for the search index.
ERFA_READY_MAX_OUTBOX_LAG = int(os.environ.get("READY_MAX_OUTBOX_LAG", "300"))

# A guide owner is reminded about an overdue guide at most once in this many days.
ERFA_REVIEW_REMINDER_DAYS = int(os.environ.get("REVIEW_REMINDER_DAYS", "30"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "erfa@localhost")

# LOG_FORMAT=json (production's default): one JSON object per line with the request id, for
# log collectors; otherwise plain text. Either way every line carries the request id (core/request_id.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Every publish runs background tasks; their start/finish lines drown real messages.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The engine clients log every request at INFO.
        "opensearch": {"level": "ERROR"},
        "elasticsearch": {"level": "ERROR"},
    },
}

# Roles, moderation and sign-in (accounts app). Sign-in goes through these backends; the OIDC
# one (ID-porten, Feide, Entra ID) maps claims to municipalities through accounts.membership.assign().
# The lockout's backend comes first whatever is configured: it refuses any authenticate() call
# for a locked name, on whichever path it comes (security/lockout.py).
AUTHENTICATION_BACKENDS = [
    "security.lockout.LockoutBackend",
    *env_list("AUTHENTICATION_BACKENDS", "django.contrib.auth.backends.ModelBackend"),
    # Acts only on a callback from a configured provider (accounts/oidc.py); passwords stay with ModelBackend.
    "accounts.oidc.ProviderBackend",
]


# Sign-in with the municipality's identity provider: config/settings/identity.py.
from .identity import *  # noqa: E402, F403

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 24 * 3600)))
# Where readers report accessibility problems; shown on the accessibility statement.
ERFA_ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "tilgjengelighet@erfa.example")
# Where people ask for a contributor account; shown on the sign-in page.
ERFA_ACCOUNTS_CONTACT = os.environ.get("ACCOUNTS_CONTACT_EMAIL", "konto@erfa.example")
# Gravatar is blocked by the content security policy and would tell a third party who
# signs in: the admin shows its own initials avatar instead of a broken image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's slug field follows the one slug rule (core.models.NordicSlugMixin) as you type.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# --- Security (issue 6): headers, request limits, sign-in lockout, uploads. README "Security".
MIDDLEWARE += [
    "security.headers.SecurityHeadersMiddleware",
    "security.ratelimit.RateLimitMiddleware",
    "security.lockout.LoginLockoutMiddleware",
    # Outside the page cache, so reads it serves are counted too; after the view's transaction.
    "dashboard.views_counter.ViewCountMiddleware",
    # Innermost: the CSRF, session and security middleware still handle every cached answer.
    "security.page_cache.PageCacheMiddleware",
]
# Rendered public pages kept for anonymous readers (security/page_cache.py); 0 turns it off.
ERFA_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# Every counter and cache several processes must agree on (rate limits, sign-in lockout, the
# page cache's generation, search's reference-data versions, filter options) goes through
# Django's cache framework. REDIS_URL (or CACHE_URL), e.g. redis://127.0.0.1:6379/0, makes it one
# Redis (or Valkey) server shared by every worker and server: what one process counts or
# invalidates, all see at once. Without it each process keeps its own in memory (one process,
# as in development), and PAGE_CACHE_DIR can still share rendered pages between the processes
# of one host.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'erfa')}:{alias}",
            # A cache server that hangs must not hang every request with it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        # Locmem's default of 300 entries is less than a morning's distinct queries: each
        # query's vector (1.5 kB) and first-stage plan would be culled and made again.
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5_000}},
        "pages": (
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": os.environ["PAGE_CACHE_DIR"],
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            }
            if os.environ.get("PAGE_CACHE_DIR")
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
        ),
    }
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The admin reads its CSRF token from the page, never from the cookie, so scripts need no access.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
# The public site: no inline script or style, nothing from other origins, no framing.
# Templates that need an inline script use <script nonce="{{ request.csp_nonce }}">.
ERFA_CSP_ENABLED = env_bool("CSP_ENABLED", True)
ERFA_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Wagtail admin still needs inline scripts and styles (wagtail/wagtail#1288), and its
# accessibility checker (axe-core's templates) compiles with new Function(); it stays
# same-origin, and only the admin itself may frame its previews.
ERFA_CSP_ADMIN_PREFIX = "/admin/"
ERFA_CSP_ADMIN_REPORT_ONLY = env_bool("CSP_ADMIN_REPORT_ONLY", False)
ERFA_CSP_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
ERFA_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# The admin dashboard would otherwise ask releases.wagtail.io from the browser (blocked by the CSP).
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Per client address; "<count>/<s|m|h|d>", "off" to disable. See security/ratelimit.py.
ERFA_RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
ERFA_RATE_LIMITS = {
    "search": os.environ.get("SEARCH_RATE_LIMIT", "60/m"),
    "suggest": os.environ.get("SUGGEST_RATE_LIMIT", "300/m"),
    # Following search results (/search/go/): far more than a reader clicks, far less than a script.
    "click": os.environ.get("CLICK_RATE_LIMIT", "60/m"),
    # Registering for and cancelling gatherings, per signed-in user.
    "registration": os.environ.get("REGISTRATION_RATE_LIMIT", "30/h"),
}
# URL name → limit; /search/ and /api/search/ share one budget.
ERFA_RATE_LIMIT_VIEWS = {
    "search": "search",
    "search_api": "search",
    "search_suggest": "suggest",
    "search_click": "click",
}
ERFA_RATE_LIMIT_CACHE = os.environ.get("RATE_LIMIT_CACHE", "default")
ERFA_TRUSTED_PROXY_DEPTH = int(os.environ.get("TRUSTED_PROXY_DEPTH", "0"))
ERFA_LOGIN_LOCKOUT_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", True)
ERFA_LOGIN_LOCKOUT = {
    "FAILURES": int(os.environ.get("LOGIN_LOCKOUT_FAILURES", "5")),
    "WINDOW": int(os.environ.get("LOGIN_LOCKOUT_WINDOW", str(15 * 60))),
    "LOCK": int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(15 * 60))),
}
LOGGING["loggers"]["erfa.security"] = {"level": "INFO"}

WAGTAILDOCS_DOCUMENT_FORM_BASE = "attachments.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.uploads.ImageForm"
# Served through Django with Content-Disposition: attachment (inline only for these types),
# nosniff and Wagtail's own "default-src 'none'" policy.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "40")) * 1_000_000
