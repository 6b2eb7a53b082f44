"""Admin building blocks shared by the apps."""

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """A list staff read but never add to, edit or delete from.

    For records the portal writes itself (audit trails, mail events, survey
    invitations, imports, subscriptions): changing them by hand would make
    them lie. Put it before ``admin.ModelAdmin`` in the bases.
    """

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
