"""The production settings, with what a test run needs: a throwaway secret, plain HTTP for the test
client and the live server, and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Most tests log in with force_login and are about something else; the two-factor tests turn it on.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")

from parentpartner.settings import *  # noqa: E402, F403
from parentpartner.settings import STORAGES  # noqa: E402

# Argon2 is deliberately slow; production puts it first (tests/core/test_security.py checks that).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic before a test run: templates resolve static paths without the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the app folders as they are, without a collectstatic run first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A test run's commits (transactional and browser tests, their flushes, the migrations of each worker's
# test database) need not wait for the disk: nothing of a test database is kept across a crash.
DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
