"""Template filters of the knowledgebase: Markdown bodies to safe HTML."""

from django import template
from django.utils.safestring import SafeString

from knowledgebase.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render staff-written Markdown; the sanitiser removes anything unsafe."""
    return render_markdown(text)
