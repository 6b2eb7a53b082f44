"""The disruption banner for the home page and the new-request form (one cache read)."""

from django import template

from ..selectors import status_board

register = template.Library()


@register.inclusion_tag("servicestatus/banner.html", takes_context=True)
def status_banner(context, for_form: bool = False) -> dict:
    """Current disruptions; on the form each names the categories it concerns.

    On the form a small script shows only the disruptions of the category the
    requester picks; without the script all are shown. A signed-in user gets
    an "I am affected too" button that brings them back to the same page.
    """
    request = context.get("request")
    return {
        "incidents": status_board().current,
        "for_form": for_form,
        "request": request,
        # A signed-in user says "affected too" from the banner with one button.
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
    }
