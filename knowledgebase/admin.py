"""Staff edit the knowledgebase here; saves and actions go through services."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .markdown import render_markdown
from .models import (
    REVIEW_INTERVAL,
    Article,
    AupAcceptance,
    AupVersion,
    Category,
    Feedback,
    KnowledgebaseEvent,
    ManualStep,
    SearchSynonym,
)


def _preview(nl: str, en: str):
    """Both languages side by side, rendered exactly as the public page does.

    The layout is in knowledgebase/admin.css (each admin's ``Media``): the
    Content-Security-Policy allows no inline style attributes.
    """
    return format_html(
        '<div class="kb-preview">'
        '<div lang="nl"><strong>NL</strong>{}</div>'
        '<div lang="en"><strong>EN</strong>{}</div></div>',
        render_markdown(nl),
        render_markdown(en),
    )


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Not reviewed for 12 months")), ("ok", _("Reviewed this year"))]

    def queryset(self, request, queryset):
        limit = timezone.now() - REVIEW_INTERVAL
        due = Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=limit)
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "ok":
            return queryset.exclude(due)
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_nl", "name_en", "audience", "position"]
    list_filter = ["audience"]
    search_fields = ["slug", "name_nl", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class ManualStepInline(admin.StackedInline):
    model = ManualStep
    extra = 0
    fields = [
        "position",
        ("text_nl", "text_en"),
        "screenshot",
        ("screenshot_alt_nl", "screenshot_alt_en"),
    ]
    ordering = ["position", "id"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ("knowledgebase/admin.css",)}  # _preview's layout

    list_display = [
        "__str__",
        "kind",
        "category",
        "status",
        "view_count",
        "helpful_yes",
        "helpful_no",
        "requests_avoided",
        "updated_at",
        "review_due",
    ]
    list_filter = ["status", "kind", "category__audience", NeedsReviewFilter]
    list_select_related = ["category"]
    search_fields = ["slug", "title_nl", "title_en"]
    autocomplete_fields = ["category"]
    show_full_result_count = False
    inlines = [ManualStepInline]
    actions = ["publish", "unpublish", "mark_reviewed"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "kind", "category", "status", "reviewed_at"]}),
        (_("Dutch"), {"fields": ["title_nl", "body_nl"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
        (_("Preview"), {"fields": ["preview"]}),
        (
            _("Figures"),
            {
                "fields": [
                    "view_count",
                    "helpful_yes",
                    "helpful_no",
                    "requests_avoided",
                    "feedback_link",
                    "created_at",
                    "updated_at",
                    "published_at",
                ]
            },
        ),
    ]
    base_readonly = [
        "status",
        "preview",
        "view_count",
        "helpful_yes",
        "helpful_no",
        "requests_avoided",
        "feedback_link",
        "created_at",
        "updated_at",
        "published_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        # A published article's address is promised to readers.
        if obj is not None and obj.published_at:
            return [*self.base_readonly, "slug"]
        return self.base_readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.published_at else self.prepopulated_fields

    @admin.display(description=_("preview"))
    def preview(self, obj: Article):
        if obj.pk is None:
            return _("Save to see a preview.")
        link = format_html('<p><a href="{}">{}</a></p>', obj.get_absolute_url(), _("Open the page"))
        return format_html("{}{}", link, _preview(obj.body_nl, obj.body_en))

    @admin.display(description=_("comments"))
    def feedback_link(self, obj: Article):
        if obj.pk is None:
            return "-"
        url = reverse("admin:knowledgebase_feedback_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Read the feedback"))

    @admin.display(description=_("review due"), boolean=True)
    def review_due(self, obj: Article) -> bool:
        return obj.needs_review

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, acting_user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_sync_steps_text(article=form.instance)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article, acting_user=request.user)
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Take the selected articles back to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article, acting_user=request.user)
        self.message_user(request, _("Back to draft."), messages.SUCCESS)

    @admin.action(description=_("Mark the selected articles as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = 0
        for article in queryset:
            services.article_mark_reviewed(article=article, acting_user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article marked as reviewed.",
                "%(count)d articles marked as reviewed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """KB editors keep the words search treats as the same (paswoord, wachtwoord, ...)."""

    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]

    def save_model(self, request, obj, form, change):
        services.synonym_group_save(group=obj, acting_user=request.user)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "is_helpful", "comment", "language", "created_at"]
    list_filter = ["is_helpful", "language"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "user"]
    search_fields = ["comment"]
    show_full_result_count = False
    readonly_fields = ["article", "is_helpful", "comment", "language", "user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AupVersion)
class AupVersionAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ("knowledgebase/admin.css",)}  # _preview's layout

    list_display = ["label", "is_current", "published_at"]
    actions = ["publish"]
    readonly_fields = ["is_current", "published_at", "preview"]

    def get_readonly_fields(self, request, obj=None):
        # A published version is what people accepted: it never changes.
        if obj is not None and obj.is_published:
            return [
                "label",
                "text_nl",
                "text_en",
                "changes_nl",
                "changes_en",
                *self.readonly_fields,
            ]
        return self.readonly_fields

    @admin.display(description=_("preview"))
    def preview(self, obj: AupVersion):
        if obj.pk is None:
            return _("Save to see a preview.")
        return _preview(obj.text_nl, obj.text_en)

    def save_model(self, request, obj, form, change):
        obj.full_clean()
        obj.save()

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("knowledgebase.publish_aupversion")

    @admin.action(
        description=_("Publish as the current version (everyone accepts again)"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        """Ask for confirmation first: publishing makes every user accept again."""
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one version."), messages.ERROR)
            return None
        version = queryset.get()
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/knowledgebase/aupversion/publish_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publish this AUP version?"),
                    "opts": self.model._meta,
                    "version": version,
                    "current": AupVersion.objects.filter(is_current=True).first(),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        try:
            services.aup_version_publish(version=version, acting_user=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return None
        self.message_user(request, _("Published. Every user will be asked to accept it."))
        return None


@admin.register(AupAcceptance)
class AupAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "version", "accepted_at"]
    list_filter = ["version"]
    list_select_related = ["user", "version"]
    raw_id_fields = ["user"]
    search_fields = ["user__email"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KnowledgebaseEvent)
class KnowledgebaseEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "type", "acting_user", "article", "aup_version"]
    list_filter = ["type"]
    list_select_related = ["acting_user", "article", "aup_version"]
    raw_id_fields = ["acting_user", "article", "aup_version"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
