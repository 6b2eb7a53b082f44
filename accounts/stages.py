"""A login stage for the phone-code second factor, plugged into allauth's login.

allauth runs its own stages (login code, email verification, the authenticator
app); this one runs after them for users whose second factor is a phone: it
texts a code and sends them to the page where they type it.
"""

from allauth.account.stages import LoginStage
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import codes
from .selectors import user_has_totp, user_phone_number
from .sms import send_sms

PHONE_SLOT = "phone"


def send_phone_code(*, session, phone_number: str) -> None:
    code = codes.code_issue(session=session, recipient=phone_number, slot=PHONE_SLOT)
    send_sms(to=phone_number, text=_("Your IT Service Desk code: %(code)s") % {"code": code})


class PhoneCodeStage(LoginStage):
    key = "accounts_phone_code"
    urlname = "accounts:phone_authenticate"

    def handle(self):
        user = self.login.user
        phone_number = user_phone_number(user) if user else None
        if not phone_number or user_has_totp(user):
            return None, True  # no phone factor, or the app already did the job
        send_phone_code(session=self.request.session, phone_number=phone_number)
        return redirect(self.urlname), True
