"""``theme`` in every template (read from the cache, see selectors.current_theme)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import current_theme


def theme(request: HttpRequest) -> dict:
    return {"theme": SimpleLazyObject(current_theme)}
