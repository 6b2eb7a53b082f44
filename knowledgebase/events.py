"""One writer per audit event type of the knowledgebase."""

from .models import Article, AupVersion, KnowledgebaseEvent


def article_published_event(*, article: Article, acting_user) -> KnowledgebaseEvent:
    return KnowledgebaseEvent.objects.create(
        type=KnowledgebaseEvent.Type.ARTICLE_PUBLISHED, article=article, acting_user=acting_user
    )


def article_unpublished_event(*, article: Article, acting_user) -> KnowledgebaseEvent:
    return KnowledgebaseEvent.objects.create(
        type=KnowledgebaseEvent.Type.ARTICLE_UNPUBLISHED, article=article, acting_user=acting_user
    )


def article_reviewed_event(*, article: Article, acting_user, previous) -> KnowledgebaseEvent:
    return KnowledgebaseEvent.objects.create(
        type=KnowledgebaseEvent.Type.ARTICLE_REVIEWED,
        article=article,
        acting_user=acting_user,
        data={"old": previous.isoformat() if previous else None},
    )


def aup_published_event(
    *, version: AupVersion, acting_user, previous: AupVersion | None
) -> KnowledgebaseEvent:
    return KnowledgebaseEvent.objects.create(
        type=KnowledgebaseEvent.Type.AUP_PUBLISHED,
        aup_version=version,
        acting_user=acting_user,
        data={"old": previous.label if previous else None, "new": version.label},
    )


def aup_accepted_event(*, version: AupVersion, user) -> KnowledgebaseEvent:
    return KnowledgebaseEvent.objects.create(
        type=KnowledgebaseEvent.Type.AUP_ACCEPTED,
        aup_version=version,
        acting_user=user,
        data={"version": version.label},
    )
