"""Every change to staff alerts: record, fan out, coalesce, mail, digest, SLA warnings.

Recording is cheap and happens in the caller's transaction (one row, so
filing costs the same however many agents a desk has); finding recipients,
their preferences and mailing happen in worker tasks. See ``models`` for the
road an alert takes.
"""

from .fan_out import alert_event_fan_out, alerts_sweep
from .mails import (
    DIGEST_EVENT,
    ONE_REQUEST_EVENT,
    SEVERAL_REQUESTS_EVENT,
    alert_batch_send,
    alert_digests_send,
)
from .preferences import alert_preferences_set
from .recording import alert_mail_undeliverable, alert_record
from .sla import alerts_warn_sla

__all__ = [
    "DIGEST_EVENT",
    "ONE_REQUEST_EVENT",
    "SEVERAL_REQUESTS_EVENT",
    "alert_batch_send",
    "alert_digests_send",
    "alert_event_fan_out",
    "alert_mail_undeliverable",
    "alert_preferences_set",
    "alert_record",
    "alerts_sweep",
    "alerts_warn_sla",
]
