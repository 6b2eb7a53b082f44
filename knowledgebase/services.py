"""Every change to knowledgebase content, counters and AUP acceptance."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.buffered_counts import buffered_add, buffered_take
from core.counters import counter_bump

from . import events
from .models import (
    Article,
    ArticleDay,
    AupAcceptance,
    AupVersion,
    Feedback,
    ManualStep,
    SearchMissDay,
    SearchSynonym,
)
from .search import search_invalidate

COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def article_save(*, article: Article, acting_user) -> Article:
    """Validate and store an article written in the admin; stamps ``updated_at``.

    A slug is stable once the article was published: links in mails and
    answers point at it.
    """
    if article.pk:
        old = Article.objects.only("slug", "published_at").get(pk=article.pk)
        if old.published_at and old.slug != article.slug:
            raise ValidationError(
                {"slug": _("This article has been published; its address can no longer change.")}
            )
    article.updated_at = timezone.now()
    article.full_clean()
    article.save()
    return article


def article_sync_steps_text(*, article: Article) -> None:
    """Copy the manual's step texts onto the article, where search can see them.

    Called after the steps were saved (admin ``save_related``, demo loader).
    """
    steps = list(article.steps.order_by("position", "id").values_list("text_nl", "text_en"))
    Article.objects.filter(pk=article.pk).update(
        steps_text_nl="\n".join(nl for nl, _en in steps),
        steps_text_en="\n".join(en for _nl, en in steps),
    )
    # update() sends no post_save: forget cached search answers here.
    search_invalidate()


@transaction.atomic
def article_publish(*, article: Article, acting_user) -> Article:
    """Make a draft visible to everyone."""
    if article.status == Article.Status.PUBLISHED:
        return article
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or now
    article.updated_at = now
    article.full_clean()
    article.save(update_fields=["status", "published_at", "updated_at"])
    events.article_published_event(article=article, acting_user=acting_user)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, acting_user) -> Article:
    """Take an article back to draft: only staff see it."""
    if article.status == Article.Status.DRAFT:
        return article
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status"])
    events.article_unpublished_event(article=article, acting_user=acting_user)
    return article


@transaction.atomic
def article_mark_reviewed(*, article: Article, acting_user) -> Article:
    """Staff checked the content; the review flag goes away for a year."""
    previous = article.reviewed_at
    article.reviewed_at = timezone.now()
    article.save(update_fields=["reviewed_at"])
    events.article_reviewed_event(article=article, acting_user=acting_user, previous=previous)
    return article


# Counts waiting in Redis for ``article_counts_flush``:
# "<day>:<article id>:<views|suggested>" -> how many.
COUNTS_BUCKET = "kb:article-counts"
BUFFERED_COUNTS = ("views", "suggested")


def article_record_view(*, article: Article) -> None:
    """Count a page view: one ``HINCRBY`` in Redis, written each minute (``article_counts_flush``).

    A popular article's page no longer writes its row on every view (two
    commits, and every view waiting for the row's lock: issue 23). Without
    Redis, or while it is down, the view is written at once.
    """
    _article_count(article.pk, "views")


def _article_count(article_id: int, counter: str) -> None:
    today = timezone.localdate()
    if not buffered_add(COUNTS_BUCKET, f"{today.isoformat()}:{article_id}:{counter}"):
        _article_counts_write(article_id, today, {counter: 1})


def article_counts_flush() -> int:
    """Write the views and suggestions counted in Redis since the last run; how many.

    The beat job, each minute. Safe when two beat processes run it: each
    count is taken by one of them. If writing fails, the counts go back to
    Redis for the next run.
    """
    taken = buffered_take(COUNTS_BUCKET)
    if not taken:
        return 0
    per_row: dict[tuple[datetime.date, int], dict[str, int]] = {}
    for member, amount in taken.items():
        day, article_id, counter = member.split(":")
        if counter in BUFFERED_COUNTS:
            deltas = per_row.setdefault((datetime.date.fromisoformat(day), int(article_id)), {})
            deltas[counter] = deltas.get(counter, 0) + amount
    try:
        # Inside the try: the database down at this first query must put the counts back too.
        existing = set(
            Article.objects.filter(pk__in={pk for _day, pk in per_row}).values_list("pk", flat=True)
        )
        with transaction.atomic():
            for (day, article_id), deltas in per_row.items():
                if article_id in existing:  # an article deleted meanwhile keeps no count
                    _article_counts_write(article_id, day, deltas)
    except Exception:
        for member, amount in taken.items():
            buffered_add(COUNTS_BUCKET, member, amount)
        raise
    return sum(taken.values())


def _article_counts_write(article_id: int, day: datetime.date, deltas: dict[str, int]) -> None:
    if deltas.get("views"):
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + deltas["views"])
    counter_bump(ArticleDay, keys={"day": day, "article_id": article_id}, deltas=deltas)


def article_record_request_avoided(*, article: Article) -> None:
    """Someone about to file a request said this article answered the question."""
    Article.objects.filter(pk=article.pk).update(requests_avoided=F("requests_avoided") + 1)
    _article_day_bump(article.pk, answered=1)


def _article_day_bump(article_id: int, **deltas: int) -> None:
    counter_bump(
        ArticleDay, keys={"day": timezone.localdate(), "article_id": article_id}, deltas=deltas
    )


def articles_record_suggested(*, article_ids: Iterable[int]) -> None:
    """Articles shown as suggestions while someone files a request.

    Counted like views (``article_record_view``): in Redis, written by the minute.
    """
    for article_id in sorted(set(article_ids)):
        _article_count(article_id, "suggested")


def search_record_miss(*, query: str) -> None:
    """A search that found nothing: what content is missing, counted per day."""
    normalised = " ".join(query.lower().split())[:100]
    if normalised:
        counter_bump(
            SearchMissDay,
            keys={"day": timezone.localdate(), "query": normalised},
            deltas={"count": 1},
        )


@transaction.atomic
def feedback_create(
    *, article: Article, is_helpful: bool, comment: str, language: str, user=None
) -> Feedback:
    """Store a "was this helpful?" answer and bump the article's counter."""
    feedback = Feedback(
        article=article,
        is_helpful=is_helpful,
        comment=comment.strip()[:COMMENT_MAX_LENGTH],
        language=language,
        user=user if user is not None and user.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    counter = "helpful_yes" if is_helpful else "helpful_no"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return feedback


@transaction.atomic
def aup_version_publish(*, version: AupVersion, acting_user) -> AupVersion:
    """Make ``version`` the current AUP; every user has to accept it again.

    Acceptances are per version, so nothing has to be reset: the gate simply
    finds no acceptance of the new current version.
    """
    if version.is_current:
        return version
    if version.published_at is not None:
        raise ValidationError(_("An earlier version cannot become current again."))
    previous = AupVersion.objects.select_for_update().filter(is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    version.full_clean()
    version.is_current = True
    version.published_at = timezone.now()
    version.save(update_fields=["is_current", "published_at"])
    events.aup_published_event(version=version, acting_user=acting_user, previous=previous)
    return version


def aup_accept(*, user, version: AupVersion) -> AupAcceptance:
    """Record that ``user`` accepted ``version`` (once); leaves an audit row.

    Only the current version can be accepted: accepting an old one would let
    a stale page unlock the portal.
    """
    if not version.is_current:
        raise ValidationError(_("This version of the policy is no longer current."))
    try:
        with transaction.atomic():
            acceptance = AupAcceptance.objects.create(user=user, version=version)
            events.aup_accepted_event(version=version, user=user)
    except IntegrityError:
        # A double submit: the first one already counted.
        acceptance = AupAcceptance.objects.get(user=user, version=version)
    return acceptance


def synonym_group_save(*, group: SearchSynonym, acting_user) -> SearchSynonym:
    """Store a synonym group from the admin; ``SearchSynonym.clean`` normalises the terms.

    Saving it forgets cached search answers (``receivers``).
    """
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def manual_step_set_screenshot(
    *, step: ManualStep, image: bytes, name: str, alt_nl: str, alt_en: str
) -> ManualStep:
    """Replace a step's screenshot (and its description) with a new image.

    The old file is removed so repeated runs of ``kb_screenshots`` leave one
    file per step.
    """
    if step.screenshot:
        step.screenshot.delete(save=False)
    step.screenshot_alt_nl, step.screenshot_alt_en = alt_nl, alt_en
    step.screenshot.save(name, ContentFile(image), save=False)
    step.full_clean()
    step.save()
    return step
