"""The portal's Django forms as the API's validators.

A rule about input lives once, in the form the web page uses; the API hands
the form its data and turns the form's errors into the error shape's field
errors (api/exceptions.py does the turning).
"""

from django import forms
from django.core.exceptions import ValidationError
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from .permissions import HasAcceptedAup, HasGivenConsent

# Who may act on requests and appointments: signed in, consented, AUP accepted.
REQUESTER = [IsAuthenticated, HasGivenConsent, HasAcceptedAup]


def form_data(request: Request):
    """The parsed body as a form's data; a JSON list or scalar is a parse error."""
    if not hasattr(request.data, "get"):
        raise ParseError()
    return request.data


def validated(form: forms.Form) -> dict:
    """The form's cleaned data, or its errors raised as the API's field errors."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
