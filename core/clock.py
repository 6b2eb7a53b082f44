"""The one seam for "now" in the tickets app.

SLA, auto-close and reopen rules read the time only through ``now()``, so
tests freeze it with time_machine and never sleep.
"""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()
