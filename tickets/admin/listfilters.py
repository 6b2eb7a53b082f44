"""List filters that stay cheap on a million requests."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User


class AssigneeFilter(admin.SimpleListFilter):
    """Me, nobody, or one of the agents: lists staff in the role groups, never all users."""

    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        agents = (
            User.objects.filter(is_staff=True, is_active=True, groups__name__in=roles.ALL_ROLES)
            .distinct()
            .order_by("first_name", "last_name")
        )
        return [
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(agent.pk), str(agent)) for agent in agents],
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
