"""Settings for the Parent Partner program application.

Every value that differs between machines comes from an environment variable (see README,
"Configuration"). Defaults are the safe production ones: DEBUG off, secure cookies, HSTS.
`make run` switches DEBUG on for the local demo.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from parentpartner.env import database_config, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    # Only with DEBUG on (make run's demo); production refuses to start without SECRET_KEY (above).
    SECRET_KEY = "insecure-development-key-only-for-make-run-and-tests-0123456789abcdef"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "parentpartner",
    "mentoring",
    "training",
    "eligibility",
    "reporting",
    # The benchmark's `seed_scale` command (bench/apps.py); it adds no page and no model.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parentpartner.security.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parentpartner.services.two_factor.TwoFactorMiddleware",
    "parentpartner.services.temporary_passwords.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parentpartner.security.ContentSecurityPolicyMiddleware",
    "parentpartner.security.NoStoreMiddleware",
    # After the others, so that it sees a login attempt only after the views have answered it.
    "axes.middleware.AxesMiddleware",
    # Innermost: the first to see a view's database outage (503), and it notes when the view has answered.
    "parentpartner.security.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "parentpartner.urls"

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
                "parentpartner.context_processors.navigation_links",
            ],
        },
    },
]

WSGI_APPLICATION = "parentpartner.wsgi.application"

DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "parentpartner.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Passwords (NIST SP 800-63B): long, not common, not like the user's own name; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "parentpartner.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2id first: new and changed passwords use it; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Failed logins (django-axes): 5 failures lock the username, and separately the address, for 15
# minutes. Failures are stored (axes' AccessAttempt / AccessFailureLog, shown in the admin) and logged
# by the "axes" logger. The client address is REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse
# proxies, the address the outermost trusted proxy put into X-Forwarded-For
# (parentpartner.security.client_ip): without that setting every user would share the proxy's address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the combination
AXES_RESET_ON_SUCCESS = False  # a success does not wipe an attacker's count of failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # 15 minutes from the lock, not from the last try
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "parentpartner.security.client_ip"
# Failed password and code checks on the signature, return and password-change pages count too
# (parentpartner.security.password_is_right); axes keeps each failed request's form data, so every field
# of those forms that holds a secret or free text (case notes) is masked.
AXES_SENSITIVE_PARAMETERS = [
    "password",
    "otp_token",
    "code",
    "old_password",
    "new_password1",
    "new_password2",
    "reason",
    "witness_note",
    "notes",
]
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Password-reset mail: at most 3 an hour to one address and 10 an hour asked from one client address
# (parentpartner.security.password_reset_mail_allowed). The counts must be shared by every web process
# and survive a restart, so they live in Django's database cache, a table in the app's PostgreSQL
# (created by migration parentpartner/0007); "default" stays the per-process memory cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "parentpartner_limits_cache",
        # Far above what the limits can hold, so that culling never drops a slot still in force.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
RESET_MAIL_LIMIT_CACHE = "limits"
RESET_MAIL_LIMIT_PER_ADDRESS = 3
RESET_MAIL_LIMIT_PER_CLIENT = 10
RESET_MAIL_LIMIT_WINDOW = timedelta(hours=1)

# Sessions end after 30 idle minutes (the cookie's age is renewed on every request) and after 12 hours
# in any case (parentpartner.security.SessionLifetimeMiddleware, from the login time in the session).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor authentication (TOTP with backup codes, django-otp) for every login: on unless turned
# off explicitly (`make run`'s demo does). Signatures re-ask for a code too (parentpartner.services.two_factor).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Parent Partner program"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next is checked
OTP_STATIC_THROTTLE_FACTOR = 1
BACKUP_CODE_COUNT = 10

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "parent-partner-program@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend: the mail relay (login notifications,
# password resets).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)

# TLS is terminated by a reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts, styles, plugins or framing; Bootstrap's icons are data: images in its CSS.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# DEBUG off: 500/404/403/400 are plain pages (templates/*.html); a 500 names a reference id that
# is logged with the exception (parentpartner.security.server_error).

PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The embedded PostgreSQL logs its shutdown at exit, after a test runner has closed the streams.
    "loggers": {"pgserver": {"level": "WARNING"}, "axes": {"level": "INFO"}},
}
