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
in this request's values.
"""

from collections import OrderedDict
from threading import Lock

from django import template
from django.core.signals import setting_changed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Enough for the users one worker serves in a while; a fragment is a few KB.
MAX_FRAGMENTS = 256
CSRF_PLACEHOLDER = "\ue010csrf\ue011"
PATH_PLACEHOLDER = "\ue010path\ue011"
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
    def __init__(
        self,
        name: str,
        keys: list[template.base.FilterExpression],
        nodelist,
        unless: template.base.FilterExpression | None = None,
    ):
        self.name = name
        self.keys = keys
        self.nodelist = nodelist
        self.unless = unless

    def render(self, context: template.Context) -> SafeString:
        # A missing variable counts as true: a misspelt ``form.is_bound`` must
        # never store a bound form's values for everyone.
        if self.unless is not None:
            bound = self.unless.resolve(context, ignore_failures=True)
            if bound is None or bound:
                return self.nodelist.render(context)
        key = (self.name, get_language(), *(value.resolve(context) for value in self.keys))
        with _lock:
            html = _fragments.get(key)
            if html is not None:
                _fragments.move_to_end(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER, current_path=PATH_PLACEHOLDER):
                html = self.nodelist.render(context)
            with _lock:
                _fragments[key] = html
                while len(_fragments) > MAX_FRAGMENTS:
                    _fragments.popitem(last=False)
        request = context.get("request")
        path = request.get_full_path() if request is not None else ""
        token = context.get("csrf_token")
        return mark_safe(  # noqa: S308 - rendered by the template engine, values escaped here
            html.replace(CSRF_PLACEHOLDER, escape(str(token or ""))).replace(
                PATH_PLACEHOLDER, escape(path)
            )
        )


@register.tag("process_cached")
def process_cached(parser: template.base.Parser, token: template.base.Token) -> ProcessCachedNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("process_cached needs a fragment name")
    name = bits[1].strip("\"'")
    rest = bits[2:]
    unless = None
    if "unless" in rest:
        at = rest.index("unless")
        if at != len(rest) - 2:
            raise template.TemplateSyntaxError("process_cached: 'unless' takes one last expression")
        unless = parser.compile_filter(rest[-1])
        rest = rest[:at]
    keys = [parser.compile_filter(bit) for bit in rest]
    nodelist = parser.parse(("endprocess_cached",))
    parser.delete_first_token()
    return ProcessCachedNode(name, keys, nodelist, unless)
