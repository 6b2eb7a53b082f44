"""Read-only shapes of knowledgebase content; HTML is the sanitised rendering."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from knowledgebase.markdown import render_markdown
from knowledgebase.models import Article, AupVersion, Localized, ManualStep, localized

MAX_QUERY_LENGTH = 200


class LocalizedTextSerializer(serializers.Serializer):
    """A text in the language asked for, or in the other one (``is_fallback``)."""

    text = serializers.CharField()
    language = serializers.ChoiceField(choices=["nl", "en"])
    is_fallback = serializers.BooleanField()


def _text(value: Localized, *, markdown: bool = False) -> dict:
    text = str(render_markdown(value.text)) if markdown else value.text
    return {"text": text, "language": value.language, "is_fallback": value.is_fallback}


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, help_text="What to look for.")


class KbCategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.SerializerMethodField()

    @extend_schema_field(LocalizedTextSerializer)
    def get_name(self, category) -> dict:
        return _text(localized(category, "name"))


class SearchHitSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="article.slug")
    kind = serializers.ChoiceField(choices=Article.Kind.choices, source="article.kind")
    title = serializers.SerializerMethodField()
    snippet_html = serializers.CharField(
        source="snippet", help_text="Escaped text with the matches in <mark>."
    )

    @extend_schema_field(LocalizedTextSerializer)
    def get_title(self, hit) -> dict:
        return _text(hit.title)


class ManualStepSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.SerializerMethodField()
    screenshot_url = serializers.SerializerMethodField()
    screenshot_alt = serializers.SerializerMethodField()

    @extend_schema_field(LocalizedTextSerializer)
    def get_text(self, step: ManualStep) -> dict:
        return _text(step.text)

    def get_screenshot_url(self, step: ManualStep) -> str | None:
        if not step.screenshot:
            return None
        return self.context["request"].build_absolute_uri(step.screenshot.url)

    @extend_schema_field(LocalizedTextSerializer)
    def get_screenshot_alt(self, step: ManualStep) -> dict:
        return _text(step.screenshot_alt)


class ArticleSerializer(serializers.Serializer):
    """An FAQ entry (question and answer) or a manual (introduction and steps)."""

    slug = serializers.SlugField()
    kind = serializers.ChoiceField(choices=Article.Kind.choices)
    category = KbCategorySerializer()
    title = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    steps = ManualStepSerializer(many=True, help_text="Only manuals have steps.")
    updated_at = serializers.DateTimeField()
    web_url = serializers.SerializerMethodField()

    @extend_schema_field(LocalizedTextSerializer)
    def get_title(self, article: Article) -> dict:
        return _text(article.title)

    @extend_schema_field(LocalizedTextSerializer)
    def get_body_html(self, article: Article) -> dict:
        return _text(article.body, markdown=True)

    def get_web_url(self, article: Article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())


class AupVersionSerializer(serializers.Serializer):
    label = serializers.CharField()
    published_at = serializers.DateTimeField()
    text_html = serializers.SerializerMethodField()
    changes_html = serializers.SerializerMethodField()
    accepted = serializers.SerializerMethodField(
        help_text="Whether the caller accepted this version; null when not signed in."
    )

    @extend_schema_field(LocalizedTextSerializer)
    def get_text_html(self, version: AupVersion) -> dict:
        return _text(version.text, markdown=True)

    @extend_schema_field(LocalizedTextSerializer)
    def get_changes_html(self, version: AupVersion) -> dict:
        return _text(version.changes, markdown=True)

    def get_accepted(self, version: AupVersion) -> bool | None:
        return self.context.get("accepted")


class AupAcceptSerializer(serializers.Serializer):
    version = serializers.CharField(
        max_length=32, help_text="The label of the version the user read (GET /api/v1/aup/)."
    )


class AupAcceptanceSerializer(serializers.Serializer):
    version = serializers.CharField(source="version.label")
    accepted_at = serializers.DateTimeField()
