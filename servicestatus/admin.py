"""Staff side: services, incidents with their updates, and linking requests from the list.

Every change goes through ``servicestatus.services`` (so mails and the cached
board stay right); the admin only collects the input.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import clock
from core.admin_mixins import ReadOnlyAdminMixin
from tickets import access

from . import services
from .choices import IncidentKind
from .models import (
    AffectedPerson,
    Incident,
    IncidentTicket,
    IncidentUpdate,
    Service,
    Subscription,
)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name_nl", "name_en", "desk", "state", "position")
    list_editable = ("state", "position")
    list_select_related = ("desk",)
    filter_horizontal = ("categories",)
    prepopulated_fields = {"slug": ("name_en",)}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.service_set_state(service=obj, state=obj.state, acting_user=request.user)


class IncidentForm(forms.ModelForm):
    """Opening an incident: its public title, services and the first update."""

    first_update_nl = forms.CharField(
        label=gettext_lazy("first update (Dutch)"), widget=forms.Textarea, required=False
    )
    first_update_en = forms.CharField(
        label=gettext_lazy("first update (English)"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = Incident
        fields = (
            "kind",
            "impact",
            "title_nl",
            "title_en",
            "services",
            "starts_at",
            "ends_at",
            "promoted_from",
        )


class UpdateForm(forms.Form):
    """The change page's box: a new public update, or the closing one."""

    body_nl = forms.CharField(label=gettext_lazy("update (Dutch)"), widget=forms.Textarea)
    body_en = forms.CharField(
        label=gettext_lazy("update (English)"), widget=forms.Textarea, required=False
    )
    resolve = forms.BooleanField(
        label=gettext_lazy("this resolves the incident and its linked requests"), required=False
    )


class UpdateInline(admin.TabularInline):
    model = IncidentUpdate
    fields = ("created_at", "body_nl", "body_en", "is_closing", "sent_at", "superseded")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # updates are posted through the box below, so they are mailed


class LinkInline(admin.TabularInline):
    """The linked requests; a request linked by mistake is unlinked here (delete)."""

    model = IncidentTicket
    fields = ("ticket", "linked_at", "linked_by")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = gettext_lazy("linked requests")

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("servicestatus.change_incident")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # linked from the request list (bulk action) or by promotion

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(ticket__in=access.tickets_visible_to(request.user))
            .select_related("ticket", "linked_by")
        )


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = IncidentForm
    list_display = (
        "reference",
        "title_nl",
        "kind",
        "impact",
        "starts_at",
        "resolved_at",
        "affected_total",
    )
    list_filter = ("kind", "impact", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("reference", "title_nl", "title_en")
    readonly_fields = ("reference", "resolved_at", "created_by", "created_at")
    autocomplete_fields = ("promoted_from",)
    inlines = (UpdateInline, LinkInline)
    change_form_template = "admin/servicestatus/incident/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(affected_total=Count("affected"))

    @admin.display(description=gettext_lazy("said affected"), ordering="affected_total")
    def affected_total(self, obj: Incident) -> int:
        return obj.affected_total

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*IncidentForm.Meta.fields, "first_update_nl", "first_update_en"]
        return [
            "reference",
            "kind",
            "impact",
            "title_nl",
            "title_en",
            "services",
            "starts_at",
            "ends_at",
            "resolved_at",
            "created_by",
            "created_at",
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # An incident is mostly opened as it happens; maintenance changes it.
        initial.setdefault("starts_at", timezone.localtime(clock.now()).replace(microsecond=0))
        ticket_id = request.GET.get("promoted_from", "")
        if ticket_id.isdigit():
            ticket = access.tickets_visible_to(request.user).filter(pk=ticket_id).first()
            if ticket is not None:
                initial.update(
                    promoted_from=ticket.pk, title_nl=ticket.subject, title_en=ticket.subject
                )
        return initial

    def save_model(self, request, obj: Incident, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        promoted = data.get("promoted_from")
        if promoted is not None and not access.staff_may_see(request.user, promoted):
            promoted = None
        created = services.incident_open(
            title_nl=data["title_nl"],
            title_en=data["title_en"],
            services=data["services"],
            kind=data["kind"],
            impact=data["impact"],
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            first_update_nl=data.get("first_update_nl", ""),
            first_update_en=data.get("first_update_en", ""),
            promoted_from=promoted,
            acting_user=request.user,
        )
        obj.pk = created.pk
        obj.reference = created.reference

    def save_related(self, request, form, formsets, change) -> None:
        if change:
            super().save_related(request, form, formsets, change)

    def get_inlines(self, request, obj=None):
        # Opening an incident is one form; updates and links belong to an open one.
        return self.inlines if obj is not None else ()

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ):
        extra_context = extra_context or {}
        if object_id:
            incident = self.get_object(request, object_id)
            if incident is not None and incident.is_open:
                posting = "_post_update" in request.POST
                update_form = UpdateForm(request.POST if posting else None)
                if posting and self.has_change_permission(request, incident):
                    done = self._post_update(request, incident, update_form)
                    if done is not None:
                        return done
                    # Show the page again with the update box's errors and text,
                    # without treating the POST as an edit of the incident itself.
                    request.method = "GET"
                extra_context["update_form"] = update_form
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _post_update(self, request, incident: Incident, form: UpdateForm):
        from django.http import HttpResponseRedirect

        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            if data["resolve"]:
                services.incident_resolve(
                    incident=incident,
                    body_nl=data["body_nl"],
                    body_en=data["body_en"],
                    acting_user=request.user,
                )
                self.message_user(
                    request, _("The incident is resolved; everyone affected is told once.")
                )
            else:
                services.incident_post_update(
                    incident=incident,
                    body_nl=data["body_nl"],
                    body_en=data["body_en"],
                    acting_user=request.user,
                )
                self.message_user(
                    request, _("The update is posted; everyone affected gets it once.")
                )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return HttpResponseRedirect(request.path)


@admin.register(AffectedPerson)
class AffectedPersonAdmin(admin.ModelAdmin):
    list_display = ("email", "incident", "language", "created_at")
    list_filter = ("language",)
    search_fields = ("email", "incident__reference")
    list_select_related = ("incident",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ConfirmedFilter(admin.SimpleListFilter):
    """Confirmed by the link in the mail, or still waiting (and never mailed)."""

    title = gettext_lazy("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who asked for status mail about which service: a read-only list.

    Subscribing and unsubscribing are the subscriber's own steps (double
    opt-in, one-click unsubscribe), so staff only look, e.g. to answer "why
    do I get this mail?". Only roles with ``view_subscription`` see it.
    """

    list_display = ("email", "service", "language", "created_at", "confirmed_at")
    list_filter = ("service", ConfirmedFilter)
    search_fields = ("email",)
    list_select_related = ("service",)
    ordering = ("-created_at", "-pk")
    show_full_result_count = False


class LinkForm(forms.Form):
    incident = forms.ModelChoiceField(
        label=gettext_lazy("Incident"),
        # Only open disruptions: maintenance is announced, not something a
        # request is "part of". No choice is made for the agent: linking to the
        # wrong incident would resolve the request when that one closes.
        queryset=Incident.objects.filter(
            resolved_at__isnull=True, kind=IncidentKind.INCIDENT
        ).order_by("-starts_at"),
    )


@admin.action(description=gettext_lazy("Link to a major incident"), permissions=["change"])
def link_to_incident(modeladmin, request, queryset):
    """Ask which open incident, then link the ticked requests the agent may see."""
    if not request.user.has_perm("servicestatus.change_incident"):
        modeladmin.message_user(
            request, _("You may not link requests to incidents."), messages.ERROR
        )
        return None
    form = LinkForm(request.POST if "apply" in request.POST else None)
    if not form.fields["incident"].queryset.exists():
        modeladmin.message_user(request, _("There is no open incident to link to."), messages.ERROR)
        return None
    if form.is_bound and form.is_valid():
        tickets = list(queryset.order_by("reference"))
        linked, refused = services.incident_link_tickets(
            incident=form.cleaned_data["incident"], tickets=tickets, acting_user=request.user
        )
        text = ngettext("%(count)d linked", "%(count)d linked", len(linked)) % {
            "count": len(linked)
        }
        if refused:
            text += "; " + _("refused: %(list)s") % {
                "list": ", ".join(f"{t.reference} ({reason})" for t, reason in refused[:10])
            }
        modeladmin.message_user(request, text, messages.WARNING if refused else messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "admin/servicestatus/link_to_incident.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Link requests to a major incident"),
            "form": form,
            "tickets": queryset.order_by("reference")[:100],
            "ticket_ids": list(queryset.values_list("pk", flat=True)),
            "count": queryset.count(),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        },
    )
