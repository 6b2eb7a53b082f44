"""Public knowledgebase pages: readable without signing in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def kb_index(request: HttpRequest) -> HttpResponse:
    """Entry page of the FAQ and manuals."""
    return render(request, "knowledgebase/index.html")


@require_GET
def aup_current(request: HttpRequest) -> HttpResponse:
    """The Acceptable Use Policy currently in force."""
    return render(request, "knowledgebase/aup.html")
