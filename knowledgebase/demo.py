"""Demo knowledgebase: categories, FAQ, manuals and the AUP; safe to run again."""

from django.db import transaction
from django.utils import timezone

from . import demo_content, demo_content_it, services
from .demo_aup import VERSIONS
from .models import Article, AupVersion, Category, ManualStep


def _article(slug, category, kind, title_nl, title_en, body_nl, body_en) -> Article:
    article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
    article.kind = kind
    article.category = category
    article.title_nl, article.title_en = title_nl, title_en
    article.body_nl, article.body_en = body_nl, body_en
    article.reviewed_at = article.reviewed_at or timezone.now()
    services.article_save(article=article, acting_user=None)
    services.article_publish(article=article, acting_user=None)
    return article


FAQ = demo_content.FAQ + demo_content_it.FAQ
MANUALS = demo_content.MANUALS + demo_content_it.MANUALS


@transaction.atomic
def seed_demo_knowledgebase() -> None:
    """Create or refresh the demo content; publish the latest AUP version."""
    categories = {}
    all_categories = demo_content.CATEGORIES + demo_content_it.CATEGORIES
    for position, (slug, audience, name_nl, name_en, desc_nl, desc_en) in enumerate(all_categories):
        categories[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "audience": audience,
                "name_nl": name_nl,
                "name_en": name_en,
                "description_nl": desc_nl,
                "description_en": desc_en,
                "position": position,
            },
        )
    for slug, category, title_nl, title_en, body_nl, body_en in FAQ:
        if slug in demo_content_it.MOVED_TO_GENERAL:  # for everyone, not one audience
            category = "general"
        _article(slug, categories[category], Article.Kind.FAQ, title_nl, title_en, body_nl, body_en)
    for slug, category, title_nl, title_en, intro_nl, intro_en, steps in MANUALS:
        manual = _article(
            slug, categories[category], Article.Kind.MANUAL, title_nl, title_en, intro_nl, intro_en
        )
        for position, (text_nl, text_en, *_screenshot) in enumerate(steps, start=1):
            ManualStep.objects.update_or_create(
                article=manual, position=position, defaults={"text_nl": text_nl, "text_en": text_en}
            )
        manual.steps.filter(position__gt=len(steps)).delete()
        services.article_sync_steps_text(article=manual)
    for label, text_nl, text_en, changes_nl, changes_en in VERSIONS:
        version = AupVersion.objects.filter(label=label).first()
        if version is None:
            version = AupVersion.objects.create(
                label=label,
                text_nl=text_nl,
                text_en=text_en,
                changes_nl=changes_nl,
                changes_en=changes_en,
            )
        if version.published_at is None:
            services.aup_version_publish(version=version, acting_user=None)
    _demo_accounts_accept_current_aup()


def _demo_accounts_accept_current_aup() -> None:
    """The README's demo logins go straight in; new accounts meet the AUP gate."""
    from accounts.demo import DEMO_ACCOUNTS
    from accounts.models import User

    current = AupVersion.objects.get(is_current=True)
    usernames = [username for username, *_rest in DEMO_ACCOUNTS]
    for user in User.objects.filter(username__in=usernames).exclude(
        aup_acceptances__version=current
    ):
        services.aup_accept(user=user, version=current)
