"""Optional error reporting to Sentry (or a Sentry-compatible server such as GlitchTip).

Off unless ``SENTRY_DSN`` is set. The portal holds personal data of
students and guests, so nothing personal is sent: ``send_default_pii`` is
off (no user, cookies or client address), the scrubber removes secrets and
the portal's own sensitive keys at any depth, and request bodies and query
strings are dropped before an event leaves. Each event is tagged with the
request id, to find its log lines.
"""

from typing import Any

from .request_id import current_request_id

# Field names the portal uses for secrets and personal data, on top of Sentry's list.
PORTAL_DENYLIST = [
    "access_key",
    "key",
    "code",
    "otp",
    "initial_password",
    "password1",
    "password2",
    "oldpassword",
    "x_session_token",
    "session_token",
    "email",
    "requester_email",
    "requester_name",
    "recipient_email",
    "phone",
    "student_number",
]


def _strip_request(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Drop what a request may carry of a person before the event leaves; add the request id."""
    request = event.get("request")
    if isinstance(request, dict):
        for field in ("data", "cookies", "query_string", "env"):
            request.pop(field, None)
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_error_reporting(
    *, dsn: str, environment: str, release: str, traces_sample_rate: float
) -> bool:
    """Start the Sentry SDK with the Django and Celery integrations; ``False`` when no DSN."""
    if not dsn:
        return False
    # Imported only here: the SDK adds about 20 MB to every process that
    # loads it (issue 23), and without a DSN nothing uses it.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        event_scrubber=EventScrubber(
            denylist=DEFAULT_DENYLIST + PORTAL_DENYLIST,
            pii_denylist=DEFAULT_PII_DENYLIST,
            recursive=True,
        ),
        before_send=_strip_request,
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",
        include_local_variables=True,
    )
    return True
