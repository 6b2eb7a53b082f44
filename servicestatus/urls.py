from django.urls import path

from . import views, views_subscriptions
from .feeds import StatusFeed

app_name = "servicestatus"

urlpatterns = [
    path("", views.status_page, name="status"),
    path("feed.atom", StatusFeed(), name="feed"),
    path("subscribe/", views_subscriptions.subscribe, name="subscribe"),
    path(
        "subscribe/confirm/<str:token>/",
        views_subscriptions.subscription_confirm,
        name="subscription_confirm",
    ),
    path("unsubscribe/<str:token>/", views_subscriptions.unsubscribe, name="unsubscribe"),
    path("<str:reference>/affected/", views.affected_too, name="affected"),
]
