"""Render an event's templates in one language, at the moment of ``notify()``.

Rendering early means the context may hold model instances (nothing is
serialised for the broker) and the mail says what was true when the event
happened. Templates live in the app that owns the event:
``<app>/templates/notifications/<event>/subject.txt``, ``body.txt`` and
``body.html`` (which extends ``notifications/base_email.html``).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation

# Anything that could end a header line or hide in one: CR, LF, other
# control characters and Unicode line/paragraph separators.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
SUBJECT_MAX_LENGTH = 255
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str


def single_line(value: str, *, max_length: int) -> str:
    """Collapse ``value`` to one line, so user text can never start a header."""
    collapsed = " ".join(_LINE_BREAKING.sub(" ", str(value)).split())
    return collapsed[:max_length].strip()


@cache
def _text_engine() -> DjangoTemplates:
    """The project's template setup with autoescaping off, for plain text.

    Plain-text mail must show ``&`` and quotes as typed; the HTML body is
    rendered by the normal, autoescaping engine.
    """
    base = settings.TEMPLATES[0]
    return DjangoTemplates(
        {
            "NAME": "notifications-text",
            "DIRS": base.get("DIRS", []),
            "APP_DIRS": True,
            "OPTIONS": {"autoescape": False},
        }
    )


def event_template(event: str, name: str) -> str:
    return f"notifications/{event}/{name}"


def render_event(*, event: str, context: dict, language: str) -> RenderedMail:
    """Render subject, text and HTML of ``event`` in ``language``.

    A missing ``body.html`` is allowed (text-only mail); a missing subject or
    text body raises ``TemplateDoesNotExist`` so a typo in an event name
    fails in the caller's transaction, not silently later.
    """
    context = {"site_url": settings.SITE_URL, **context}
    engine = _text_engine()
    with translation.override(language):
        subject = engine.get_template(event_template(event, "subject.txt")).render(context)
        body_text = engine.get_template(event_template(event, "body.txt")).render(context)
        try:
            body_html = render_to_string(event_template(event, "body.html"), context)
        except TemplateDoesNotExist:
            body_html = ""
    return RenderedMail(
        subject=single_line(subject, max_length=SUBJECT_MAX_LENGTH),
        body_text=body_text.strip() + "\n",
        body_html=body_html.strip(),
    )
