"""/api/v1/: the mobile app's API, its schema and its documentation pages."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from .docs_policy import redoc_policy
from .views import activation, appointments, consent, kb, profile, status, tickets
from .views import common as views_common

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # The split view serves Swagger UI's init script as a file (?script),
        # so the page needs no inline script under the Content-Security-Policy.
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path(
        "redoc/",
        redoc_policy(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("status/", status.StatusBoardView.as_view(), name="status"),
    path("kb/search/", kb.KbSearchView.as_view(), name="kb-search"),
    path("kb/articles/<slug:slug>/", kb.KbArticleView.as_view(), name="kb-article"),
    path("aup/", kb.AupCurrentView.as_view(), name="aup-current"),
    path("aup/accept/", kb.AupAcceptView.as_view(), name="aup-accept"),
    path("profile/", profile.ProfileView.as_view(), name="profile"),
    path("profile/consent/", consent.ConsentView.as_view(), name="profile-consent"),
    path("categories/", tickets.CategoryTreeView.as_view(), name="categories"),
    path("requests/", tickets.TicketListView.as_view(), name="requests"),
    path("requests/<str:reference>/", tickets.TicketDetailView.as_view(), name="request"),
    path(
        "requests/<str:reference>/replies/",
        tickets.TicketReplyView.as_view(),
        name="request-replies",
    ),
    path(
        "requests/<str:reference>/attachments/",
        tickets.TicketAttachmentsView.as_view(),
        name="request-attachments",
    ),
    path(
        "requests/<str:reference>/confirm/",
        tickets.TicketConfirmView.as_view(),
        name="request-confirm",
    ),
    path(
        "requests/<str:reference>/reopen/",
        tickets.TicketReopenView.as_view(),
        name="request-reopen",
    ),
    path(
        "requests/<str:reference>/appointment/",
        appointments.AppointmentView.as_view(),
        name="request-appointment",
    ),
    path(
        "requests/<str:reference>/appointment/cancel/",
        appointments.AppointmentCancelView.as_view(),
        name="request-appointment-cancel",
    ),
    path(
        "requests/<str:reference>/appointment/ics/",
        appointments.AppointmentIcsView.as_view(),
        name="request-appointment-ics",
    ),
    path("attachments/<int:pk>/", tickets.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        "profile/alternate-email/",
        profile.AlternateEmailView.as_view(),
        name="profile-alternate-email",
    ),
    path(
        "profile/alternate-email/confirm/",
        profile.AlternateEmailConfirmView.as_view(),
        name="profile-alternate-email-confirm",
    ),
    path(
        "account/activation/student/",
        activation.StudentActivationView.as_view(),
        name="activation-student",
    ),
    path(
        "account/activation/alumni/",
        activation.AlumniActivationView.as_view(),
        name="activation-alumni",
    ),
    path(
        "account/activation/password/",
        activation.ActivationPasswordView.as_view(),
        name="activation-password",
    ),
    path(
        "account/activation/email/",
        activation.ActivationEmailView.as_view(),
        name="activation-email",
    ),
    path(
        "account/activation/code/",
        activation.ActivationCodeView.as_view(),
        name="activation-code",
    ),
    # Anything else under /api/v1/ (also a path parameter of the wrong form)
    # answers 404 in the API's error shape, not the portal's HTML page.
    re_path(r"^", views_common.NotFoundView.as_view(), name="not-found"),
]
