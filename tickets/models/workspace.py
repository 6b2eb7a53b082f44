"""What the agent workspace remembers: who looked at a request when, and a desk's saved views."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BilingualName
from tickets.choices import Line, Priority, TicketStatus

from .routing import Desk
from .tickets import Ticket


class TicketSeen(models.Model):
    """When an agent last opened a request: the queue's "unread" marker compares with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(_("last opened"))

    class Meta:
        verbose_name = _("request opened")
        verbose_name_plural = _("requests opened")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="tickets_seen_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.ticket_id} {self.seen_at:%Y-%m-%d %H:%M}"


class SavedView(BilingualName):
    """A desk's own view of its queue, defined by its lead next to the built-in ones.

    Only simple, indexed conditions (status, priority, line, unassigned) so
    its count stays as cheap as the built-in views'.
    """

    desk = models.ForeignKey(
        Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="saved_views"
    )
    # A saved view's name is shorter than the base's 120 characters.
    name_nl = models.CharField(_("name (Dutch)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    status = models.CharField(
        _("status"), max_length=16, choices=TicketStatus.choices, blank=True,
        help_text=_("Empty: every open status."),
    )  # fmt: skip
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    line = models.CharField(_("line"), max_length=8, choices=Line.choices, blank=True)
    unassigned_only = models.BooleanField(_("only requests nobody took"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["desk", "position", "name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__isnull=True) | Q(priority__in=[1, 2, 3, 4]),
                name="tickets_savedview_priority_valid",
            ),
        ]
