"""Sending the satisfaction survey: once per resolved request, after the lead's delay.

The beat job (``surveys.send_due``) asks the database which resolved requests
are due and have no ``SurveyInvitation`` yet, then handles each one in its own
transaction: lock the request, write the invitation (unique per request) and
the outbox mail together. Two runs at once, or a run repeated after a crash,
find the invitation and send nothing more; a mail that cannot leave now stays
an outbox row the outbox sweeper retries, so nothing is lost.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import clock
from core.translation import in_language, recipient_language
from notifications.services import notify
from tickets.choices import TicketStatus
from tickets.models import DeskSettings, Ticket
from tickets.services import RATING_CHANGE_DAYS

from .links import SURVEY_LINK_MAX_AGE, answer_path, opt_out_path
from .models import SurveyInvitation, SurveyOptOut

logger = logging.getLogger(__name__)

SURVEY_EVENT = "ticket_survey"
#: A request resolved longer ago than the delay plus this is not surveyed any
#: more (a deploy or a long outage does not mail months of old requests).
CATCH_UP = timedelta(days=RATING_CHANGE_DAYS)
BATCH = 200


def surveys_due(*, now: datetime) -> list[int]:
    """Ids of resolved requests whose survey is due and not handled yet (one query)."""
    delay = timedelta(hours=DeskSettings.load().survey_delay_hours)
    horizon = now - delay
    return list(
        Ticket.objects.filter(
            status__in=[TicketStatus.RESOLVED, TicketStatus.CLOSED],
            resolved_at__lte=horizon,
            resolved_at__gt=horizon - CATCH_UP,
            rating__isnull=True,
            survey_invitation__isnull=True,
        )
        .order_by("resolved_at")
        .values_list("pk", flat=True)[:BATCH]
    )


def _survey_context(ticket: Ticket, language: str) -> dict:
    with translation.override(language):
        labels = {
            5: _("5: very satisfied"),
            4: _("4: satisfied"),
            3: _("3: neutral"),
            2: _("2: dissatisfied"),
            1: _("1: very dissatisfied"),
        }
    return {
        "intro": in_language(DeskSettings.load(), "survey_text", language),
        "answers": [
            {"score": score, "label": labels[score], "path": answer_path(ticket, score)}
            for score in (5, 4, 3, 2, 1)
        ],
        "valid_days": SURVEY_LINK_MAX_AGE.days,
    }


@transaction.atomic
def survey_send(*, ticket_id: int, now: datetime | None = None) -> SurveyInvitation | None:
    """Send the survey of one request unless it was handled already; safe to run twice."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None or ticket.rating is not None:
        return None
    if SurveyInvitation.objects.filter(ticket=ticket).exists():
        return None
    if ticket.requester_id is None and survey_opted_out(ticket.requester_email):
        return SurveyInvitation.objects.create(
            ticket=ticket, mail=None, created_at=now or clock.now()
        )
    # The language notify() will pick: the account's preference, else the one filed in.
    language = recipient_language(user=ticket.requester, language=ticket.requester_language)
    mail = notify(
        event=SURVEY_EVENT,
        recipient_email=ticket.requester_email,
        context={
            "ticket": ticket,
            **_survey_context(ticket, language),
            # A guest has no mail preferences: a signed link switches surveys off.
            "opt_out_path": "" if ticket.requester_id else opt_out_path(ticket.requester_email),
        },
        user=ticket.requester,
        language=ticket.requester_language,
        thread_key=ticket.reference,
    )
    # notify() answers None when the requester switched surveys off: record
    # the request as handled anyway, so it is not asked again every run.
    return SurveyInvitation.objects.create(ticket=ticket, mail=mail, created_at=now or clock.now())


def survey_opted_out(email: str) -> bool:
    return SurveyOptOut.objects.filter(email__iexact=email).exists()


@transaction.atomic
def survey_opt_out(*, email: str) -> SurveyOptOut:
    """No more surveys to ``email`` (a guest's answer to the mail's opt-out link); idempotent."""
    existing = SurveyOptOut.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    return SurveyOptOut.objects.create(email=email.lower(), created_at=clock.now())


def surveys_send_due(*, now: datetime | None = None) -> int:
    """The beat job's work: send every due survey; returns how many requests were handled."""
    now = now or clock.now()
    handled = 0
    for ticket_id in surveys_due(now=now):
        if survey_send(ticket_id=ticket_id, now=now) is not None:
            handled += 1
    if handled:
        logger.info("surveys: %s due requests handled", handled)
    return handled
