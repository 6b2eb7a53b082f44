"""The public knowledgebase for search engines, in both languages.

Language is chosen by ``?lang=`` in the address (core.language), so
every page appears once per language; Django's ``i18n`` sitemaps assume
language prefixes in the path, which the portal does not use.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.language import LANGUAGE_PARAMETER, SUPPORTED_LANGUAGES

from . import selectors
from .models import Article, Category


def _in_language(path: str, language: str) -> str:
    return f"{path}?{LANGUAGE_PARAMETER}={language}"


class KnowledgebaseSitemap(Sitemap):
    """The index, the categories and every published article, per language."""

    def items(self) -> list[tuple[object, str]]:
        pages: list[object] = ["knowledgebase:index", "knowledgebase:search"]
        pages += list(selectors.categories_in_order())
        pages += list(selectors.articles_visible_to(None).order_by("slug"))
        return [(page, code) for page in pages for code in SUPPORTED_LANGUAGES]

    def location(self, item: tuple[object, str]) -> str:
        page, language = item
        path = reverse(page) if isinstance(page, str) else page.get_absolute_url()
        return _in_language(path, language)

    def lastmod(self, item: tuple[object, str]):
        page, _language = item
        return page.updated_at if isinstance(page, Article) else None

    def priority(self, item: tuple[object, str]) -> float:
        page, _language = item
        if isinstance(page, Category):
            return 0.6
        return 0.8 if isinstance(page, Article) else 1.0


SITEMAPS = {"knowledgebase": KnowledgebaseSitemap}
