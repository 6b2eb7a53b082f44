"""Reads of the knowledgebase used by views, the middleware and other apps."""

from django.core.cache import cache
from django.db.models import QuerySet

from .models import Article, AupAcceptance, AupVersion, Category

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


# The id of the current AUP version (0: none published) in the shared cache:
# the gate asks on every page, and the answer changes only when a lead
# publishes. Saving or deleting a version forgets it (``receivers``); the
# timeout bounds how long a value written by a request racing a publish
# can outlive it.
AUP_CURRENT_CACHE_KEY = "kb:aup:current"
AUP_CURRENT_CACHE_SECONDS = 60


def aup_current_version_id() -> int:
    """The current version's id, 0 when none; one cache read on most calls."""
    current = cache.get(AUP_CURRENT_CACHE_KEY)
    if current is None:
        current = (
            AupVersion.objects.filter(is_current=True).values_list("pk", flat=True).first() or 0
        )
        cache.set(AUP_CURRENT_CACHE_KEY, current, AUP_CURRENT_CACHE_SECONDS)
    return current


def aup_forget_current_version() -> None:
    cache.delete(AUP_CURRENT_CACHE_KEY)


def user_accepted_aup_version(user, version_id: int) -> bool:
    """One indexed EXISTS query (the acceptance's unique user + version)."""
    return AupAcceptance.objects.filter(user=user, version_id=version_id).exists()


# "<user id>:<version id>": the version this session's user is known to have
# accepted (a login by someone else flushes the session; the user id makes sure).
AUP_ACCEPTED_SESSION_KEY = "kb_aup_accepted"


def user_needs_to_accept_aup(user, session=None) -> bool:
    """True when a current AUP exists and this signed-in user has not accepted it.

    The one rule of the AUP gate, asked by the portal's middleware, the API's
    permission and the pages. At most one indexed EXISTS query; False for
    anonymous users and when no AUP has been published yet. With a
    ``session`` (the browser's, or the app token's), the accepted version is
    remembered there, so the database is asked once per session and version.
    """
    if user is None or not user.is_authenticated:
        return False
    current = aup_current_version_id()
    if not current:
        return False
    remembered = f"{user.pk}:{current}"
    if session is not None and session.get(AUP_ACCEPTED_SESSION_KEY) == remembered:
        return False
    if not user_accepted_aup_version(user, current):
        return True
    if session is not None:
        session[AUP_ACCEPTED_SESSION_KEY] = remembered
    return False
