from django.urls import path

from . import views

app_name = "branding"

urlpatterns = [
    path("theme.css", views.theme_css, name="css"),
    path("logo", views.logo, name="logo"),
    path("favicon", views.favicon, name="favicon"),
]
