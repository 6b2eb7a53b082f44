"""How allauth fits this university: who may sign up, where mail goes."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.translation import recipient_language

from .identity import identity_switch_message, login_is_recent
from .ratelimit import login_attempt_give_back, login_attempt_take

UNKNOWN_ACCOUNT_MAIL = "account/email/unknown_account"
WRONG_ROUTE_MAIL = "account/email/wrong_route"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mails call ``current_site``: the portal's name and address.

    Without django.contrib.sites allauth used the request's host as the name,
    so its mails greeted with "Hallo van 127.0.0.1:8110!".
    """

    name: str
    domain: str
    url: str


def portal_site() -> PortalSite:
    return PortalSite(
        name=str(_("IT Service Desk")),
        domain=urlsplit(settings.SITE_URL).netloc,
        url=settings.SITE_URL,
    )


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from the registrar, the alumni office or the desk.

    Students are imported with an initial password and alumni and prospects
    are activated through their own flows, so open self-registration is off.
    Every mail allauth sends (codes, resets, security notices) goes through
    the notification outbox like the portal's own mails.
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff land in the admin, where their work is; everyone else on the home page.

        A ``next`` on the login page still wins (allauth checks it first).
        """
        if request.user.is_authenticated and request.user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login completed in this session a moment ago counts as having confirmed it is you.

        allauth (65.x) only counts an explicit "confirm your password" step,
        so a staff member who had just logged in was asked for the password
        again before the authenticator set-up page opened. The window is
        allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT (accounts.identity).
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not login_is_recent(self.request)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        """After a login that replaced another identity, say so instead of "signed in"."""
        if message_template == "account/messages/logged_in.txt" and message is None:
            user = (message_context or {}).get("user")
            switched = identity_switch_message(request, user=user) if user else None
            if switched is not None:
                message = switched
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the password try per (account, address) and per account (accounts.ratelimit).

        Replaces allauth's per-account ``login_failed`` count, with which a
        stranger's five wrong passwords locked the student out everywhere.
        """
        if not login_attempt_take(request, login=self._login_of(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any):
        """allauth's check; a right password gives its try back, as allauth's own limit did."""
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_attempt_give_back(request, login=self._login_of(credentials))
        return user

    @staticmethod
    def _login_of(credentials: dict[str, Any]) -> str:
        return str(credentials.get("email", credentials.get("username", "")))

    def get_login_stages(self) -> list[str]:
        """allauth's stages, then the phone-code factor (accounts.stages)."""
        return [*super().get_login_stages(), "accounts.stages.PhoneCodeStage"]

    def send_notification_mail(
        self,
        template_prefix: str,
        user,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """Keep the user in the context so the mail goes out in their language."""
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), "user": user}, email
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's mail in the recipient's language and queue it in the outbox.

        It leaves after the surrounding transaction commits, with the same
        headers, retries and admin trail as every other mail. These are all
        security mails, so no preference can switch them off.
        """
        from notifications.services import outbox_mail_create

        if template_prefix == UNKNOWN_ACCOUNT_MAIL:
            template_prefix, context = self._unknown_or_wrong_route(email, context)
        user = self._mail_recipient(email, context)
        language = recipient_language(user=user, language=translation.get_language())
        with translation.override(language):
            # super().send_mail() builds allauth's context and sends at once;
            # render_mail() is the documented hook that only renders.
            message = self.render_mail(template_prefix, email, self._mail_context(email, context))
            body_html = next(
                (
                    body
                    for body, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            ) or render_to_string("notifications/text_email.html", {"body_text": message.body})
        outbox_mail_create(
            event=template_prefix,
            recipient_email=email,
            recipient_name=user.get_full_name() if user is not None else "",
            user=user,
            language=translation.get_supported_language_variant(language),
            subject=message.subject,
            body_text=message.body,
            body_html=body_html,
        )

    @staticmethod
    def _unknown_or_wrong_route(email: str, context: dict) -> tuple[str, dict]:
        """An account's own address typed where it does not work gets directions.

        Recovery goes to the alternate address only, so a student who types
        the university address (or has no alternate one), and a prospect, who
        has no password at all, used to receive "no account uses this
        address". The mail now says what to do. Only that mailbox reads it:
        the page answers exactly as for an unknown address (enumeration
        prevention), and the one lookup runs for every address alike.
        """
        owner = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if owner is None:
            return UNKNOWN_ACCOUNT_MAIL, context
        is_prospect = owner.kind == owner.Kind.PROSPECT
        return WRONG_ROUTE_MAIL, {**context, "user": owner, "is_prospect": is_prospect}

    def format_email_subject(self, subject: str) -> str:
        """No "[host]" prefix: the sender name already says who writes."""
        return str(subject)

    def _mail_context(self, email: str, context: dict) -> dict:
        """What allauth's own ``send_mail`` adds before rendering."""
        base: dict[str, Any] = {"request": self.request, "email": email}
        return {**base, **context, "current_site": portal_site()}

    @staticmethod
    def _mail_recipient(email: str, context: dict):
        """The account a mail is for: from the context, else by its address."""
        user = context.get("user")
        if isinstance(user, get_user_model()) and user.pk:
            return user
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        return address.user if address is not None else None
