"""The signed one-click unsubscribe link of an optional mail (RFC 8058).

Every optional mail to an account carries ``List-Unsubscribe`` with this
link and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``: a mail
provider (or the recipient's button) POSTs that body to the link, without
cookies or a CSRF token, and the kind is switched off. The token is the
authority: signed and salted over the user and the kind, valid for
``UNSUBSCRIBE_LINK_MAX_AGE``, made when the mail leaves (a resent mail gets
a fresh one). It only ever stops mail, so a leaked link can do no more.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from .kinds import OPTIONAL_KINDS

SALT = "notifications.unsubscribe-link"
UNSUBSCRIBE_LINK_MAX_AGE = timedelta(days=90)
ONE_CLICK_FIELD = "List-Unsubscribe"
ONE_CLICK_VALUE = "One-Click"


class UnsubscribeLinkExpired(Exception):
    """The signature is right but the link is older than ``UNSUBSCRIBE_LINK_MAX_AGE``."""


@dataclass(frozen=True)
class UnsubscribeGrant:
    user: object  # the AUTH_USER_MODEL
    kind: str


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    """The absolute link for ``List-Unsubscribe``: switches ``kind`` off for that user."""
    token = signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": token})


def grant_from_token(token: str) -> UnsubscribeGrant | None:
    """What an intact token grants, or None; raises ``UnsubscribeLinkExpired``."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=UNSUBSCRIBE_LINK_MAX_AGE.total_seconds())
    except signing.SignatureExpired as error:
        raise UnsubscribeLinkExpired from error
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    user_id, kind = payload.get("u"), payload.get("k")
    if not isinstance(user_id, int) or kind not in OPTIONAL_KINDS:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return UnsubscribeGrant(user=user, kind=kind)
