"""The requester's request page: the registered sections (``tickets.page_sections``) and
what is kept per revision of the request (``tickets.revision_cache``)."""

from django import template
from django.utils.safestring import SafeString

from core.templatetags.fragments import (
    Fragment,
    fill_in_request,
    must_render_afresh,
    parse_fragment_tag,
    render_for_keeping,
)

from ..models import Ticket
from ..page_sections import request_page_sections
from ..revision_cache import PAGE_NAMES, kept_for_revision, requester_conversation_html

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, ticket: Ticket, guest: bool = False) -> list[dict]:
    """``{% page_sections ticket guest as sections %}``: each to ``{% include %}``."""
    return request_page_sections(context.get("request"), ticket, guest=bool(guest))


@register.simple_tag
def requester_conversation(ticket: Ticket) -> SafeString:
    """``{% requester_conversation ticket %}``: the public conversation, kept per revision."""
    return requester_conversation_html(ticket)


class KeptForRevisionNode(template.Node):
    def __init__(self, ticket: template.base.FilterExpression, name: str, fragment: Fragment):
        self.ticket = ticket
        self.name = name
        self.keys = fragment.keys
        self.nodelist = fragment.nodelist
        self.unless = fragment.unless
        self.live_nodes = fragment.live_nodes

    def render(self, context: template.Context) -> SafeString:
        if must_render_afresh(self.unless, context):
            return self.nodelist.render(context)
        variant = tuple(str(key.resolve(context)) for key in self.keys)
        html = kept_for_revision(
            self.ticket.resolve(context),
            self.name,
            *variant,
            build=lambda: render_for_keeping(self.nodelist, context),
        )
        return fill_in_request(html, context, self.live_nodes)


@register.tag("kept_for_revision")
def kept_for_revision_tag(
    parser: template.base.Parser, token: template.base.Token
) -> KeptForRevisionNode:
    """``{% kept_for_revision ticket "page" key ... unless expr %}…{% endkept_for_revision %}``

    The request page's content, which shows ``ticket`` (read with its
    revision) and the keys given, rendered once per revision, language and
    keys and kept in the shared cache. The keys are everything else it shows
    that can change without a new revision: the category's name, the rating
    window, the attachment limits. ``unless`` renders it afresh (a bound form
    with the visitor's input and errors). The CSRF token, the path and each
    ``{% live %}`` part (the page sections) are put in per response, as in
    ``{% process_cached %}``.
    """
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("kept_for_revision needs a request and a part name")
    name = bits[2].strip("\"'")
    if name not in PAGE_NAMES:
        # ``revision_cache.forget`` drops only the names it knows.
        raise template.TemplateSyntaxError(f"kept_for_revision: {name!r} is not in PAGE_NAMES")
    fragment = parse_fragment_tag(parser, bits[3:], "endkept_for_revision")
    return KeptForRevisionNode(parser.compile_filter(bits[1]), name, fragment)
