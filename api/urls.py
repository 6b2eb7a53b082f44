"""/api/v1/: the mobile app's API, its schema and its documentation pages."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .views import kb, profile

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("kb/search/", kb.KbSearchView.as_view(), name="kb-search"),
    path("kb/articles/<slug:slug>/", kb.KbArticleView.as_view(), name="kb-article"),
    path("aup/", kb.AupCurrentView.as_view(), name="aup-current"),
    path("aup/accept/", kb.AupAcceptView.as_view(), name="aup-accept"),
    path("profile/", profile.ProfileView.as_view(), name="profile"),
]
