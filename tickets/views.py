"""Requester-facing pages for requests."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """The signed-in user's requests."""
    return render(request, "tickets/my_requests.html")
