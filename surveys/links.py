"""The signed one-click links of the survey mail.

One token per score: signed and salted (``django.core.signing``) over the
request, the score and a digest of the request's ``access_key`` (rotating the
key kills every link), valid for ``SURVEY_LINK_MAX_AGE``. The URL also names
the request's reference, and the token must be for that very request, so a
link pasted onto another request is refused rather than rating the wrong one.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from tickets.models import Ticket

SALT = "surveys.answer-link"
SURVEY_LINK_MAX_AGE = timedelta(days=30)


class SurveyLinkExpired(Exception):
    """The signature is right but the link is older than ``SURVEY_LINK_MAX_AGE``."""


@dataclass(frozen=True)
class SurveyGrant:
    ticket: Ticket
    score: int


def _key_digest(access_key: str) -> str:
    # Signed tokens are readable, not secret: carry a digest, never the key.
    return salted_hmac(SALT, access_key, algorithm="sha256").hexdigest()[:32]


def answer_token(ticket: Ticket, score: int) -> str:
    payload = {"t": ticket.pk, "s": score, "k": _key_digest(ticket.access_key)}
    return signing.dumps(payload, salt=SALT, compress=True)


def answer_path(ticket: Ticket, score: int) -> str:
    return reverse(
        "surveys:answer",
        kwargs={"reference": ticket.reference, "token": answer_token(ticket, score)},
    )


def grant_from_link(*, reference: str, token: str) -> SurveyGrant | None:
    """What an intact link for ``reference`` grants, or None; raises SurveyLinkExpired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=SURVEY_LINK_MAX_AGE.total_seconds())
    except signing.SignatureExpired as error:
        raise SurveyLinkExpired from error
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(payload, dict):
        return None
    ticket_id, score, key = payload.get("t"), payload.get("s"), payload.get("k")
    if not (isinstance(ticket_id, int) and isinstance(score, int) and isinstance(key, str)):
        return None
    if not 1 <= score <= 5:
        return None
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None or ticket.reference != reference:
        return None
    if not constant_time_compare(key, _key_digest(ticket.access_key)):
        return None
    return SurveyGrant(ticket=ticket, score=score)


# --- Opt-out link (requesters without an account) ---------------------------

OPT_OUT_SALT = "surveys.opt-out-link"


def opt_out_path(email: str) -> str:
    """A link that switches surveys off for ``email``; it does not expire (it only stops mail)."""
    token = signing.dumps({"e": email.lower()}, salt=OPT_OUT_SALT, compress=True)
    return reverse("surveys:opt_out", kwargs={"token": token})


def email_from_opt_out_token(token: str) -> str | None:
    try:
        payload = signing.loads(token, salt=OPT_OUT_SALT)
    except (signing.BadSignature, ValueError):
        return None
    email = payload.get("e") if isinstance(payload, dict) else None
    return email if isinstance(email, str) and "@" in email else None
