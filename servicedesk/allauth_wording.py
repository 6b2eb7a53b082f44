"""allauth's messages that the portal words differently in Dutch.

allauth's own Dutch catalog mixes the formal "u" ("Voer alstublieft…",
"Neem a.u.b. contact…") with spelling slips ("Bevestigings e-mail",
"Wachtwoord wijziging geslaagd"). The portal speaks informal Dutch ("je")
throughout, so these messages are translated again in ``locale/`` (in
LOCALE_PATHS, which Django prefers over an app's catalog). Listing them here
keeps them in that catalog when ``manage.py catalogs update`` extracts
messages; nothing imports this module.
"""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = (
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam"
        " folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to"
        " finalize the signup process. If you do not see the verification email in your"
        " main inbox, check your spam folder. Please contact us if you do not receive the"
        " verification email within a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside"
        " that email. If you do not see the verification email in your main inbox, check"
        " your spam folder. Otherwise\ncontact us if you do not receive it within a few"
        " minutes."
    ),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an"
        " authenticator code:"
    ),
    gettext_noop(
        "We have sent you an e-mail. Please contact us if you do not receive it within a"
        " few minutes."
    ),
    gettext_noop("Password Reset Email"),
)
