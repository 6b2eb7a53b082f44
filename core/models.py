"""Shared building blocks of models: the rate-limit counters without Redis, the bilingual name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translation import in_language


class BilingualName(models.Model):
    """A name staff write in Dutch and in English, shown in the reader's language.

    ``name`` is the reader's language with the other as fallback
    (``core.translation.in_language``), and so is ``str()``. A model whose
    names need another length declares the two fields again with it.
    """

    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


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
