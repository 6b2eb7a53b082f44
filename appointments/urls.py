"""Mounted under /requests/ next to the tickets URLs (the request owns its appointment)."""

from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("guest/<str:reference>/appointment/", views.guest_manage, name="guest_manage"),
    path("guest/<str:reference>/appointment/cancel/", views.guest_cancel, name="guest_cancel"),
    path("<str:reference>/appointment/", views.manage, name="manage"),
    path("<str:reference>/appointment/cancel/", views.cancel, name="cancel"),
]
