"""Agents see their own desks' appointments and availability; the lead sees all."""

from django.db.models import QuerySet

from accounts.models import User
from tickets.selectors import staff_sees_everything


def desks_filter(user: User, queryset: QuerySet, field: str = "desk") -> QuerySet:
    if staff_sees_everything(user):
        return queryset
    return queryset.filter(**{f"{field}__in": user.desks.values("pk")})
