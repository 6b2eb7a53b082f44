"""One survey per request: the row that says it was (or deliberately not) sent."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SurveyInvitation(models.Model):
    """The survey of one request was handled; the unique ticket makes sending idempotent.

    Written in the same transaction as the outbox mail, so the beat job can
    run twice (or on two beat hosts) and still send exactly one survey.
    ``mail`` is empty when the requester switched surveys off: the row then
    records that the request was skipped on purpose.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="survey_invitation",
    )
    mail = models.ForeignKey(
        "notifications.OutboxMail",
        verbose_name=_("mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("handled at"))

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return str(self.ticket_id)


class SurveyOptOut(models.Model):
    """An address that wants no more surveys: how a requester without an account says so.

    Account holders switch the optional kind "survey" off in their mail
    preferences; a guest has no preferences, so the survey mail to a guest
    carries a signed link that writes this row (one per address, any case).
    """

    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField(_("opted out at"))

    class Meta:
        verbose_name = _("survey opt-out")
        verbose_name_plural = _("survey opt-outs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="surveys_optout_email_unique"),
        ]

    def __str__(self) -> str:
        return self.email
