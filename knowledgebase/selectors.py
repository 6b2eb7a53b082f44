"""Reads of the knowledgebase used by views, the middleware and other apps."""

from django.db.models import QuerySet

from .models import Article, AupVersion, Category

HOME_LIST_SIZE = 8
CATEGORY_PAGE_SIZE = 50


def articles_visible_to(user) -> QuerySet[Article]:
    """Published articles; staff also see drafts."""
    articles = Article.objects.select_related("category")
    if user is not None and user.is_authenticated and user.is_staff:
        return articles
    return articles.filter(status=Article.Status.PUBLISHED)


def categories_in_order() -> QuerySet[Category]:
    return Category.objects.order_by("position", "slug")


def articles_most_read(*, limit: int = HOME_LIST_SIZE) -> QuerySet[Article]:
    """Uses the partial index kb_article_most_read_idx."""
    return articles_visible_to(None).order_by("-view_count", "id")[:limit]


def articles_recently_updated(*, limit: int = HOME_LIST_SIZE) -> QuerySet[Article]:
    """Uses the partial index kb_article_recent_idx."""
    return articles_visible_to(None).order_by("-updated_at", "id")[:limit]


def articles_in_category(
    *, category: Category, user, after: str = "", limit: int = CATEGORY_PAGE_SIZE
) -> list[Article]:
    """One keyset page of a category, by slug; one extra row says "there is more"."""
    articles = articles_visible_to(user).filter(category=category).order_by("slug")
    if after:
        articles = articles.filter(slug__gt=after)
    return list(articles[: limit + 1])


def aup_current_version() -> AupVersion | None:
    return AupVersion.objects.filter(is_current=True).first()


def aup_earlier_versions(*, limit: int = 20) -> QuerySet[AupVersion]:
    return AupVersion.objects.filter(published_at__isnull=False, is_current=False).order_by(
        "-published_at"
    )[:limit]


def user_needs_to_accept_aup(user) -> bool:
    """True when a current AUP exists and this signed-in user has not accepted it.

    One indexed EXISTS query; False for anonymous users and when no AUP has
    been published yet.
    """
    if user is None or not user.is_authenticated:
        return False
    return AupVersion.objects.filter(is_current=True).exclude(acceptances__user=user).exists()
