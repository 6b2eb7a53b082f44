"""The survey pages behind the mailed links: no login, the signed link is the key.

Why a GET does not record the answer: mail scanners and link previewers
open every link in a mail, so a GET that saved the score would answer the
survey for the requester (with whatever link was fetched last). The GET only
shows the chosen score pre-selected with the optional comment; one POST
button records it through ``tickets.services.ticket_rate``, the same door as
the portal's rating form. Every refusal is a translated page, never a 500.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tickets import services as ticket_services

from . import services
from .forms import RatingForm
from .links import SurveyLinkExpired, email_from_opt_out_token, grant_from_link


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "surveys/refused.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """Show the clicked score with a comment box (GET); record the answer (POST)."""
    try:
        grant = grant_from_link(reference=reference, token=token)
    except SurveyLinkExpired:
        return _refused(
            request, _("This survey link has expired. Thank you for your time anyway."), 410
        )
    if grant is None:
        return _refused(
            request,
            _("This survey link is not valid. Use the link from the mail exactly as it was sent."),
            400,
        )
    ticket = grant.ticket
    if not ticket_services.rating_may_change(ticket):
        return _refused(
            request,
            _(
                "You already answered the survey for request %(reference)s with %(score)s out "
                "of 5; an answer can be changed for %(days)s days, and that time has passed."
            )
            % {
                "reference": ticket.reference,
                "score": ticket.rating,
                "days": ticket_services.RATING_CHANGE_DAYS,
            },
            410,
        )
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                ticket_services.ticket_rate(
                    ticket=ticket,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    acting_user=ticket.requester,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("surveys:thanks")
        status = 400
    else:
        form = RatingForm(initial={"score": grant.score, "comment": ticket.rating_comment})
        status = 200
    context = {"ticket": ticket, "form": form, "days": ticket_services.RATING_CHANGE_DAYS}
    return render(request, "surveys/answer.html", context, status=status)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """A guest switches surveys off: the GET asks, the POST does it (prefetchers only GET)."""
    email = email_from_opt_out_token(token)
    if email is None:
        return _refused(
            request,
            _("This survey link is not valid. Use the link from the mail exactly as it was sent."),
            400,
        )
    done = False
    if request.method == "POST":
        services.survey_opt_out(email=email)
        done = True
    return render(request, "surveys/opt_out.html", {"email": email, "done": done})
