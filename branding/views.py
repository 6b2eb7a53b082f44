"""The theme's colour as a stylesheet, and the uploaded logo and favicon.

The colour arrives as a same-origin stylesheet so that the Content-Security-
Policy can keep refusing every inline style.
"""

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .selectors import current_theme, theme_row

CACHE_CONTROL = "public, max-age=3600"


@require_GET
def theme_css(request: HttpRequest) -> HttpResponse:
    theme = current_theme()
    body = f":root {{ --brand: {theme.brand_colour}; --brand-dark: {theme.brand_colour_dark}; }}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _file(field_name: str) -> FileResponse:
    row = theme_row()
    field = getattr(row, field_name, None) if row else None
    if not field:
        raise Http404
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def logo(request: HttpRequest) -> FileResponse:
    return _file("logo")


@require_GET
def favicon(request: HttpRequest) -> FileResponse:
    return _file("favicon")
