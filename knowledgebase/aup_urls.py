"""The AUP lives at /aup/, outside /kb/, because mails and forms link it."""

from django.urls import path

from . import views

app_name = "aup"

urlpatterns = [
    path("", views.aup_current, name="current"),
    path("accept/", views.aup_accept_view, name="accept"),
    path("versions/<str:label>/", views.aup_version, name="version"),
]
