"""Production settings: no default secret, HTTPS everywhere.

``SECRET_KEY`` must come from the environment; starting without it fails.
A TLS-terminating proxy in front sets ``X-Forwarded-Proto``.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# Never the demo accounts with their public password and TOTP secret.
DEMO_DATA_ALLOWED = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
