"""Knowledgebase content: categories, FAQ entries and manuals, the AUP.

Text that staff write has one column per language (``*_nl``, ``*_en``); pages
read it through ``localized()``, which falls back to the other language and
says so. Full-text search vectors exist only on PostgreSQL: migration 0002
adds them as generated columns, so the database keeps them current without
signals or triggers, and the model does not declare them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from knowledgebase.storage import ScreenshotStorage

REVIEW_INTERVAL = timedelta(days=365)


@dataclass(frozen=True)
class Localized:
    """A text in the language it was found in, and whether that is a fallback."""

    text: str
    language: str
    is_fallback: bool


def localized(obj: object, field: str, language: str | None = None) -> Localized:
    """``<field>_<language>`` of ``obj``, else the other language's, marked as fallback.

    Like ``core.translation.in_language`` but keeps which language the
    text is in, so templates can set ``lang`` and show the fallback note.
    """
    wanted = (language or translation.get_language() or "nl")[:2]
    order = ("en", "nl") if wanted == "en" else ("nl", "en")
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return Localized(value, code, code != wanted)
    return Localized("", wanted, False)


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    STUDENTS = "students", _("Students")
    PROSPECTS = "prospects", _("Prospects")
    ALUMNI = "alumni", _("Alumni")
    STAFF = "staff", _("Staff")


class Category(models.Model):
    """A topic for one audience, e.g. "Account and password" for students."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_nl = models.CharField(_("description (Dutch)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("knowledgebase category")
        verbose_name_plural = _("knowledgebase categories")
        ordering = ["position", "slug"]
        indexes = [models.Index(fields=["position", "slug"], name="kb_category_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="kb_category_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name.text

    def get_absolute_url(self) -> str:
        return reverse("knowledgebase:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> Localized:
        return localized(self, "name")

    @property
    def description(self) -> Localized:
        return localized(self, "description")


class Article(models.Model):
    """An FAQ entry (question and answer) or a manual (introduction and steps)."""

    class Kind(models.TextChoices):
        FAQ = "faq", _("FAQ entry")
        MANUAL = "manual", _("Manual")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Part of the address; links keep working only if it never changes."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FAQ)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    title_nl = models.CharField(
        _("title or question (Dutch)"), max_length=200, blank=True, default=""
    )
    title_en = models.CharField(
        _("title or question (English)"), max_length=200, blank=True, default=""
    )
    body_nl = models.TextField(
        _("answer or introduction (Dutch)"),
        blank=True,
        default="",
        help_text=_("Markdown. Scripts and unsafe links are removed when shown."),
    )
    body_en = models.TextField(
        _("answer or introduction (English)"),
        blank=True,
        default="",
        help_text=_("Markdown. Scripts and unsafe links are removed when shown."),
    )
    # The manual's steps as plain text, kept by services.article_sync_steps_text
    # so the generated search vectors (which cannot join) include them.
    steps_text_nl = models.TextField(default="", blank=True, editable=False)
    steps_text_en = models.TextField(default="", blank=True, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_yes = models.PositiveIntegerField(_("found helpful"), default=0, editable=False)
    helpful_no = models.PositiveIntegerField(_("not helpful"), default=0, editable=False)
    requests_avoided = models.PositiveIntegerField(
        _("requests avoided"),
        default=0,
        editable=False,
        help_text=_("Times someone about to file a request said this answered the question."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Items not reviewed for twelve months are flagged in the admin."),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["slug"]
        indexes = [
            models.Index(
                fields=["-view_count", "id"],
                condition=Q(status="published"),
                name="kb_article_most_read_idx",
            ),
            models.Index(
                fields=["-updated_at", "id"],
                condition=Q(status="published"),
                name="kb_article_recent_idx",
            ),
            models.Index(fields=["category", "slug"], name="kb_article_category_idx"),
            models.Index(fields=["reviewed_at"], name="kb_article_reviewed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="kb_article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["faq", "manual"]), name="kb_article_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(title_nl="") | ~Q(title_en=""),
                name="kb_article_has_a_title",
                violation_error_message=_("Give a title in Dutch, in English or in both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title.text

    def get_absolute_url(self) -> str:
        return reverse("knowledgebase:article", kwargs={"slug": self.slug})

    @property
    def title(self) -> Localized:
        return localized(self, "title")

    @property
    def body(self) -> Localized:
        return localized(self, "body")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def needs_review(self) -> bool:
        """Nobody checked this for a year (or ever): it may be out of date."""
        return self.reviewed_at is None or self.reviewed_at < timezone.now() - REVIEW_INTERVAL


class ManualStep(models.Model):
    """One numbered step of a manual, with an optional screenshot."""

    article = models.ForeignKey(
        Article, verbose_name=_("manual"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nl = models.TextField(_("text (Dutch)"), blank=True, default="")
    text_en = models.TextField(_("text (English)"), blank=True, default="")
    screenshot = models.FileField(
        _("screenshot"),
        upload_to="kb/screenshots/%Y/",
        storage=ScreenshotStorage(),  # follows the article's visibility
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp", "gif"])],
    )
    screenshot_alt_nl = models.CharField(
        _("screenshot description (Dutch)"),
        max_length=250,
        blank=True,
        default="",
        help_text=_("What the screenshot shows, for people who cannot see it."),
    )
    screenshot_alt_en = models.CharField(
        _("screenshot description (English)"), max_length=250, blank=True, default=""
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["article", "position", "id"]
        indexes = [models.Index(fields=["article", "position"], name="kb_step_order_idx")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text.text[:40]}"

    @property
    def text(self) -> Localized:
        return localized(self, "text")

    @property
    def screenshot_alt(self) -> Localized:
        return localized(self, "screenshot_alt")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.screenshot and not (self.screenshot_alt_nl or self.screenshot_alt_en):
            raise ValidationError(
                {"screenshot_alt_nl": _("Describe the screenshot for people who cannot see it.")}
            )


class Feedback(models.Model):
    """An answer to "was this helpful?", with an optional comment."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="feedback"
    )
    is_helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True, default="")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("given"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["article", "-created_at"], name="kb_feedback_article_idx"),
            models.Index(fields=["-created_at", "-id"], name="kb_feedback_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.is_helpful else '-'}"


class AupVersion(models.Model):
    """One version of the Acceptable Use Policy; exactly one published one is current."""

    label = models.CharField(
        _("version"), max_length=32, unique=True, help_text=_("For example 2026.1.")
    )
    text_nl = models.TextField(_("text (Dutch)"), help_text=_("Markdown."))
    text_en = models.TextField(_("text (English)"), blank=True, default="")
    changes_nl = models.TextField(
        _("what changed (Dutch)"),
        blank=True,
        default="",
        help_text=_("Shown with the version; say what is new compared to the previous one."),
    )
    changes_en = models.TextField(_("what changed (English)"), blank=True, default="")
    is_current = models.BooleanField(_("current"), default=False, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("AUP version")
        verbose_name_plural = _("AUP versions")
        ordering = ["-published_at", "-id"]
        # Publishing makes every user accept again: a right of its own, apart
        # from drafting a version (change).
        permissions = [("publish_aupversion", _("Can publish an AUP version"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="kb_aup_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(published_at__isnull=False),
                name="kb_aup_current_is_published",
            ),
        ]
        indexes = [models.Index(fields=["-published_at"], name="kb_aup_published_idx")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("aup:version", kwargs={"label": self.label})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def text(self) -> Localized:
        return localized(self, "text")

    @property
    def changes(self) -> Localized:
        return localized(self, "changes")


class AupAcceptance(models.Model):
    """That a user accepted one AUP version, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="aup_acceptances",
    )
    version = models.ForeignKey(
        AupVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("AUP acceptance")
        verbose_name_plural = _("AUP acceptances")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"], name="kb_aup_acceptance_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.version_id}"


class KnowledgebaseEvent(models.Model):
    """Audit trail: who published, reviewed or accepted what, and when."""

    class Type(models.TextChoices):
        ARTICLE_PUBLISHED = "article_published", _("Article published")
        ARTICLE_UNPUBLISHED = "article_unpublished", _("Article unpublished")
        ARTICLE_REVIEWED = "article_reviewed", _("Article reviewed")
        AUP_PUBLISHED = "aup_published", _("AUP version published")
        AUP_ACCEPTED = "aup_accepted", _("AUP accepted")

    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aup_version = models.ForeignKey(
        AupVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("knowledgebase event")
        verbose_name_plural = _("knowledgebase events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="kb_event_recent_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.created_at:%Y-%m-%d %H:%M}"


# The API schema names this enum (ENUM_NAME_OVERRIDES needs a module-level path).
ArticleKind = Article.Kind


class ArticleDay(models.Model):
    """How often an article was viewed, suggested while filing, and said to answer, per day.

    The article's own totals (``view_count``, ``requests_avoided``) have no
    dates; these rows give the lead dashboard a period without a scan.
    """

    day = models.DateField(_("day"))
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    suggested = models.PositiveIntegerField(_("suggested while filing"), default=0)
    answered = models.PositiveIntegerField(_("answered the question"), default=0)

    class Meta:
        verbose_name = _("article day")
        verbose_name_plural = _("article days")
        constraints = [
            models.UniqueConstraint(fields=["day", "article"], name="kb_article_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.article_id}"


class SearchMissDay(models.Model):
    """A search that found nothing, counted per day and (normalised) query: missing content."""

    day = models.DateField(_("day"))
    query = models.CharField(_("search"), max_length=100)
    count = models.PositiveIntegerField(_("times"), default=0)

    class Meta:
        verbose_name = _("search without result")
        verbose_name_plural = _("searches without result")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="kb_search_miss_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


SYNONYM_TERM_MAX_LENGTH = 40


class SearchSynonym(models.Model):
    """Words the knowledgebase search treats as the same, e.g. paswoord, wachtwoord.

    One row is one group; a query word in the group also finds the others.
    KB editors keep the list in the admin; ``terms`` is stored lower case,
    comma separated, each term checked by ``search_synonyms.parse_terms``.
    """

    terms = models.CharField(
        _("words that mean the same"),
        max_length=300,
        unique=True,
        help_text=_(
            "Two or more words or short phrases separated by commas, e.g. "
            "“paswoord, wachtwoord, password”. Searching for one finds the others."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]

    def clean(self) -> None:
        """Lower case, word characters only, no repeats; two or more short terms."""
        from knowledgebase.search.terms import parse_terms

        terms = parse_terms(self.terms or "")
        if len(terms) < 2:
            raise ValidationError({"terms": _("Give at least two words, separated by commas.")})
        too_long = [term for term in terms if len(term) > SYNONYM_TERM_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                {
                    "terms": _("Use at most %(limit)d characters per word: %(terms)s.")
                    % {"limit": SYNONYM_TERM_MAX_LENGTH, "terms": ", ".join(too_long)}
                }
            )
        self.terms = ", ".join(terms)
