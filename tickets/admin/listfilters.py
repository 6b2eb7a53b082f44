"""List filters that stay cheap on a million requests.

Their option lists come from ``tickets.option_lists`` (one cache read for
all of them), not from a query per filter per page.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tickets.option_lists import staff_option_lists


class CachedRelatedFilter(admin.RelatedFieldListFilter):
    """The admin's filter on a foreign key (desk, group, category), its options cached.

    Filtering, the "empty" choice and the links are the admin's own; only
    ``field_choices`` reads the cached ``(pk, label)`` pairs, in the order
    the admin queried them (the related model's default ordering).
    """

    def field_choices(self, field, request, model_admin):
        return staff_option_lists(request)[field.name]


class AssigneeFilter(admin.SimpleListFilter):
    """Me, nobody, or one of the agents: lists staff in the role groups, never all users."""

    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(pk), label) for pk, label in staff_option_lists(request)["agents"]],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset
