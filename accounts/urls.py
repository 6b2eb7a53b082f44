"""Our account pages, next to allauth's under /accounts/."""

from django.urls import path

from .views import activation, login_code, phone, profile

app_name = "accounts"

urlpatterns = [
    # Ahead of allauth's own view at the same address (accounts.views.login_code).
    path("login/code/", login_code.request_login_code, name="request_login_code"),
    path("activate/", activation.activate, name="activate"),
    path("activate/password/", activation.activate_password, name="activate_password"),
    path("activate/email/", activation.activate_email, name="activate_email"),
    path("activate/code/", activation.activate_code, name="activate_code"),
    path("alumni/activate/", activation.alumni_activate, name="alumni_activate"),
    path("consent/", profile.consent, name="consent"),
    path("profile/", profile.profile, name="profile"),
    path("profile/alternate-email/", profile.alternate_email_start, name="alternate_email"),
    path(
        "profile/alternate-email/confirm/",
        profile.alternate_email_confirm,
        name="alternate_email_confirm",
    ),
    path("profile/data/", profile.data_download, name="data_download"),
    path("profile/mail/", profile.mail_preferences, name="mail_preferences"),
    path("mfa/setup/", phone.mfa_setup, name="mfa_setup"),
    path("mfa/phone/", phone.phone_setup, name="phone_setup"),
    path("mfa/phone/confirm/", phone.phone_setup_confirm, name="phone_setup_confirm"),
    path("mfa/phone/remove/", phone.phone_remove, name="phone_remove"),
    path("mfa/phone/authenticate/", phone.phone_authenticate, name="phone_authenticate"),
]
