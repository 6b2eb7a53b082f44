"""Authenticator-app (TOTP, RFC 6238) helpers for the demo data and the tests.

allauth verifies the codes; this module only installs a known secret on an
account (demo staff, test personas) and computes the code an authenticator
app would show for it, so a person trying the demo or a test can log in.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.db import transaction

from .models import User

PERIOD = 30
DIGITS = 6


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code for ``secret`` (base32) at time ``at`` (default: now)."""
    counter = int((time.time() if at is None else at) // PERIOD)
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


@transaction.atomic
def user_install_totp(*, user: User, secret: str) -> Authenticator:
    """Give ``user`` an authenticator app with a known secret (demo and tests only)."""
    authenticator, _created = Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    return authenticator
