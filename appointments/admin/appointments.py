"""Appointments in the admin: the offering page, outcome actions and the calendar.

The offering page and the calendar are custom admin views added through
``get_urls`` and rendered in the admin's own templates; every change goes
through the services, so the audit trail and the mails follow.
"""

from datetime import date, datetime, timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core import clock
from core.business_hours import DESK_ZONE
from tickets import access
from tickets.models import Desk

from .. import selectors, services
from ..forms import OfferForm
from ..models import Appointment, AppointmentStatus


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "ticket_reference", "status", "channel", "agent", "desk")
    list_filter = ("status", "channel", "desk")
    list_select_related = ("ticket", "agent", "desk")
    show_full_result_count = False
    ordering = ("-starts_at", "-id")
    search_fields = ("=ticket__reference",)
    actions = ("mark_done", "mark_no_show", "cancel_appointments")
    readonly_fields = (
        "ticket",
        "desk",
        "channel",
        "status",
        "agent",
        "location",
        "starts_at",
        "ends_at",
        "uid",
        "sequence",
        "reminder_sent_at",
        "created_at",
        "updated_at",
    )
    change_list_template = "admin/appointments/appointment/change_list.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("ticket", "agent", "desk", "location")
        return access.rows_of_visible_tickets(request.user, qs)

    def has_add_permission(self, request) -> bool:
        return False  # appointments are offered from a request

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel instead; the history stays

    @admin.display(description=gettext_lazy("request"), ordering="ticket__reference")
    def ticket_reference(self, obj: Appointment) -> str:
        return obj.ticket.reference

    # --- Outcome actions (services) ----------------------------------------

    def _each(self, request, queryset, action, done_message: str, **kwargs) -> None:
        done, failed = 0, []
        for appointment in queryset:
            try:
                action(appointment=appointment, acting_user=request.user, **kwargs)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [])) or _("not allowed")
                failed.append(f"{appointment.ticket.reference}: {text}")
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._each(
            request,
            queryset,
            services.appointment_mark,
            _("%(count)s appointment(s) marked as done."),
            outcome=AppointmentStatus.DONE,
        )

    @admin.action(description=gettext_lazy("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._each(
            request,
            queryset,
            services.appointment_mark,
            _("%(count)s appointment(s) marked as no-show."),
            outcome=AppointmentStatus.NO_SHOW,
        )

    @admin.action(
        description=gettext_lazy("Cancel (the requester is told)"), permissions=["change"]
    )
    def cancel_appointments(self, request, queryset):
        self._each(
            request,
            queryset,
            services.appointment_cancel,
            _("%(count)s appointment(s) cancelled."),
        )

    # --- Custom views -------------------------------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("offer/<int:ticket_pk>/", wrap(self.offer_view), name=f"{info}_offer"),
            path("calendar/", wrap(self.calendar_view), name=f"{info}_calendar"),
            *super().get_urls(),
        ]

    def offer_view(self, request: HttpRequest, ticket_pk: int) -> HttpResponse:
        """From a request: invite the requester to choose, or book a time now."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ticket = get_object_or_404(
            access.tickets_visible_to(request.user).select_related("desk"), pk=ticket_pk
        )
        ticket_url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
        schedule = selectors.schedule_for_desk(ticket.desk_id)
        active = selectors.active_appointment(ticket)
        form = None
        if schedule is not None and active is None:
            slots = selectors.window_slots(
                schedule=schedule,
                first=clock.now().astimezone(DESK_ZONE).date(),
                days=schedule.horizon_days,
                not_before=clock.now(),
            )
            form = OfferForm(
                request.POST or None,
                slots=slots,
                agents=schedule.agents.filter(is_active=True).order_by("first_name", "pk"),
                locations=ticket.desk.locations.filter(is_active=True),
                channels=schedule.channels(),
            )
            if request.method == "POST" and form.is_valid():
                done = self._offer(request, ticket, form)
                if done:
                    return HttpResponseRedirect(ticket_url)
                # A time taken meanwhile: offer the fresh list.
                form.set_slots(
                    selectors.window_slots(
                        schedule=schedule,
                        first=clock.now().astimezone(DESK_ZONE).date(),
                        days=schedule.horizon_days,
                        not_before=clock.now(),
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Appointment for %(reference)s") % {"reference": ticket.reference},
            "subtitle": ticket.subject,
            "ticket": ticket,
            "ticket_url": ticket_url,
            "schedule": schedule,
            "active": active,
            "history": selectors.appointments_of_ticket(ticket),
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/appointments/appointment/offer.html", context)

    def _offer(self, request, ticket, form) -> bool:
        data = form.cleaned_data
        try:
            if data["mode"] == OfferForm.MODE_INVITE:
                services.appointment_offer(
                    ticket=ticket, channel=data["channel"], acting_user=request.user
                )
                self.message_user(
                    request, _("The requester was invited to choose a time."), messages.SUCCESS
                )
            else:
                services.appointment_book(
                    ticket=ticket,
                    starts_at=data["starts_at"],
                    channel=data["channel"],
                    agent=data.get("agent"),
                    location=data.get("location"),
                    acting_user=request.user,
                )
                self.message_user(request, _("The appointment is booked."), messages.SUCCESS)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            form.add_error("slot" if data["mode"] == OfferForm.MODE_BOOK else None, error)
            return False
        return True

    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        """A day or week of appointments for one desk, optionally one agent.

        Three queries whatever the number of appointments: the desks the
        user may see, the desk's agents, and the window's appointments.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        desks = list(
            access.desks_managed_by(request.user, Desk.objects.filter(is_active=True), "pk")
        )
        desk = _pick(desks, request.GET.get("desk"))
        agents: list[User] = []
        if desk is not None:
            agents = list(
                User.objects.filter(appointment_schedules__desk=desk, is_active=True).order_by(
                    "first_name", "pk"
                )
            )
        agent = _pick(agents, request.GET.get("agent"), default_first=False)
        mode = "day" if request.GET.get("view") == "day" else "week"
        first = _parse_date(request.GET.get("date")) or clock.now().astimezone(DESK_ZONE).date()
        if mode == "week":
            first -= timedelta(days=first.weekday())
        length = 1 if mode == "day" else 7
        begin = datetime.combine(first, datetime.min.time(), tzinfo=DESK_ZONE)
        end = datetime.combine(
            first + timedelta(days=length), datetime.min.time(), tzinfo=DESK_ZONE
        )
        rows = []
        if desk is not None:
            window = selectors.calendar_appointments(begin=begin, end=end, desk=desk, agent=agent)
            rows = list(access.rows_of_visible_tickets(request.user, window)[:500])
        days = [(first + timedelta(days=n), []) for n in range(length)]
        by_day = {day: items for day, items in days}
        for appointment in rows:
            by_day.setdefault(appointment.starts_at.astimezone(DESK_ZONE).date(), []).append(
                appointment
            )
        step = timedelta(days=length)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Appointment calendar"),
            "desks": desks,
            "desk": desk,
            "agents": agents,
            "agent": agent,
            "mode": mode,
            "first": first,
            "days": days,
            "previous": first - step,
            "next": first + step,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/appointments/appointment/calendar.html", context)


def _pick(items: list, value: str | None, *, default_first: bool = True):
    """The item whose pk the query string names; else the first one (or None)."""
    for item in items:
        if str(item.pk) == (value or ""):
            return item
    return items[0] if items and default_first else None


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None
