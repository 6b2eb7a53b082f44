"""The request page's merge and related-requests pages, mixed into ``TicketAdmin``.

Thin views: the forms pick a target among what the agent may see
(``selectors``, which ask ``tickets.access``), the services decide and
audit (``services.ticket_merge``, ``ticket_link``, ``ticket_unlink``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import selectors, services
from tickets.choices import FINAL_STATUSES
from tickets.models import Ticket


def _change_url(ticket: Ticket) -> str:
    return reverse("admin:tickets_ticket_change", args=[ticket.pk])


class MergeForm(forms.Form):
    """The duplicate's target: one of the requester's other requests, or any reference."""

    target = forms.ChoiceField(
        label=gettext_lazy("Merge into one of this requester's requests"),
        widget=forms.RadioSelect,
        required=False,
    )
    reference = forms.CharField(
        label=gettext_lazy("Or the reference of another request"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("For example SD-2026-000123."),
    )
    confirm_other_requester = forms.BooleanField(
        label=gettext_lazy("Yes, merge into a request of another requester"),
        required=False,
        help_text=gettext_lazy(
            "Needed only when the other request was filed by someone else: they will "
            "see this request's public replies."
        ),
    )

    def __init__(self, *args, ticket: Ticket, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket, self.user = ticket, user
        candidates = selectors.merge_candidates(ticket=ticket, user=user)
        self.fields["target"].choices = [
            (t.reference, f"{t.reference} {t.subject} ({t.get_status_display()})")
            for t in candidates
        ]
        if not candidates:
            del self.fields["target"]

    def clean(self):
        data = super().clean()
        reference = (data.get("reference") or "").strip() or data.get("target") or ""
        if not reference:
            raise ValidationError(_("Choose the request to merge into, or type its reference."))
        target = selectors.ticket_by_reference_for(user=self.user, reference=reference)
        if target is None:
            self.add_error(
                "reference",
                _("There is no request %(reference)s that you can see.")
                % {"reference": reference.upper()},
            )
        data["target_ticket"] = target
        return data


class LinkForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference of the related request"),
        max_length=20,
        help_text=gettext_lazy("For example SD-2026-000123. The link shows on both requests."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_reference(self) -> Ticket:
        reference = self.cleaned_data["reference"]
        target = selectors.ticket_by_reference_for(user=self.user, reference=reference)
        if target is None:
            raise ValidationError(
                _("There is no request %(reference)s that you can see.")
                % {"reference": reference.strip().upper()}
            )
        return target


class MergeAdminMixin:
    """Adds /<pk>/merge/ and /<pk>/related/ and their links on the request page."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/merge/", wrap(self.merge_view), name=f"{info}_merge"),
            path("<int:pk>/related/", wrap(self.related_view), name=f"{info}_related"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["triage"] = [*context.get("triage", []), *self._relation_links(request, obj)]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _relation_links(self, request, obj: Ticket) -> list[tuple[str, str]]:
        """Merge and related-request links for the request page's tools."""
        relations = selectors.ticket_relations(ticket=obj, user=request.user)
        links = []
        if relations.merged_into is not None:
            links.append(
                (
                    _change_url(relations.merged_into),
                    _("Merged into %(reference)s") % {"reference": relations.merged_into.reference},
                )
            )
        for source in relations.merged_from:
            links.append(
                (
                    _change_url(source),
                    _("Duplicate: %(reference)s") % {"reference": source.reference},
                )
            )
        for other in relations.related:
            links.append(
                (_change_url(other), _("Related: %(reference)s") % {"reference": other.reference})
            )
        if self.has_change_permission(request, obj):
            if obj.status not in FINAL_STATUSES:
                links.append((reverse("admin:tickets_ticket_merge", args=[obj.pk]), _("Merge")))
            links.append(
                (reverse("admin:tickets_ticket_related", args=[obj.pk]), _("Related requests"))
            )
        return links

    def _ticket_for_change(self, request, pk: int) -> Ticket:
        ticket = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, ticket):
            raise Http404
        return ticket

    def _page(self, request, ticket, template: str, title: str, **extra) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": ticket,
            "title": title,
            "subtitle": f"{ticket.reference} {ticket.subject}",
            "change_url": _change_url(ticket),
            "has_view_permission": True,
            **extra,
        }
        return TemplateResponse(request, template, context)

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Merge this request (a duplicate) into another; lands on the kept request."""
        ticket = self._ticket_for_change(request, pk)
        data = request.POST if request.method == "POST" else None
        form = MergeForm(data, ticket=ticket, user=request.user)
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target_ticket"]
            try:
                services.ticket_merge(
                    source=ticket,
                    target=target,
                    acting_user=request.user,
                    confirm_other_requester=form.cleaned_data["confirm_other_requester"],
                )
            except ValidationError as error:
                field = "confirm_other_requester" if error.code == "other_requester" else None
                form.add_error(field, error)
            else:
                self.message_user(
                    request,
                    _("%(source)s was merged into %(target)s; both requesters were told.")
                    % {"source": ticket.reference, "target": target.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(_change_url(target))
        return self._page(
            request,
            ticket,
            "admin/tickets/merge/merge.html",
            _("Merge a duplicate"),
            form=form,
            submit_label=_("Merge"),
        )

    def related_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """List, add and remove related requests (a link shows on both)."""
        ticket = self._ticket_for_change(request, pk)
        form = LinkForm(request.POST if request.method == "POST" else None, user=request.user)
        if request.method == "POST":
            done = self._link_or_unlink(request, ticket, form)
            if done:
                return HttpResponseRedirect(request.path)
        relations = selectors.ticket_relations(ticket=ticket, user=request.user)
        return self._page(
            request,
            ticket,
            "admin/tickets/merge/related.html",
            _("Related requests"),
            form=form,
            submit_label=_("Link"),
            related=[(other, _change_url(other)) for other in relations.related],
        )

    def _link_or_unlink(self, request, ticket: Ticket, form: LinkForm) -> bool:
        unlink = request.POST.get("unlink", "")
        try:
            if unlink:
                other = selectors.ticket_by_reference_for(user=request.user, reference=unlink)
                if other is None:
                    raise ValidationError(_("That link no longer exists."))
                services.ticket_unlink(ticket=ticket, other=other, acting_user=request.user)
                self.message_user(
                    request, _("Link to %(reference)s removed.") % {"reference": other.reference}
                )
                return True
            if form.is_valid():
                other = form.cleaned_data["reference"]
                services.ticket_link(ticket=ticket, other=other, acting_user=request.user)
                self.message_user(
                    request,
                    _("%(reference)s is now linked as a related request.")
                    % {"reference": other.reference},
                    messages.SUCCESS,
                )
                return True
        except ValidationError as error:
            if unlink:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return True
            form.add_error("reference", error)
        return False
