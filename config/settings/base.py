"""Settings shared by every environment.

Every integration is switched on by an environment variable; with nothing set the
project runs on embedded defaults (SQLite, local-memory cache, database search,
Celery eager, console email, local media) so `bin/run` works on a bare machine.
"""
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from kombu import Queue
from oscar.defaults import *  # noqa: F401,F403  Oscar's settings are plain module constants

from config.dashboard_menu import beside, for_staff, with_permission  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SHOP_NAME = env("SHOP_NAME", default="Larder & Loom")

# --- Applications -------------------------------------------------------------------

OSCAR_APPS = [
    "commerce.shop.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "commerce.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "commerce.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "commerce.communication.apps.CommunicationConfig",
    "commerce.partner.apps.PartnerConfig",
    "commerce.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "commerce.offer.apps.OfferConfig",  # a basket's range checks in one query per range
    "commerce.order.apps.OrderConfig",  # status changes with who + tracking
    "commerce.customer.apps.CustomerConfig",  # email-changed to both addresses, newsletter opt-in
    "search.apps.SearchConfig",  # replaces Oscar's haystack-bound search app (same label)
    "oscar.apps.voucher.apps.VoucherConfig",
    "commerce.wishlists.apps.WishlistsConfig",  # someone else's private list: 404, not 403
    "commerce.dashboard.apps.DashboardConfig",  # so the orders dashboard fork below is found
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "commerce.dashboard.orders.apps.OrdersDashboardConfig",  # status workflow + tracking
    "commerce.dashboard.catalogue.apps.CatalogueDashboardConfig",  # cost price in the stock form
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "commerce.dashboard.shipping.apps.ShippingDashboardConfig",  # zones, free-delivery threshold
    "widget_tweaks",
    "haystack",  # only imported by Oscar's own modules; our search app does the work
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
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
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",  # /sitemap.xml (content/sitemaps.py)
    "django.contrib.flatpages",
    "django.contrib.humanize",
    *OSCAR_APPS,
    *WAGTAIL_APPS,
    "commerce.accounts",
    "outbox.apps.OutboxConfig",  # the email outbox: every email stored, then sent by Celery
    "newsletter",  # promotions newsletter, double opt-in
    "basket_reminders",  # emails about baskets left idle, with a link back to them
    "email_tracking",  # opens, clicks and revenue of marketing email
    "reports.apps.ReportsConfig",  # merchandiser reports, built by Celery
    "catalogue_files.apps.CatalogueFilesConfig",  # catalogue and stock as CSV/XLSX: import (checked first) and export
    "commerce.payments",
    "commerce.tax",
    "commerce.returns",  # returns (RMA) of delivered orders: request, decision, receipt, refund
    "commerce.invoicing",  # invoices, credit notes and packing slips as PDF
    "commerce.demo",
    "content",
    "attribution",  # which content page and block sold what (basket touches → order lines)
    "imagery",  # thumbnails and renditions made after upload, srcset tags
    "pagecache",  # anonymous page cache and its invalidation
    "preview_moment",  # staff preview the storefront at a future moment (its own clock: preview_moment/clock.py)
    "commerce.product_page",  # product page facts, variant picker, JSON-LD, catalogue breadcrumbs
    "axes",  # login lockout records (security/lockout.py)
    "django_otp",  # staff two-factor sign-in (staff_2fa/): devices, verification state in the session
    "django_otp.plugins.otp_totp",  # authenticator apps
    "django_otp.plugins.otp_static",  # recovery codes
    "staff_2fa",  # the second step before staff areas, enrolment, recovery codes
    "webhooks",  # signed outgoing webhooks to merchandisers' endpoints (orders, products, stock)
    "security",  # lockout, rate limits, CSP, log scrubbing, uploads, data rights
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files (the CSP allows no CDN)
    "api",  # the REST API at /api/: catalogue, headless baskets, staff integrations by key (docs/api.md)
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database unreachable (a restart, a failover): a 503 "try again" page, not a 500 (config/db_outage.py).
    "config.db_outage.DatabaseOutageMiddleware",
    # Anonymous storefront pages from the shared cache, before sessions and the basket (pagecache/).
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "security.ratelimit.RateLimitMiddleware",  # after CSRF: a forged POST is refused before it counts
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # whether this session passed the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff areas need the second factor (staff_2fa/), after OTPMiddleware.
    "staff_2fa.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Staff previewing a future moment: their own clock, no shared caches, no checkout (preview_moment/).
    "preview_moment.middleware.PreviewMomentMiddleware",
    "commerce.basket.middleware.BasketMiddleware",  # offer range answers scoped per request
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into security/lockout.html with 429
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "search.context_processors.search_form",
                "content.context_processors.site_navigation",
                "preview_moment.context_processors.preview_moment",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------

# An unset or empty DATABASE_URL means the embedded SQLite file (production refuses it).
DATABASE_URL = env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the dev server read while a Celery-eager task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A persistent connection the database closed (a restart) is tested at its first use in
    # a request (before ATOMIC_REQUESTS begins the view's transaction) and replaced instead
    # of failing the request; while the database is away shoppers get config/db_outage.py's page.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# A read replica for report builds (config/db_routers.py); off unless set. Tests mirror
# it onto the test database, as Django does for replicas.
REPORTS_DATABASE_URL = env("REPORTS_DATABASE_URL", default="")
if REPORTS_DATABASE_URL:
    DATABASES["reports_replica"] = {**env.db_url_config(REPORTS_DATABASE_URL), "TEST": {"MIRROR": "default"},
                                    "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60), "CONN_HEALTH_CHECKS": True}
    DATABASE_ROUTERS = ["config.db_routers.ReportsReplicaRouter"]

# /healthz/ready (and /healthz) shows each part's state to everyone; the error class and a
# scrubbed message only to staff or to a request carrying this token in X-Health-Token
# (config/health.py). Empty: staff only.
HEALTH_DETAILS_TOKEN = env("HEALTH_DETAILS_TOKEN", default="")

REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": env.cache("CACHE_URL", default=f"{REDIS_URL or 'locmemcache://'}"),
}
# On Redis the cache answers as an empty one while Redis is unreachable, hung or full
# (config/cache.py): pages are rendered afresh and nobody sees an error. Each call waits at
# most CACHE_SOCKET_TIMEOUT seconds, and an unreachable Redis is asked again only every
# CACHE_RETRY_AFTER seconds. Options in CACHE_URL's query string win.
def degrading(cache):
    """A Redis cache setting made to degrade (config/cache.py); any other cache as it is."""
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
        cache["BACKEND"] = "config.cache.DegradingRedisCache"
        cache["OPTIONS"] = {"socket_connect_timeout": timeout, "socket_timeout": timeout,
                            "retry_after": env.float("CACHE_RETRY_AFTER", default=5.0), **cache.get("OPTIONS", {})}
    return cache


CACHES["default"] = degrading(CACHES["default"])
# Anonymous storefront pages are kept this long at most (0 turns the page cache off); any
# catalogue, stock, offer or content change forgets them all at once (pagecache/). Several
# web processes need a shared cache (Redis) so that a change is seen by all of them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_ALIAS = "default"
# One render per page at a time: while one request renders a page that has gone cold,
# others asking for it get its previous version, for this long at most, or (with none)
# wait up to PAGE_CACHE_WAIT_SECONDS for the render before rendering it themselves.
PAGE_CACHE_RENDER_LOCK_SECONDS = env.float("PAGE_CACHE_RENDER_LOCK_SECONDS", default=5.0)
PAGE_CACHE_WAIT_SECONDS = env.float("PAGE_CACHE_WAIT_SECONDS", default=1.0)
# Parts of pages that are the same for every visitor (listings, product details, menu,
# footer) and engine answers are kept this long at most for signed-in shoppers too, under
# the same generation (pagecache/templatetags/shared_fragments.py). 0 turns them off.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
# A shared fragment that reads the viewer (user, session, basket…) is shown to that viewer
# alone and logged in production; strict (development, tests) raises, so the template is fixed.
SHARED_FRAGMENTS_STRICT = env.bool("SHARED_FRAGMENTS_STRICT", default=False)
PAGE_CACHE_CHANGES_AT = ["content.models.promotions.next_window_change",
                         "content.blocks.recipe.next_offer_change"]  # scheduled changes cut a page's life short

# --- Accounts -----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "security.lockout.LoginLockoutBackend",  # refuses locked-out logins before any password is checked
    "oscar.apps.customer.auth_backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "customer:summary"

# --- Security (security/) -----------------------------------------------------------

# Login lockout on all three login pages: five wrong passwords for one email from one
# address are answered normally, the sixth locks that pair out for the cool-off time.
# (Axes locks on the failure that reaches its limit, hence allowed + 1.)
LOGIN_FAILURES_ALLOWED = env.int("LOGIN_FAILURES_ALLOWED", default=5)
AXES_FAILURE_LIMIT = LOGIN_FAILURES_ALLOWED + 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "security.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "security.client_ip.axes_client_ip"
# Wrong sign-in codes typed by staff are masked in axes' records like passwords (staff_2fa/).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "codes-otp_token", "remove-otp_token", "code"]
# Staff two-factor sign-in (staff_2fa/, docs/security.md): staff who added an authenticator
# app always pass it before the dashboard, /cms/ and the Django admin; with this on (production)
# staff without one are sent to add one first.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = SHOP_NAME  # the name the authenticator app shows beside the codes
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a device's secret key
# How many reverse proxies we run in front of the app; their X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Abuse limits per client address: (requests, window in seconds); security/ratelimit.py.
RATE_LIMITS = {
    "login": (30, 600),  # across accounts; one account is locked by axes long before
    "registration": (5, 3600),
    "password_reset": (5, 3600),
    "contact": (5, 600),  # any Wagtail form page
    "order_lookup": (10, 900),  # /shop/track/ and Oscar's emailed order-status links
    "newsletter": (5, 3600),
    # Per recipient address, not per client: how many contact-form acknowledgements one
    # address receives, whoever types it in. Past it the message is still stored and staff
    # still told; only the acknowledgement is skipped (the sender sees the same page).
    "contact_ack": (1, env.int("CONTACT_ACK_WINDOW_HOURS", default=24) * 3600),
}
# Password reset links stop working after a day (and once used: Django's token covers the password hash).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
# Content Security Policy (security/csp.py): extra origins for images (e.g. a CDN or the S3
# bucket) and frames (video embeds); Stripe's origins come from STRIPE_JS_URL/STRIPE_API_BASE.
CSP_EXTRA_IMG_SOURCES = env.list("CSP_EXTRA_IMG_SOURCES", default=[])
CSP_EXTRA_FRAME_SOURCES = env.list("CSP_EXTRA_FRAME_SOURCES", default=[
    "https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"])
# Uploaded pictures (Oscar and Wagtail): no SVG, at most this size (security/uploads.py).
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# Catalogue and stock files (catalogue_files/): an upload larger than this is refused before
# it is read; a file of more rows than this is refused whole; an XLSX workbook (a zip)
# whose parts would unpack to more than this is refused before it is opened. Stock
# records the import creates belong to the partner of this name (created if missing).
CATALOGUE_IMPORT_MAX_BYTES = env.int("CATALOGUE_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
CATALOGUE_IMPORT_MAX_ROWS = env.int("CATALOGUE_IMPORT_MAX_ROWS", default=50_000)
CATALOGUE_IMPORT_MAX_UNPACKED_BYTES = env.int("CATALOGUE_IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
CATALOGUE_IMPORT_PARTNER = env("CATALOGUE_IMPORT_PARTNER", default="Larder & Loom Warehouse")

# --- Internationalisation -----------------------------------------------------------

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en-us", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the shop's own wording over Oscar's (locale/en)
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage (AWS, MinIO, R2 …); credentials come from the
    # standard AWS_* variables read by boto3.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# --- Email --------------------------------------------------------------------------

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds each SMTP step (connect, every command, the message itself) may take before the
# attempt fails and is retried later: a hung mail server costs a worker seconds, not forever.
# Set it here, not in EMAIL_URL (django-environ doesn't read a timeout from the URL).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="shop@larderandloom.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# Without a broker the tasks run in-process, so the embedded site still sends mail.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Email delivery (outbox/): first retry after this many seconds, doubling; an
# email nobody has tried for OUTBOX_STUCK_AFTER_SECONDS is re-sent by the drain.
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=10.0)
OUTBOX_STUCK_AFTER_SECONDS = env.float("OUTBOX_STUCK_AFTER_SECONDS", default=60.0)
# A worker sending an email holds a claim on it this long (no row lock); the send is cut off
# at half of it, and a claim that lapses (the worker died) makes the email due for the drain.
OUTBOX_SEND_LEASE_SECONDS = env.float("OUTBOX_SEND_LEASE_SECONDS", default=max(60.0, 12 * EMAIL_TIMEOUT))
# A 5xx refusal other than "no such mailbox" (550/551/553, final at once) is final on this try.
OUTBOX_REFUSALS_BEFORE_GIVING_UP = env.int("OUTBOX_REFUSALS_BEFORE_GIVING_UP", default=2)
# Outgoing webhooks (webhooks/): every request to a merchandiser's endpoint is bounded by
# these connect and read timeouts (seconds), follows no redirect, and reads at most
# WEBHOOKS_RESPONSE_MAX_BYTES of the answer. A failed delivery is tried again after
# WEBHOOKS_RETRY_BASE_SECONDS, doubling (at most an hour), and is dead after
# WEBHOOKS_MAX_ATTEMPTS tries; one nobody has tried for WEBHOOKS_STUCK_AFTER_SECONDS is
# handed to a worker again by the webhook drain (beat). Endpoints must resolve to public
# addresses only, except the hosts, addresses or networks (CIDR) listed in
# WEBHOOKS_ALLOWED_PRIVATE_HOSTS (e.g. "127.0.0.1,10.1.0.0/16,hooks.internal").
WEBHOOKS_CONNECT_TIMEOUT = env.float("WEBHOOKS_CONNECT_TIMEOUT", default=3.0)
WEBHOOKS_READ_TIMEOUT = env.float("WEBHOOKS_READ_TIMEOUT", default=10.0)
WEBHOOKS_RESPONSE_MAX_BYTES = env.int("WEBHOOKS_RESPONSE_MAX_BYTES", default=64 * 1024)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=8)
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=30.0)
WEBHOOKS_STUCK_AFTER_SECONDS = env.float("WEBHOOKS_STUCK_AFTER_SECONDS", default=120.0)
# A worker sending a delivery holds a claim on it this long (no row lock held while the request runs).
WEBHOOKS_SEND_LEASE_SECONDS = env.float(
    "WEBHOOKS_SEND_LEASE_SECONDS", default=max(60.0, 4 * (WEBHOOKS_CONNECT_TIMEOUT + WEBHOOKS_READ_TIMEOUT)))
WEBHOOKS_ALLOWED_PRIVATE_HOSTS = env.list("WEBHOOKS_ALLOWED_PRIVATE_HOSTS", default=[])
# A report run still queued after this long was never handed to a worker (or its message
# was lost): the report-run drain sends it again. Longer than a build usually waits in the
# reports queue, so a busy queue gets few duplicates (a duplicate finds the run claimed).
REPORTS_STUCK_AFTER_SECONDS = env.float("REPORTS_STUCK_AFTER_SECONDS", default=300.0)
# Publishing to a dead or hung broker must fail fast, so a request that queues a task
# still answers within a couple of seconds: one try, of at most a second, and a refused
# connection fails at once (max_retries 0: no reconnecting loop inside the request). The
# site queues work only through config/background.py (`task.queue_after_commit`), which
# never lets a refused publish reach the caller; each task says what then becomes of the
# work (drained by beat, rebuilt by a command, dropped, or undone). Workers reconnect
# with their own retries (broker_connection_max_retries) and read the broker when its
# socket is readable, so the short timeout doesn't cut their waits.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1, "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
# One queue per kind of work, so workers for each scale on their own (docs/scaling.md). A
# worker started without -Q consumes every queue below; CELERY_SEPARATE_QUEUES=false puts
# every task on the default queue. Tasks no route names (product-view counts,
# reports.product_views; pictures, imagery.tasks; scheduled pages; payments) run on the
# default queue, so they never wait behind report builds.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_QUEUE_ROUTES = {
    "outbox.tasks.*": {"queue": "emails"},
    "newsletter.tasks.*": {"queue": "emails"},
    "reports.tasks.*": {"queue": "reports"},
    "search.tasks.*": {"queue": "search"},
}
CELERY_SEPARATE_QUEUES = env.bool("CELERY_SEPARATE_QUEUES", default=True)
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "emails", "reports", "search")] if CELERY_SEPARATE_QUEUES else None
CELERY_TASK_ROUTES = CELERY_QUEUE_ROUTES if CELERY_SEPARATE_QUEUES else {}
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {"task": "outbox.tasks.drain_outbox", "schedule": 60.0},  # outbox/tasks.py
    # Webhook deliveries whose enqueue or scheduled retry was lost: sent again (webhooks/tasks.py).
    "drain-webhooks": {"task": "webhooks.tasks.drain_webhooks", "schedule": 60.0},
    # Report builds the broker never took (it was down at the request): sent again.
    "drain-report-runs": {"task": "reports.tasks.drain_report_runs", "schedule": 120.0},  # reports/tasks.py
    "reconcile-payments": {"task": "commerce.payments.tasks.reconcile_payments", "schedule": 300.0},
    "cancel-abandoned-payments": {  # commerce/payments/tasks.py
        "task": "commerce.payments.tasks.cancel_abandoned_orders",
        "schedule": 60.0,  # often enough that PAYMENT_AUTHENTICATION_MINUTES is kept to the minute
    },
}

# Newsletter (newsletter/): confirmation links expire after this many days; a send is split
# into batches of NEWSLETTER_BATCH_SIZE spread out to keep to NEWSLETTER_EMAILS_PER_MINUTE; a
# send with no progress for NEWSLETTER_RESUME_AFTER_SECONDS (its worker died) is resumed by beat.
NEWSLETTER_CONFIRM_DAYS = env.int("NEWSLETTER_CONFIRM_DAYS", default=7)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_EMAILS_PER_MINUTE = env.int("NEWSLETTER_EMAILS_PER_MINUTE", default=1000)
NEWSLETTER_RESUME_AFTER_SECONDS = env.float("NEWSLETTER_RESUME_AFTER_SECONDS", default=300.0)
# Scheduled newsletter sends start, and stalled ones resume, within the minute (newsletter/campaigns.py).
CELERY_BEAT_SCHEDULE["newsletter-sends"] = {"task": "newsletter.tasks.send_due_newsletters", "schedule": 60.0}

# Basket reminders (basket_reminders/): merchandisers switch them on and set the delays in
# the dashboard; beat looks for due baskets this often. A basket idle longer than
# BASKET_REMINDER_MAX_IDLE_DAYS is never reminded, and a restore link works this many days.
BASKET_REMINDER_EVERY_MINUTES = env.int("BASKET_REMINDER_EVERY_MINUTES", default=10)
BASKET_REMINDER_MAX_IDLE_DAYS = env.int("BASKET_REMINDER_MAX_IDLE_DAYS", default=14)
BASKET_REMINDER_LINK_DAYS = env.int("BASKET_REMINDER_LINK_DAYS", default=30)
CELERY_BEAT_SCHEDULE["basket-reminders"] = {"task": "basket_reminders.tasks.send_due_reminders",
                                            "schedule": 60.0 * BASKET_REMINDER_EVERY_MINUTES}

# --- Search -------------------------------------------------------------------------

# The search engine for products and content: "database" (embedded default),
# "elasticsearch" or "opensearch". See search/engines.py.
SEARCH_ENGINE = env("SEARCH_ENGINE", default="database")
SEARCH_URL = env("SEARCH_URL", default="")
# A cluster: SEARCH_URL may list several nodes, comma-separated; the client spreads
# requests over them and skips a dead one. Replicas per index (0 on a single node).
SEARCH_REPLICAS = env.int("SEARCH_REPLICAS", default=0)
# Index names on Elasticsearch/OpenSearch start with this (aliases <prefix>-products/-pages).
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="larder")
# Make each index write visible at once (tests); production lets the engine refresh every second.
SEARCH_REFRESH_ON_WRITE = env.bool("SEARCH_REFRESH_ON_WRITE", default=False)
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Oscar's modules import haystack at load time; nothing queries it.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"},
}

# --- Wagtail ------------------------------------------------------------------------

WAGTAIL_SITE_NAME = SHOP_NAME
# Wagtail 8's autosave creates a new page in the background half a second after typing
# starts; a Publish clicked while that request is in flight creates it a second time and
# fails on the slug (a 500 the editor journey caught). Editors keep "Save draft" and the
# unsaved-changes warning.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_MAX_UPLOAD_SIZE = IMAGE_UPLOAD_MAX_BYTES
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # never svg: it can carry script
# No Gravatar in the admin: it would send staff email hashes to a third party (and the CSP blocks it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt"]
# Wagtail's scheduled publishing ("go live" / "expiry" dates) runs from beat (content/tasks.py).
CELERY_BEAT_SCHEDULE["publish-scheduled-pages"] = {"task": "content.publish_scheduled", "schedule": 60.0}
# Live pages showing products off sale or ended promotions, to editors who opted in (content/health.py).
CELERY_BEAT_SCHEDULE["content-health-daily"] = {"task": "content.email_content_health",
                                                "schedule": crontab(hour=7, minute=0)}
# Sales and inventory emailed to staff who opted in (reports/scheduled.py), shop time.
CELERY_BEAT_SCHEDULE["reports-daily"] = {"task": "reports.tasks.send_scheduled_reports",
                                         "schedule": crontab(hour=6, minute=0), "args": ("daily",)}
CELERY_BEAT_SCHEDULE["reports-weekly"] = {"task": "reports.tasks.send_scheduled_reports",
                                          "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
                                          "args": ("weekly",)}

# --- Oscar --------------------------------------------------------------------------

OSCAR_SHOP_NAME = SHOP_NAME
OSCAR_SHOP_TAGLINE = "Pantry goods and homewares, made well"
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = "USD"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
# Oscar's own {% oscar_thumbnail %} looks thumbnails up and queues missing ones instead of drawing them.
OSCAR_THUMBNAILER = "imagery.thumbnailer.BackgroundThumbnailer"
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_DYNAMIC_CLASS_LOADER = "config.class_loading.cached_class_loader"  # looked up once per process
# The seed's order life cycle (design.md): every order starts Pending.
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Processing", "Cancelled"),
    "Processing": ("Shipped", "Cancelled"),
    "Shipped": ("Delivered",),
    "Delivered": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
# Days after delivery a customer may ask to return goods (commerce/returns/rules.py).
RETURN_WINDOW_DAYS = env.int("RETURN_WINDOW_DAYS", default=30)
# Days before an order a content page's basket add still counts for its lines (attribution/placing.py).
ATTRIBUTION_WINDOW_DAYS = env.int("ATTRIBUTION_WINDOW_DAYS", default=30)
# Days after a click on a marketing email's link that the visitor's basket adds and order still
# count for that email (email_tracking/, attribution/placing.py).
EMAIL_ATTRIBUTION_DAYS = env.int("EMAIL_ATTRIBUTION_DAYS", default=7)
# Carriers a merchandiser can pick when an order ships; {number} is the tracking number.
ORDER_TRACKING_CARRIERS = {
    "ups": {"name": "UPS", "url": "https://www.ups.com/track?tracknum={number}"},
    "usps": {"name": "USPS", "url": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"},
    "fedex": {"name": "FedEx", "url": "https://www.fedex.com/fedextrack/?trknbr={number}"},
    "dhl": {"name": "DHL", "url": "https://www.dhl.com/us-en/home/tracking.html?tracking-id={number}"},
}
# Wagtail (/cms/) owns content pages, so the dashboard's flat-page editor is hidden.
OSCAR_DASHBOARD_NAVIGATION = [
    {**item, "children": [c for c in item["children"] if c.get("url_name") != "dashboard:page-list"]}
    if "children" in item else item
    for item in OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
]
# Reports: ours (built by Celery, reports/) beside Oscar's in-request ones.
OSCAR_DASHBOARD_NAVIGATION = [
    {"label": "Reports", "icon": "fas fa-chart-bar", "children": [
        {"label": "Sales, stock & customers", "url_name": "reports:report-runs"},
        {"label": "Classic reports", "url_name": "dashboard:reports-index"},
    ]} if item.get("url_name") == "dashboard:reports-index" else item
    for item in OSCAR_DASHBOARD_NAVIGATION
]

# The shop's own dashboard pages, beside the Oscar pages they belong with (config/dashboard_menu.py).
_menu = OSCAR_DASHBOARD_NAVIGATION
# Oscar leaves its delivery methods out of the menu; ours are the ones checkout charges.
_menu = beside(_menu, "dashboard:order-list", {"label": "Delivery methods", "url_name": "dashboard:shipping-method-list",
                                              "access_fn": with_permission("shipping.change_weightbased")})
_menu = beside(_menu, "dashboard:order-list", {"label": "Tax rates", "url_name": "tax:rate-list",
                                              "access_fn": with_permission("tax.change_taxrate")})
_menu = beside(_menu, "dashboard:order-list", {"label": "Returns", "url_name": "returns-dashboard:list",
                                              "access_fn": with_permission("returns.view_returnrequest")})
_menu = beside(_menu, "dashboard:users-index", {
    "label": "Basket reminders", "url_name": "basket-reminders-dashboard:settings",
    "access_fn": with_permission("basket_reminders.change_remindersettings")})
_menu = beside(_menu, "dashboard:catalogue-product-list", {"label": "Import & export files",
                                                          "url_name": "catalogue-files:catalogue-files"})
OSCAR_DASHBOARD_NAVIGATION = [
    *_menu,
    # Each staff member's own two-factor page (staff_2fa/): recovery codes, a new phone.
    {"label": "Two-factor sign-in", "icon": "fas fa-key", "url_name": "staff_2fa:manage", "access_fn": for_staff},
    # Webhooks (webhooks/): endpoints, their deliveries and dead letters, for merchandisers.
    {"label": "Webhooks", "icon": "fas fa-plug", "url_name": "webhooks:endpoint-list",
     "access_fn": with_permission("webhooks.view_endpoint")},
    # API keys (api/), for staff allowed to manage integrations.
    {"label": "API keys", "icon": "fas fa-key", "url_name": "api-keys", "access_fn": with_permission("api.manage_apikey")},
    # Undelivered email (outbox/dead_letters.py), for any staff member.
    {"label": "Undelivered email", "icon": "fas fa-envelope", "url_name": "outbox-undelivered",
     "access_fn": for_staff},
]
del _menu

# --- REST API (api/, docs/api.md) ------------------------------------------------------

# Requests per client address (anonymous), per signed-in shopper and per API key, counted in
# the shared cache so every web process counts together. DRF's rate syntax: "<n>/<second|minute|hour|day>".
API_THROTTLE_RATES = {
    "anonymous": env("API_THROTTLE_ANONYMOUS", default="120/minute"),
    "user": env("API_THROTTLE_USER", default="240/minute"),
    "key": env("API_THROTTLE_KEY", default="600/minute"),
}
API_THROTTLE_CACHE = "default"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication",
                                       "api.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousThrottle", "api.throttling.SignedInThrottle",
                                 "api.throttling.ApiKeyThrottle"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SHOP_NAME} API",
    "DESCRIPTION": "Catalogue, headless baskets and staff integrations. Keys and scopes: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_the_api"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Payments -----------------------------------------------------------------------

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Where the Stripe SDK sends API calls and the page loads Stripe.js from; tests point both
# at localstripe. Empty means Stripe itself.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
# Every Stripe call is bounded (commerce/payments/stripe_gateway.py): seconds to connect and
# to wait for an answer, per try, and how many more tries (each with our idempotency key).
# With the defaults a silent Stripe costs a shopper at most about 20 seconds, well inside
# the web server's 60-second limit, and the page then says to try again.
STRIPE_CONNECT_TIMEOUT = env.float("STRIPE_CONNECT_TIMEOUT", default=3.0)
STRIPE_READ_TIMEOUT = env.float("STRIPE_READ_TIMEOUT", default=8.0)
STRIPE_NETWORK_RETRIES = env.int("STRIPE_NETWORK_RETRIES", default=1)
# The reconciliation (commerce/payments/reconcile.py, on beat) settles payments whose
# webhook hasn't come this many minutes after the charge, and gives back charges that
# have no order (a worker killed between the charge and the order) after the same wait.
PAYMENT_RECONCILE_AFTER_MINUTES = env.int("PAYMENT_RECONCILE_AFTER_MINUTES", default=5)
PAYMENT_RECONCILE_LOOKBACK_HOURS = env.int("PAYMENT_RECONCILE_LOOKBACK_HOURS", default=24)
# An order still unpaid this long after placement is cancelled and its stock released.
PAYMENT_ABANDONED_AFTER_MINUTES = env.int("PAYMENT_ABANDONED_AFTER_MINUTES", default=60)
# An order whose card still waits for 3-D Secure this long is cancelled sooner, so an
# unfinished authentication can't hold stock for the hour above; and while a customer
# (account or guest email) or a client already has this many orders waiting for their
# bank, a new card payment is refused (commerce/payments/holds.py).
PAYMENT_AUTHENTICATION_MINUTES = env.int("PAYMENT_AUTHENTICATION_MINUTES", default=15)
UNPAID_ORDERS_PER_CUSTOMER = env.int("UNPAID_ORDERS_PER_CUSTOMER", default=2)
UNPAID_ORDERS_PER_CLIENT = env.int("UNPAID_ORDERS_PER_CLIENT", default=3)

# --- Shipping and tax ----------------------------------------------------------------
# Delivery methods, their zones, bands and free-delivery thresholds, and the tax rates,
# are rows merchandisers edit in the dashboard (commerce/shipping, commerce/tax). The
# basket page estimates delivery for this country until the shopper's destination is known.
SHIPPING_HOME_COUNTRY = env("SHIPPING_HOME_COUNTRY", default="US")

# --- Invoices ----------------------------------------------------------------------
# The seller printed on invoices and credit notes (commerce/invoicing/documents.py). The
# address is one line per ";"-separated part; the tax id line is left out while empty.
SELLER_NAME = env("SELLER_NAME", default=SHOP_NAME)
SELLER_ADDRESS = [part.strip() for part in env(
    "SELLER_ADDRESS", default="1 Orchard Row; Springfield, IL 62701; United States").split(";") if part.strip()]
SELLER_TAX_ID = env("SELLER_TAX_ID", default="")

# --- Logging ------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No passwords, card numbers, tokens or street addresses in any log line (security/log_scrub.py).
    "filters": {"scrub_sensitive": {"()": "security.log_scrub.ScrubSensitiveData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub_sensitive"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
DEMO_PAYMENTS = False
