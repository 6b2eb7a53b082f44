"""Test settings: fast hashing, in-memory mail, a test-only secret.

The database and Redis still come from DATABASE_URL / REDIS_URL, so the same
suite runs on PostgreSQL + Redis (CI) and on the embedded SQLite defaults.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-not-for-production-0b8e1d")
os.environ.setdefault("CACHE_KEY_PREFIX", "servicedesk-test")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In-memory mail, unless a test points a worker process at a real SMTP sink
# with EMAIL_URL (the notification pipeline tests do).
if "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True

# A worker process started by a test must see the same database, so the
# SQLite test database is a file, not Django's default in-memory database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}  # noqa: F405

# SMS codes stay in memory where tests can read them.
ACCOUNTS_SMS_SENDER = "accounts.sms.MemorySmsSender"

# Many tests file as a guest from 127.0.0.1; the limit has its own test.
TICKETS_GUEST_RATE_LIMIT = (10_000, 60 * 60)

# The demo commands have their own tests.
DEMO_DATA_ALLOWED = True
