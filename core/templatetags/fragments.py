"""``{% process_cached "name" key ... %}…{% endprocess_cached %}``: render once per process.

The page chrome (the header with its navigation and account menu, the
footer) is the same on every page for one user, language and theme, yet it
was about half of a page's template time, 0.8 ms of every request (issue 23).
This tag keeps the rendered fragment in the process, keyed by the fragment's
name, the active language and the values given (everything the fragment
shows that can change: the user's name and address, the theme, the section
that is current). It is not shared between processes and needs no
invalidation: a change to any of those values is a different key, and the
templates and catalogs only change with a restart.

``unless expression`` at the end renders the fragment afresh whenever the
expression is true: a form's fields are the same for everyone until the
form is bound (``{% process_cached "reply-fields" unless form.is_bound %}``).

Two things differ per request and are never stored: the CSRF token (masked
anew for each response, tied to the browser's cookie) and the current path
(the language switcher returns to it). The fragment is rendered with
placeholders for them in ``csrf_token`` and ``current_path``; each use puts
in this request's values. A ``{% live %}`` part inside a fragment is left as
a placeholder too and rendered for every response.
"""

import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock
from typing import NamedTuple

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.language import page_to_return_to

register = template.Library()

# Enough for the users one worker serves in a while; a fragment is a few KB.
MAX_FRAGMENTS = 256
# Placeholders no text can forge (a subject, a reply or a name holding one would
# show the viewer's token in its place): private-use marks around a digest of
# the secret key. ``PLACEHOLDER_MARK`` belongs in the key of any copy kept
# beyond the process (``tickets.revision_cache``).
PLACEHOLDER_MARK = hmac.new(
    settings.SECRET_KEY.encode(), b"core.fragments", hashlib.sha256
).hexdigest()[:16]


def _placeholder(name: str) -> str:
    return f"\ue010{name}:{PLACEHOLDER_MARK}\ue011"


CSRF_PLACEHOLDER = _placeholder("csrf")
PATH_PLACEHOLDER = _placeholder("path")
# Set while a fragment is rendered to be kept: live parts leave their placeholder.
_KEEPING = "_fragments_keeping"
# This response's escaped CSRF token and path, kept on the request once worked out.
_REQUEST_VALUES = "_fragments_request_values"
_fragments: OrderedDict[tuple, str] = OrderedDict()
_lock = Lock()


def forget_fragments(**_signal) -> None:
    """Drop every stored fragment (tests that change a template's inputs in place)."""
    with _lock:
        _fragments.clear()


# A fragment may show a setting (the attachment limits in a form's help
# text); only tests change settings in a running process.
setting_changed.connect(forget_fragments, dispatch_uid="core.fragments.forget")


class ProcessCachedNode(template.Node):
    def __init__(self, name: str, fragment: "Fragment"):
        self.name = name
        self.keys = fragment.keys
        self.nodelist = fragment.nodelist
        self.unless = fragment.unless
        self.live_nodes = fragment.live_nodes

    def render(self, context: template.Context) -> SafeString:
        if must_render_afresh(self.unless, context):
            return self.nodelist.render(context)
        key = (self.name, get_language(), *(value.resolve(context) for value in self.keys))
        with _lock:
            html = _fragments.get(key)
            if html is not None:
                _fragments.move_to_end(key)
        if html is None:
            html = render_for_keeping(self.nodelist, context)
            with _lock:
                _fragments[key] = html
                while len(_fragments) > MAX_FRAGMENTS:
                    _fragments.popitem(last=False)
        return fill_in_request(html, context, self.live_nodes)


def render_for_keeping(nodelist: template.NodeList, context: template.Context) -> str:
    """``nodelist`` rendered with placeholders for what differs per request.

    For any fragment kept beyond one response (here, or in the shared cache
    by ``tickets.revision_cache``); ``fill_in_request`` puts the values in.
    Each ``{% live %}`` part inside is left as a placeholder too.
    """
    with context.push(
        csrf_token=CSRF_PLACEHOLDER, current_path=PATH_PLACEHOLDER, **{_KEEPING: True}
    ):
        return nodelist.render(context)


def fill_in_request(
    html: str, context: template.Context, live_nodes: Sequence["LiveNode"] = ()
) -> SafeString:
    """A kept fragment with this request's CSRF token, path and ``{% live %}`` parts in place.

    ``live_nodes`` are the fragment's own (``parse_fragment_tag``), rendered now.
    Inside a fragment that is itself being rendered to be kept, everything
    stays a placeholder for the outer one to fill.
    """
    if context.get(_KEEPING):
        return mark_safe(html)  # noqa: S308 - rendered by the template engine
    request = context.get("request")
    values = getattr(request, _REQUEST_VALUES, None)
    if values is None:  # once per response, however many fragments it fills
        path = page_to_return_to(request) if request is not None else ""
        token = context.get("csrf_token")
        values = (escape(str(token or "")), escape(path))
        if request is not None:
            setattr(request, _REQUEST_VALUES, values)
    html = html.replace(CSRF_PLACEHOLDER, values[0]).replace(PATH_PLACEHOLDER, values[1])
    for live_node in live_nodes:
        if live_node.placeholder in html:  # not inside a false ``{% if %}``
            html = html.replace(live_node.placeholder, live_node.nodelist.render(context))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, values escaped here


class LiveNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        # Numbered by the fragment that holds it (``parse_fragment_tag``): the
        # same in every process, so a copy kept by one is filled by another.
        self.placeholder = ""

    def render(self, context: template.Context) -> SafeString:
        if context.get(_KEEPING):
            if not self.placeholder:
                # Inside an included template the keeping tag never numbered it.
                raise template.TemplateSyntaxError(
                    "{% live %} belongs directly in the body of the fragment that keeps it"
                )
            return mark_safe(self.placeholder)  # noqa: S308 - a placeholder, no text
        return self.nodelist.render(context)


@register.tag("live")
def live(parser: template.base.Parser, token: template.base.Token) -> LiveNode:
    """``{% live %}…{% endlive %}`` inside a kept fragment: rendered for every response.

    What the fragment's keys do not cover (the request page's sections, an
    appointment that changes without the request) is asked each time and put
    in place of the placeholder the kept copy holds. It belongs directly in
    the fragment's body, outside any ``{% for %}`` or ``{% with %}``: it is
    rendered with the variables of the fragment, not of a loop around it.
    """
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


class Fragment(NamedTuple):
    """What a keeping tag was given: its keys, body, ``unless`` and live parts."""

    keys: list[template.base.FilterExpression]
    nodelist: template.NodeList
    unless: template.base.FilterExpression | None
    live_nodes: list["LiveNode"]


def parse_fragment_tag(parser: template.base.Parser, bits: list[str], end: str) -> Fragment:
    """The key expressions, the body, ``unless`` and the ``{% live %}`` parts of a keeping tag.

    ``bits`` are the tag's arguments after its name; ``unless expression``
    may close them.
    """
    unless = None
    if "unless" in bits:
        at = bits.index("unless")
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError(f"{end[3:]}: 'unless' takes one last expression")
        unless = parser.compile_filter(bits[-1])
        bits = bits[:at]
    keys = [parser.compile_filter(bit) for bit in bits]
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    live_nodes = nodelist.get_nodes_by_type(LiveNode)
    for number, live_node in enumerate(live_nodes):
        live_node.placeholder = _placeholder(f"live{number}")
    return Fragment(keys, nodelist, unless, live_nodes)


def must_render_afresh(
    unless: template.base.FilterExpression | None, context: template.Context
) -> bool:
    """True when ``unless`` holds, or cannot be resolved.

    A missing variable counts as true: a misspelt ``form.is_bound`` must
    never store a bound form's values for everyone.
    """
    if unless is None:
        return False
    value = unless.resolve(context, ignore_failures=True)
    return value is None or bool(value)


@register.tag("process_cached")
def process_cached(parser: template.base.Parser, token: template.base.Token) -> ProcessCachedNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("process_cached needs a fragment name")
    name = bits[1].strip("\"'")
    return ProcessCachedNode(name, parse_fragment_tag(parser, bits[2:], "endprocess_cached"))
