"""Where requests go: desks, the category tree, resolver groups, offices.

Also the content the lead manages for routing: standard answers, the
priority matrix and the desk-wide settings (the emergency phone number).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BilingualName
from core.translation import in_language
from tickets.choices import Impact, Priority, Urgency
from tickets.placeholders import PLACEHOLDER_HELP, validate_placeholders


class Desk(BilingualName):
    """A *loket*: the queue of one service, worked by its own first-line agents."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first-line agents"),
        blank=True,
        related_name="desks",
        help_text=_("Staff who triage this desk's requests."),
    )

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["name_nl"]


class Category(BilingualName):
    """A node in the tree a requester picks from; routes to a default desk."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    default_desk = models.ForeignKey(
        Desk,
        verbose_name=_("default desk"),
        on_delete=models.PROTECT,
        related_name="categories",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="tickets_category_not_own_parent"
            ),
        ]


class ResolverGroup(BilingualName):
    """A second-line team, e.g. functional management of the student portal."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("desk"),
        on_delete=models.PROTECT,
        related_name="resolver_groups",
        help_text=_("The desk whose first line escalates to this group."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="resolver_groups",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resolver group")
        verbose_name_plural = _("resolver groups")
        ordering = ["name_nl"]


class Office(BilingualName):
    """Another office a question may belong to (wrong desk), with its contact details."""

    # Office names may be longer than the base's 120 characters.
    name_nl = models.CharField(_("name (Dutch)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    hours_nl = models.CharField(_("when to reach them (Dutch)"), max_length=200, blank=True)
    hours_en = models.CharField(_("when to reach them (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name_nl"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | ~Q(website=""),
                name="tickets_office_has_a_contact",
                violation_error_message=_("Give at least an email address, phone or website."),
            ),
        ]

    def contact_details(self, language: str | None = None) -> str:
        """The office's contact block as plain text, for standard answers and mails."""
        lines = [in_language(self, "name", language)]
        if self.email:
            lines.append(self.email)
        if self.phone:
            lines.append(self.phone)
        if self.website:
            lines.append(self.website)
        hours = in_language(self, "hours", language)
        if hours:
            lines.append(hours)
        return "\n".join(lines)


class StandardAnswer(models.Model):
    """A canned reply in Dutch and English with placeholders.

    Placeholders: ``{requester_name}``, ``{reference}``, ``{office_contact}``.
    """

    class Purpose(models.TextChoices):
        REPLY = "reply", _("Reply")
        WRONG_DESK = "wrong_desk", _("Wrong desk")

    title = models.CharField(_("title"), max_length=120)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.REPLY
    )
    body_nl = models.TextField(
        _("text (Dutch)"),
        max_length=5000,
        validators=[validate_placeholders],
        help_text=PLACEHOLDER_HELP,
    )
    body_en = models.TextField(
        _("text (English)"),
        max_length=5000,
        validators=[validate_placeholders],
        help_text=PLACEHOLDER_HELP,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("standard answer")
        verbose_name_plural = _("standard answers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=["reply", "wrong_desk"]),
                name="tickets_standardanswer_purpose_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PriorityRule(models.Model):
    """One cell of the impact x urgency matrix; the lead edits it in the admin."""

    impact = models.PositiveSmallIntegerField(_("impact"), choices=Impact.choices)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)

    class Meta:
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority matrix")
        ordering = ["-impact", "-urgency"]
        constraints = [
            models.UniqueConstraint(
                fields=["impact", "urgency"], name="tickets_priorityrule_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(impact__in=[1, 2, 3]) & Q(urgency__in=[1, 2, 3]),
                name="tickets_priorityrule_cell_valid",
            ),
            models.CheckConstraint(
                condition=Q(priority__in=[1, 2, 3, 4]), name="tickets_priorityrule_priority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_impact_display()} x {self.get_urgency_display()}"


class DeskSettings(models.Model):
    """Desk-wide settings the lead changes in the admin; there is one row."""

    emergency_phone = models.CharField(
        _("emergency phone number"),
        max_length=40,
        blank=True,
        help_text=_("Shown only when a requester says the problem blocks many people now."),
    )
    # The satisfaction survey (surveys app): when it leaves and what it says.
    survey_delay_hours = models.PositiveSmallIntegerField(
        _("survey delay (hours)"),
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_(
            "Hours after a request is resolved before its requester gets the satisfaction "
            "survey (at most 14 days)."
        ),
    )
    survey_text_nl = models.TextField(
        _("survey text (Dutch)"),
        max_length=1000,
        blank=True,
        help_text=_("Opening of the survey mail; empty: the standard text."),
    )
    survey_text_en = models.TextField(
        _("survey text (English)"),
        max_length=1000,
        blank=True,
        help_text=_("Opening of the survey mail; empty: the standard text."),
    )

    class Meta:
        verbose_name = _("desk settings")
        verbose_name_plural = _("desk settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="tickets_desksettings_one")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> "DeskSettings":
        """The single row, created empty the first time."""
        obj, _created = cls.objects.get_or_create(id=1)
        return obj
