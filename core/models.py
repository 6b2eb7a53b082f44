"""Shared building blocks that need a table: the rate-limit counters without Redis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One fixed-window counter of ``core.ratelimit`` when no Redis counts.

    Rows are written only by one atomic upsert (``ratelimit._database_take``)
    so that parallel processes never lose a count; expired rows are reset by
    the next try and swept by the ``servicedesk.sweep_rate_counters`` task.
    """

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    # Seconds since the epoch: compared inside the upsert on PostgreSQL and
    # SQLite alike, with no time zone conversion in raw SQL.
    expires_at = models.FloatField(_("expires at"), db_index=True)

    class Meta:
        # The table predates the core package (it was the project's own).
        db_table = "servicedesk_ratecounter"
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
