"""Subscribing to a service's status by mail: double opt-in, one-click unsubscribe,
maintenance announced ahead with one reminder.

Subscribers also get every public update and the resolution of incidents on
their services: ``services._recipients`` includes the confirmed ones, so the
exactly-once fan-out covers them too.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction

from core import clock

from . import tokens
from .choices import IncidentKind
from .mail import status_mail
from .models import Incident, MaintenanceNotice, Service, Subscription

#: How long before a maintenance starts the reminder goes out.
REMINDER_AHEAD = timedelta(hours=24)


def subscription_request(*, service: Service, email: str, language: str) -> Subscription:
    """Record the wish and mail a confirmation link; asking again mails the link again.

    An already confirmed address gets no mail (nothing to confirm), so the
    form cannot be used to spam a subscriber. The caller rate-limits.
    """
    email = email.strip()
    subscription = Subscription.objects.filter(service=service, email__iexact=email).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    service=service, email=email, language=language, created_at=clock.now()
                )
        except IntegrityError:  # the same address at the same instant
            subscription = Subscription.objects.get(service=service, email__iexact=email)
    if subscription.confirmed_at is None:
        with transaction.atomic():
            status_mail(
                event="status_subscription_confirm",
                email=subscription.email,
                language=language,
                thread_key=f"status-{service.slug}",
                context={
                    "service": service,
                    "confirm_path": tokens.confirm_path(subscription),
                },
            )
    return subscription


def subscription_confirm(*, subscription: Subscription) -> bool:
    """Confirm; returns False when it was confirmed already (a second click changes nothing)."""
    updated = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=clock.now()
    )
    return bool(updated)


def subscription_cancel(*, subscription: Subscription) -> None:
    """Unsubscribe: the row goes, with the address."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def _maintenance_notify(*, incident: Incident, stage: str) -> int:
    """Mail ``stage`` of this maintenance to each subscriber not yet told; returns mails."""
    queued = 0
    subscribers = Subscription.objects.filter(
        service__in=incident.services.all(), confirmed_at__isnull=False
    ).order_by("pk")
    seen: set[str] = set()
    for subscription in subscribers:
        address = subscription.email.lower()
        if address in seen:
            continue
        seen.add(address)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    MaintenanceNotice.objects.create(
                        incident=incident, email=subscription.email, stage=stage
                    )
            except IntegrityError:  # told already (a second run, or another worker)
                continue
            status_mail(
                event="status_maintenance",
                email=subscription.email,
                language=subscription.language,
                thread_key=incident.reference,
                context={
                    "incident": incident,
                    "reminder": stage == MaintenanceNotice.Stage.REMINDED,
                },
                unsubscribe_path=tokens.unsubscribe_path(subscription),
            )
            queued += 1
    return queued


def maintenance_announce(*, incident_id: int) -> int:
    """Announce a scheduled maintenance to its services' subscribers (once each)."""
    incident = Incident.objects.filter(
        pk=incident_id, kind=IncidentKind.MAINTENANCE, resolved_at__isnull=True
    ).first()
    if incident is None:
        return 0
    return _maintenance_notify(incident=incident, stage=MaintenanceNotice.Stage.ANNOUNCED)


def maintenance_reminders_send() -> int:
    """Remind subscribers of maintenance starting within ``REMINDER_AHEAD`` (beat; safe twice)."""
    now = clock.now()
    due = Incident.objects.filter(
        kind=IncidentKind.MAINTENANCE,
        resolved_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_AHEAD,
    )
    return sum(
        _maintenance_notify(incident=incident, stage=MaintenanceNotice.Stage.REMINDED)
        for incident in due
    )
