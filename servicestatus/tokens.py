"""Signed links for status subscriptions: confirm (expires) and unsubscribe (does not).

A token carries the subscription's id and address; a link for a deleted or
re-requested subscription, an expired confirmation or a tampered token
reads as ``None`` (the view shows a translated page, never a 500).
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from .models import Subscription

CONFIRM_SALT = "servicestatus.subscription-confirm"
UNSUBSCRIBE_SALT = "servicestatus.subscription-unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=3)


class TokenExpired(Exception):
    """The confirmation link is older than ``CONFIRM_MAX_AGE``."""


def _dumps(subscription: Subscription, salt: str) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email.lower()}, salt=salt)


def confirm_path(subscription: Subscription) -> str:
    return reverse(
        "servicestatus:subscription_confirm", kwargs={"token": _dumps(subscription, CONFIRM_SALT)}
    )


def unsubscribe_path(subscription: Subscription) -> str:
    return reverse(
        "servicestatus:unsubscribe", kwargs={"token": _dumps(subscription, UNSUBSCRIBE_SALT)}
    )


def _load(token: str, salt: str, max_age: timedelta | None) -> Subscription | None:
    try:
        payload = signing.loads(
            token, salt=salt, max_age=max_age.total_seconds() if max_age else None
        )
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        return None
    return (
        Subscription.objects.select_related("service")
        .filter(pk=payload["s"], email__iexact=str(payload.get("e", "")))
        .first()
    )


def subscription_from_confirm_token(token: str) -> Subscription | None:
    """The subscription to confirm; raises ``TokenExpired`` for an old link."""
    return _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def subscription_from_unsubscribe_token(token: str) -> Subscription | None:
    """The subscription to end; ``None`` when it is gone already or the token is bad."""
    try:
        return _load(token, UNSUBSCRIBE_SALT, None)
    except TokenExpired:  # pragma: no cover - no max_age, cannot expire
        return None
