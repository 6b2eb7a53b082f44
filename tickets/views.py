"""Requester-facing pages: file, list, follow, answer, close and rate requests.

Views validate with a form, check who may see the request (someone else's
answers 404), call one service and redirect. Guests who filed without an
account reach their request through the private link, which moves the
access into the session (see ``links``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ratelimit import ratelimit_take

from . import access, links, selectors, services
from .choices import EMERGENCY_IMPACT, EMERGENCY_URGENCY, FINAL_STATUSES, FINISHED_STATUSES
from .forms import (
    GuestTicketForm,
    MyRequestsFilterForm,
    RatingForm,
    ReplyForm,
    TicketForm,
    attachments_help,
    subject_from_query,
)
from .models import Ticket

LAST_FILED_KEY = "tickets_last_filed"


@require_GET
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """The signed-in user's requests, one keyset page at a time."""
    form = MyRequestsFilterForm(request.GET or None)
    state, query, after = "open", "", None
    if form.is_bound and form.is_valid():
        state = form.cleaned_data["state"] or "open"
        query = form.cleaned_data["q"]
        after = selectors.Cursor.decode(form.cleaned_data["after"] or "")
    tickets, next_cursor = selectors.tickets_of_requester(
        user=request.user, state=state, query=query, after=after
    )
    rows = selectors.requester_rows(tickets)
    next_query = None
    if next_cursor is not None:
        params = request.GET.copy()
        params["state"], params["q"], params["after"] = state, query, next_cursor.encode()
        next_query = params.urlencode()
    return render(
        request,
        "tickets/my_requests.html",
        {
            "form": form,
            "rows": rows,
            "state": state,
            "query": query,
            "is_later_page": after is not None,
            "next_query": next_query,
        },
    )


@require_http_methods(["GET", "POST"])
def ticket_new(request: HttpRequest) -> HttpResponse:
    """File a request; without an account, with name and email instead."""
    signed_in = request.user.is_authenticated
    form_class = TicketForm if signed_in else GuestTicketForm
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial={"subject": subject_from_query(request.GET.get("subject", ""))},
    )
    emergency_phone = form.filing.emergency_phone
    # The emergency number must be seen before an emergency is filed: the
    # script shows it as soon as both answers are highest and says so in
    # ``emergency_seen``; without the script the first submit shows it.
    show_emergency = form.is_emergency and bool(emergency_phone)
    must_see_emergency = show_emergency and request.POST.get("emergency_seen") != "1"
    ready = request.method == "POST" and form.is_valid() and not must_see_emergency
    # A guest's filing is counted when it would be saved, and the count
    # decides (core.ratelimit): parallel filings cannot all slip in.
    if ready and not signed_in and not guest_filing_take(request, email=form.cleaned_data["email"]):
        ready = False
        form.add_error(
            None,
            _(
                "Too many requests were filed from here or for this email address in a "
                "short time. Try again in an hour, or log in to file it."
            ),
        )
    if ready:
        data = form.cleaned_data
        common = {
            "category": data["category"],
            "subject": data["subject"],
            "description": data["description"],
            "impact": data["impact"],
            "urgency": data["urgency"],
            "uploads": data["attachments"],
        }
        if signed_in:
            ticket = services.ticket_file(
                requester=request.user, acting_user=request.user, **common
            )
            messages.success(
                request,
                _("Your request %(reference)s was filed. We sent you a confirmation.")
                % {"reference": ticket.reference},
            )
            return redirect("tickets:detail", reference=ticket.reference)
        ticket = services.ticket_file(
            requester_name=data["name"],
            requester_email=data["email"],
            requester_number=data["number"],
            language=request.LANGUAGE_CODE,
            **common,
        )
        access.grant_guest_access(request.session, ticket)
        request.session[LAST_FILED_KEY] = ticket.pk
        return redirect("tickets:filed")
    return render(
        request,
        "tickets/ticket_new.html",
        {
            "form": form,
            # What was typed, or a subject from the address: not the kept empty form.
            "form_is_personal": form.is_bound or bool(form.initial.get("subject")),
            "emergency_phone": emergency_phone,
            "emergency_rule": {
                "impact": EMERGENCY_IMPACT.value,
                "urgency": EMERGENCY_URGENCY.value,
            },
            "show_emergency": show_emergency,
            "stopped_for_emergency": must_see_emergency and form.is_valid(),
        },
    )


@require_GET
@never_cache
def ticket_filed(request: HttpRequest) -> HttpResponse:
    """Confirmation for a guest: the reference, and that the private link is in the mail."""
    ticket = access.guest_ticket_by_pk(
        session=request.session, pk=request.session.get(LAST_FILED_KEY)
    )
    return render(request, "tickets/ticket_filed.html", {"ticket": ticket})


def _detail_context(request: HttpRequest, ticket: Ticket, *, guest: bool) -> dict:
    if guest:
        urls = {
            name: reverse(f"tickets:guest_{name}", kwargs={"reference": ticket.reference})
            for name in ("reply", "claim_link")
        }
    else:
        urls = {
            name: reverse(f"tickets:{name}", kwargs={"reference": ticket.reference})
            for name in ("reply", "close", "rate")
        }
    return {
        "ticket": ticket,
        "urls": urls,
        "guest": guest,
        "can_reply": ticket.status not in FINAL_STATUSES,
        "can_close": not guest and ticket.is_open,
        "can_rate": not guest
        and ticket.resolved_at is not None
        and services.rating_may_change(ticket),
        "is_finished": ticket.status in FINISHED_STATUSES,
        "merged_into": selectors.merge_destination_for_requester(ticket),
    }


def _render_detail(request, ticket, *, guest=False, reply_form=None, rating_form=None):
    context = _detail_context(request, ticket, guest=guest)
    # A refused form shows what was typed and why: never the kept page.
    given = (reply_form, rating_form)
    context["forms_bound"] = any(form is not None and form.is_bound for form in given)
    # The empty forms are built only where the kept page is rendered anew.
    context["reply_form"] = reply_form or SimpleLazyObject(ReplyForm)
    # A given answer shows pre-filled: within the change window a new one replaces it.
    answered = {"score": ticket.rating, "comment": ticket.rating_comment} if ticket.rating else None
    context["rating_form"] = rating_form or SimpleLazyObject(lambda: RatingForm(initial=answered))
    # The reply form's help text shows them; they change with the settings.
    context["attachment_limits"] = attachments_help()
    return render(request, "tickets/ticket_detail.html", context)


@require_GET
@login_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(
        user=request.user, reference=reference, tickets=selectors.request_page_tickets()
    )
    return _render_detail(request, ticket)


def _reply(request: HttpRequest, ticket: Ticket, *, guest: bool, success_url: str):
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                acting_user=None if guest else request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply was added."))
            return redirect(success_url)
    return _render_detail(request, ticket, guest=guest, reply_form=form)


@require_POST
@login_required
def ticket_reply(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(user=request.user, reference=reference)
    success = reverse("tickets:detail", kwargs={"reference": reference})
    return _reply(request, ticket, guest=False, success_url=success)


@require_POST
@login_required
def ticket_close(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(user=request.user, reference=reference)
    try:
        services.ticket_close(ticket=ticket, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is closed."))
    return redirect("tickets:detail", reference=ticket.reference)


@require_POST
@login_required
def ticket_rate(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_requester(user=request.user, reference=reference)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_rate(
                ticket=ticket,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except ValidationError as error:
            # Not resolved, or the change window closed: the form is no longer shown.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your rating."))
        return redirect("tickets:detail", reference=ticket.reference)
    return _render_detail(request, ticket, rating_form=form)


@require_GET
@never_cache
def private_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open a request from the mailed link: access goes into the session, token out of the URL."""
    ticket = links.ticket_from_token(token)
    if ticket is None:
        raise Http404
    if ticket.requester_id is not None:
        return redirect("tickets:detail", reference=ticket.reference)
    access.grant_guest_access(request.session, ticket)
    return redirect("tickets:guest_detail", reference=ticket.reference)


def _guest_ticket(request: HttpRequest, reference: str) -> Ticket:
    return access.ticket_of_guest(session=request.session, reference=reference)


@require_GET
@never_cache
def guest_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = access.ticket_of_guest(
        session=request.session,
        reference=reference,
        tickets=selectors.request_page_tickets(),
    )
    return _render_detail(request, ticket, guest=True)


@require_POST
def guest_reply(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _guest_ticket(request, reference)
    success = reverse("tickets:guest_detail", kwargs={"reference": reference})
    return _reply(request, ticket, guest=True, success_url=success)


@require_POST
def guest_claim_link(request: HttpRequest, reference: str) -> HttpResponse:
    """The guest asks to move the request into the account of the number they typed.

    The answer is the same whether or not the number belongs to an account,
    and the link goes to that account's own address, never to the guest.
    """
    ticket = _guest_ticket(request, reference)
    services.ticket_claim_link_send(ticket=ticket)
    messages.info(
        request,
        _(
            "If the student or alumni number on this request belongs to an account, we "
            "sent a link to the address on file for that account. Open it while logged in "
            "with that account to add the request to My requests."
        ),
    )
    return redirect("tickets:guest_detail", reference=ticket.reference)


@require_GET
@never_cache
def claim_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open a mailed claim link: the token moves into the session, out of the URL."""
    request.session[links.CLAIM_SESSION_KEY] = token
    return redirect("tickets:claim")


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def claim(request: HttpRequest) -> HttpResponse:
    """Confirm, logged in as the addressee, that a guest request becomes yours."""
    token = request.session.get(links.CLAIM_SESSION_KEY, "")
    try:
        if request.method == "POST":
            ticket = services.ticket_claim_by_link(token=token, user=request.user)
        else:
            ticket = services.claim_link_check(token=token, user=request.user)
    except services.ClaimLinkError as error:
        return render(request, "tickets/claim.html", {"error": error.messages[0]}, status=400)
    if request.method == "GET":
        return render(request, "tickets/claim.html", {"ticket": ticket})
    request.session.pop(links.CLAIM_SESSION_KEY, None)
    messages.success(
        request,
        _("Request %(reference)s is now in My requests.") % {"reference": ticket.reference},
    )
    return redirect("tickets:detail", reference=ticket.reference)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a file only to someone who may see it; always as a download."""
    attachment = access.attachment_for(user=request.user, session=request.session, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def guest_filing_take(request: HttpRequest, *, email: str) -> bool:
    """Count a filing without an account for this client and address; whether it may go on."""
    limit, period = settings.TICKETS_GUEST_RATE_LIMIT
    return ratelimit_take(
        request, action="guest_file", identifier=email, limit=limit, period=period
    )
