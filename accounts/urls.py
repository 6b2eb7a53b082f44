"""Our account pages, next to allauth's under /accounts/."""

from django.urls import path

from .views import activation, profile

app_name = "accounts"

urlpatterns = [
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
]
