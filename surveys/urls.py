from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    path("stop/<str:token>/", views.opt_out, name="opt_out"),
    path("<str:reference>/<str:token>/", views.answer, name="answer"),
]
