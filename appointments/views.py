"""The requester's appointment page: pick a time, move it, or cancel it.

Signed-in requesters reach their own requests only (someone else's answers
404); a requester without an account reaches it after following the private
link, which put the access in the session (``tickets.links``).
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.business_hours import DESK_ZONE
from tickets import access
from tickets.models import Ticket

from . import selectors, services
from .forms import CancelForm, SlotForm, parse_slot
from .models import AppointmentStatus


def _guest_ticket(request: HttpRequest, reference: str) -> Ticket:
    return access.ticket_of_guest(
        session=request.session, reference=reference, tickets=Ticket.objects.select_related("desk")
    )


def _urls(ticket: Ticket, *, guest: bool) -> dict[str, str]:
    kwargs = {"reference": ticket.reference}
    if guest:
        return {
            "page": reverse("appointments:guest_manage", kwargs=kwargs),
            "cancel": reverse("appointments:guest_cancel", kwargs=kwargs),
            "request": reverse("tickets:guest_detail", kwargs=kwargs),
        }
    return {
        "page": reverse("appointments:manage", kwargs=kwargs),
        "cancel": reverse("appointments:cancel", kwargs=kwargs),
        "request": reverse("tickets:detail", kwargs=kwargs),
    }


def _chosen_day(request: HttpRequest, days: list, form: SlotForm) -> date | None:
    """The day whose times are shown: ``?day=``, the day of a posted time, else the first."""
    wanted = request.GET.get("day", "")
    if form.is_bound and form.data.get("slot"):
        moment = parse_slot(form.data["slot"])
        wanted = moment.astimezone(DESK_ZONE).date().isoformat() if moment else wanted
    for day, _slots in days:
        if day.isoformat() == wanted:
            return day
    return days[0][0] if days else None


def _page(
    request, ticket, *, guest, form=None, cancel_form=None, template="appointments/manage.html"
) -> HttpResponse:
    appointment = selectors.active_appointment(ticket)
    schedule = selectors.schedule_for_desk(ticket.desk_id)
    days = selectors.group_by_day(
        selectors.offered_slots(appointment=appointment, schedule=schedule)
    )
    form = form or SlotForm()
    chosen_day = _chosen_day(request, days, form)
    context = {
        "ticket": ticket,
        "appointment": appointment,
        # What the page offers to do: the API's can_* answers, from one function.
        "options": (
            services.requester_options(ticket=ticket, appointment=appointment, schedule=schedule)
            if appointment is not None
            else None
        ),
        # Only without an active one: the page then says what became of the last.
        "previous": None if appointment else selectors.latest_appointment(ticket),
        "schedule": schedule,
        "days": days,
        "chosen_day": chosen_day,
        "day_slots": dict(days).get(chosen_day, []),
        "form": form,
        "cancel_form": cancel_form or CancelForm(),
        "urls": _urls(ticket, guest=guest),
        "guest": guest,
    }
    return render(request, template, context)


def _manage(request: HttpRequest, ticket: Ticket, *, guest: bool) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ticket, guest=guest)
    form = SlotForm(request.POST)
    if not form.is_valid():
        return _page(request, ticket, guest=guest, form=form)
    try:
        chosen = services.appointment_choose(
            ticket=ticket,
            starts_at=form.cleaned_data["slot"],
            acting_user=None if guest else request.user,
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        form.add_error("slot", error)
        return _page(request, ticket, guest=guest, form=form)
    if chosen.moved:
        messages.success(request, _("Your appointment was moved. We sent you the new details."))
    else:
        messages.success(request, _("Your appointment is booked. We sent you a confirmation."))
    return redirect(_urls(ticket, guest=guest)["page"])


def _cancel(request: HttpRequest, ticket: Ticket, *, guest: bool) -> HttpResponse:
    """GET asks "are you sure?" (with an optional reason); POST cancels."""
    if request.method != "POST":
        if selectors.active_appointment(ticket) is None:
            return redirect(_urls(ticket, guest=guest)["page"])
        return _page(request, ticket, guest=guest, template="appointments/cancel.html")
    form = CancelForm(request.POST)
    appointment = selectors.active_appointment(ticket)
    if appointment is None:
        raise Http404
    if form.is_valid():
        was_booked = appointment.status == AppointmentStatus.BOOKED
        try:
            services.appointment_cancel(
                appointment=appointment,
                acting_user=None if guest else request.user,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if was_booked:
                messages.success(request, _("Your appointment is cancelled."))
            else:
                messages.success(
                    request, _("You declined the appointment. Thanks for letting us know.")
                )
            return redirect(_urls(ticket, guest=guest)["page"])
    return _page(
        request, ticket, guest=guest, cancel_form=form, template="appointments/cancel.html"
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def manage(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(user=request.user, reference=reference)
    return _manage(request, ticket, guest=False)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(user=request.user, reference=reference)
    return _cancel(request, ticket, guest=False)


@require_http_methods(["GET", "POST"])
@never_cache
def guest_manage(request: HttpRequest, reference: str) -> HttpResponse:
    return _manage(request, _guest_ticket(request, reference), guest=True)


@require_http_methods(["GET", "POST"])
@never_cache
def guest_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    return _cancel(request, _guest_ticket(request, reference), guest=True)
