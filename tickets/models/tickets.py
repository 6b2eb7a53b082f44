"""A request (``Ticket``), its conversation, attachments and audit trail."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateFileStorage
from tickets.choices import (
    OPEN_STATUSES,
    Channel,
    Impact,
    Line,
    MessageKind,
    Priority,
    TicketStatus,
    Urgency,
)

from .routing import Category, Desk, ResolverGroup


def new_access_key() -> str:
    """The per-request secret a private link is signed with; rotating it kills old links."""
    return secrets.token_urlsafe(24)


class TicketCounter(models.Model):
    """The last reference number handed out per year; locked while incremented."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Ticket(models.Model):
    """A request filed by a requester, signed in or not."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        # tickets_requester_recent starts with this column and serves every
        # lookup a single-column index would (see the indexes below).
        db_index=False,
    )
    requester_name = models.CharField(_("requester's name"), max_length=150)
    requester_email = models.EmailField(_("requester's email address"))
    requester_number = models.CharField(
        _("student or alumni number"), max_length=8, blank=True, default=""
    )
    requester_language = models.CharField(
        _("requester's language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tickets"
    )
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # tickets_desk_recent starts with it
    )
    line = models.CharField(_("line"), max_length=8, choices=Line.choices, default=Line.FIRST)
    resolver_group = models.ForeignKey(
        ResolverGroup,
        verbose_name=_("resolver group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        db_index=False,  # tickets_group_recent starts with it
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        limit_choices_to={"is_staff": True},
    )

    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Impact.choices)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.NEW
    )
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=Channel.choices,
        default=Channel.WEB,
        # In the database too: the previous release's code and bulk SQL
        # (the benchmark seeders) insert rows without naming the column.
        db_default=Channel.WEB,
        help_text=_("Where the request came in: web form, app, mail or without an account."),
    )

    created_at = models.DateTimeField(_("filed at"))
    updated_at = models.DateTimeField(_("last update"))
    # Raised by the database on every change to the request, its messages
    # or its files (triggers of migration 0018), whatever wrote it: saves
    # with update_fields, bulk updates, redaction, the retention job. What
    # is rendered from a request can be kept under its revision
    # (tickets/revision_cache.py); ``updated_at`` cannot serve, as not
    # every write moves it.
    # A time in milliseconds (or one more than the last, for changes within
    # one millisecond), so a revision never repeats, even after a restore.
    revision = models.PositiveBigIntegerField(
        _("revision"), default=0, db_default=0, editable=False
    )
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    sla_paused_remaining = models.DurationField(
        _("business time left when paused"), null=True, blank=True
    )
    is_breached = models.BooleanField(_("SLA breached"), default=False)
    requester_replied_at = models.DateTimeField(
        _("requester replied at"),
        null=True,
        blank=True,
        help_text=_("The requester's last reply the desk has not answered yet."),
    )

    rating = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the rating"), max_length=2000, blank=True)
    rated_at = models.DateTimeField(
        _("rated at"),
        null=True,
        blank=True,
        help_text=_("When the requester first answered; the answer can be changed for 7 days."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text=_("The request this duplicate was merged into."),
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("escalate_ticket", _("Can escalate and return requests")),
            ("forward_ticket", _("Can forward requests to another office")),
        ]
        # Every index here serves a page or a job (tickets_ticket is written on
        # each reply, and each index is also planning time for every query):
        # see "Indexes of the requests table" in benchmarks/README.md.
        indexes = [
            # My requests, "all" and "closed" (keyset order), and the
            # requester's own lookups.
            models.Index(
                fields=["requester", "-updated_at", "-id"], name="tickets_requester_recent"
            ),
            # My requests, "open" (the default view): the filter and the keyset
            # order exactly, so a page costs the same whatever the table's size.
            models.Index(
                fields=["requester", "-updated_at", "-id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="tickets_requester_open",
            ),
            # The staff list's default order.
            models.Index(fields=["-updated_at", "-id"], name="tickets_recent"),
            # The staff list's status filter; the auto-close job.
            models.Index(fields=["status"], name="tickets_status"),
            # The staff list sorted by its "SLA due" column.
            models.Index(fields=["resolution_due_at"], name="tickets_resolution_due"),
            # The staff list of one desk / one resolver group (an agent's scope).
            models.Index(fields=["desk", "-updated_at"], name="tickets_desk_recent"),
            models.Index(fields=["resolver_group", "-updated_at"], name="tickets_group_recent"),
            # The "due soon" / "overdue" views of one desk.
            models.Index(
                fields=["desk", "resolution_due_at"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="tickets_open_per_desk",
            ),
            # Claiming a guest's requests when the address signs up.
            models.Index(
                fields=["requester_email"],
                condition=Q(requester__isnull=True),
                name="tickets_unclaimed_email",
            ),
            # Auto-close, survey invitations and insights (resolved in a period).
            models.Index(fields=["resolved_at"], name="tickets_resolved_at"),
            # Insights rollups (first responses in a period).
            models.Index(fields=["first_response_at"], name="tickets_first_response_at"),
            # The agent workspace's views (tickets/queues.py): each count is a
            # capped scan of one of these partial indexes.
            models.Index(
                fields=["desk", "-updated_at"],
                condition=Q(status="new", assignee__isnull=True, line="first"),
                name="tickets_view_new",
            ),
            models.Index(
                fields=["assignee", "-updated_at"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="tickets_view_assignee_open",
            ),
            models.Index(
                fields=["resolver_group", "-updated_at"],
                condition=Q(status__in=sorted(OPEN_STATUSES), line="second"),
                name="tickets_view_group_open",
            ),
            models.Index(
                fields=["resolution_due_at"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="tickets_view_open_due",
            ),
            models.Index(
                fields=["desk", "-updated_at"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="tickets_view_open_desk",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in TicketStatus]),
                name="tickets_ticket_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=[1, 2, 3, 4]), name="tickets_ticket_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]),
                name="tickets_ticket_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(impact__in=[1, 2, 3]) & Q(urgency__in=[1, 2, 3]),
                name="tickets_ticket_impact_urgency_valid",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="tickets_ticket_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(line="first", resolver_group__isnull=True)
                | Q(line="second", resolver_group__isnull=False),
                name="tickets_ticket_second_line_has_group",
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=r"^SD-[0-9]{4}-[0-9]{6,}$"),
                name="tickets_ticket_reference_format",
            ),
            # A merged request always points at where it went, and only it does.
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="tickets_ticket_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="tickets_ticket_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_sla_paused(self) -> bool:
        return self.sla_paused_remaining is not None


def attachment_path(instance: "TicketAttachment", filename: str) -> str:
    """A random name in a per-month folder; the original name is kept in a column."""
    return f"tickets/{instance.ticket.created_at:%Y/%m}/{secrets.token_hex(16)}"


class TicketMessage(models.Model):
    """One entry of the conversation: a public reply or an internal note."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author's name"), max_length=150)
    is_staff_reply = models.BooleanField(_("from the desk"), default=False)
    kind = models.CharField(
        _("kind"), max_length=8, choices=MessageKind.choices, default=MessageKind.PUBLIC
    )
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="tickets_message_thread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["public", "internal"]), name="tickets_message_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="public") | Q(is_staff_reply=True),
                name="tickets_message_internal_only_by_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_internal(self) -> bool:
        return self.kind == MessageKind.INTERNAL


class TicketAttachment(models.Model):
    """A file added to a request; served only to people who may see that message."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        TicketMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=PrivateFileStorage(), max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="tickets_attachment_ticket")]

    def __str__(self) -> str:
        return self.original_name


_REGISTERED_EVENT_TYPES: list[type[models.TextChoices]] = []


def register_event_types(types: type[models.TextChoices]) -> None:
    """Let another app write its own event types into a request's audit trail.

    The app owns the values and labels (its ``apps.ready`` registers them);
    the trail only stores the value, so nothing changes in the database.
    """
    if types not in _REGISTERED_EVENT_TYPES:
        _REGISTERED_EVENT_TYPES.append(types)


def event_type_choices() -> list[tuple[str, str]]:
    """The trail's own event types, then every registered app's."""
    choices = list(TicketEvent.Type.choices)
    for types in _REGISTERED_EVENT_TYPES:
        choices += types.choices
    return choices


class TicketEvent(models.Model):
    """The audit trail: who changed what on a request, when, from what to what."""

    class Type(models.TextChoices):
        FILED = "filed", _("Filed")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ASSIGNED = "assigned", _("Assignee changed")
        ESCALATED = "escalated", _("Escalated to second line")
        RETURNED = "returned", _("Returned to first line")
        FORWARDED = "forwarded", _("Forwarded to another office")
        PRIORITY_CHANGED = "priority_changed", _("Priority changed")
        DESK_CHANGED = "desk_changed", _("Desk changed")
        CATEGORY_CHANGED = "category_changed", _("Moved to another category")
        CLAIMED = "claimed", _("Linked to an account")
        RATED = "rated", _("Rated")
        SLA_BREACHED = "sla_breached", _("SLA breached")
        MERGED = "merged", _("Merged into another request")
        MERGE_RECEIVED = "merge_received", _("A duplicate was merged in")
        LINKED = "linked", _("Linked to a related request")
        UNLINKED = "unlinked", _("Link to a related request removed")
        REPLIED = "replied", _("Public reply")
        NOTE_ADDED = "note_added", _("Internal note")

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    # A callable, so another app's registered types are labelled (admin,
    # ``get_type_display``) without this model naming them or a migration.
    type = models.CharField(_("event"), max_length=24, choices=event_type_choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"))
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="tickets_event_ticket"),
            models.Index(fields=["-created_at"], name="tickets_event_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.created_at:%Y-%m-%d %H:%M}"


class TicketLink(models.Model):
    """Two related requests (not duplicates), shown on both.

    Symmetric: stored once, with the lower id first, so "A relates to B" and
    "B relates to A" are one row that the database keeps unique.
    """

    low = models.ForeignKey(
        Ticket, verbose_name=_("request"), on_delete=models.CASCADE, related_name="+"
    )
    high = models.ForeignKey(
        Ticket, verbose_name=_("related request"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"))

    class Meta:
        verbose_name = _("related request link")
        verbose_name_plural = _("related request links")
        indexes = [models.Index(fields=["high"], name="tickets_link_high")]
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="tickets_link_unique_pair"),
            models.CheckConstraint(
                condition=Q(low__lt=F("high")), name="tickets_link_low_before_high"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low_id} ↔ {self.high_id}"
