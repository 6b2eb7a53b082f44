from django.urls import path

from . import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.kb_index, name="index"),
    path("search/", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/feedback/", views.article_feedback, name="feedback"),
    path("articles/<slug:slug>/answered/", views.article_answered, name="answered"),
    path("screenshots/<path:name>", views.screenshot, name="screenshot"),
]
