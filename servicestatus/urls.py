from django.urls import path

from . import views

app_name = "servicestatus"

urlpatterns = [
    path("", views.status_page, name="status"),
    path("<str:reference>/affected/", views.affected_too, name="affected"),
]
