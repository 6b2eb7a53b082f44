from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.ticket_new, name="new"),
    path("filed/", views.ticket_filed, name="filed"),
    path("link/<str:token>/", views.private_link, name="private_link"),
    path("guest/<str:reference>/", views.guest_detail, name="guest_detail"),
    path("guest/<str:reference>/reply/", views.guest_reply, name="guest_reply"),
    path("guest/<str:reference>/claim-link/", views.guest_claim_link, name="guest_claim_link"),
    path("claim/", views.claim, name="claim"),
    path("claim/<str:token>/", views.claim_link, name="claim_link"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
    path("<str:reference>/reply/", views.ticket_reply, name="reply"),
    path("<str:reference>/close/", views.ticket_close, name="close"),
    path("<str:reference>/rate/", views.ticket_rate, name="rate"),
]
