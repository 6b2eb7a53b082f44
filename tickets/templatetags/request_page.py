"""The requester's request page asks the registered sections (``tickets.page_sections``)."""

from django import template
from django.utils.safestring import SafeString

from ..models import Ticket
from ..page_sections import request_page_sections
from ..revision_cache import requester_conversation_html

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, ticket: Ticket, guest: bool = False) -> list[dict]:
    """``{% page_sections ticket guest as sections %}``: each to ``{% include %}``."""
    return request_page_sections(context.get("request"), ticket, guest=bool(guest))


@register.simple_tag
def requester_conversation(ticket: Ticket) -> SafeString:
    """``{% requester_conversation ticket %}``: the public conversation, kept per revision."""
    return requester_conversation_html(ticket)
