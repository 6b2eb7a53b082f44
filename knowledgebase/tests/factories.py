"""factory_boy factories for the knowledgebase."""

import factory
from django.utils import timezone

from knowledgebase.models import Article, AupVersion, Category


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_nl = factory.Sequence(lambda n: f"Categorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published FAQ entry in both languages (pass status="draft" for a draft)."""

    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    title_nl = factory.Sequence(lambda n: f"Vraag nummer {n}")
    title_en = factory.Sequence(lambda n: f"Question number {n}")
    body_nl = "Een antwoord over het leerplatform."
    body_en = "An answer about the learning platform."
    published_at = factory.LazyFunction(timezone.now)
    reviewed_at = factory.LazyFunction(timezone.now)


class AupVersionFactory(factory.django.DjangoModelFactory):
    """An unpublished AUP version; publish it with services.aup_version_publish."""

    class Meta:
        model = AupVersion

    label = factory.Sequence(lambda n: f"2026.{n}")
    text_nl = "Je aanmeldgegevens zijn persoonlijk."
    text_en = "Your login details are personal."
