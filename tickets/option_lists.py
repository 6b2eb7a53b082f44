"""The staff list's option lists (desks, groups, categories, agents, answers), from one cache key.

Every load of the request list showed the same six short lists: the desk,
group, category and assignee filters and the action bar's groups and
standard answers, six queries per page (issue 23). They change a few times
a year, so they are read from the shared cache, one key per language (the
labels are bilingual names), and forgotten when one of their rows changes
(``tickets.receivers``). A write that bypasses the signals (``update()``,
raw SQL) shows after ``TIMEOUT`` at the latest.

The lists are labels for filters and pickers only: the admin's filters still
filter the scoped queryset, and the action bar's fields still validate a
choice against their own querysets.
"""

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from accounts import roles
from accounts.models import User
from tickets import selectors
from tickets.models import Category, Desk, DeskSettings, ResolverGroup, StandardAnswer

KEY = "tickets:staff-option-lists:{language}"
FILING_KEY = "tickets:filing-options:{language}"
TIMEOUT = 10 * 60  # seconds; a safety net, the receivers forget the lists at once

Choices = list[tuple[int, str]]


def staff_agents():
    """Staff in a role group, the people a request can be assigned to (by name)."""
    return (
        User.objects.filter(is_staff=True, is_active=True, groups__name__in=roles.ALL_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


def reply_answers():
    """The standard answers the action bar offers to send."""
    return StandardAnswer.objects.filter(is_active=True, purpose=StandardAnswer.Purpose.REPLY)


def _pairs(queryset) -> Choices:
    return [(obj.pk, str(obj)) for obj in queryset]


def _build() -> dict[str, Choices]:
    # Each list in the order its own filter or field used to query it
    # (the models' default ordering).
    return {
        "desk": _pairs(Desk.objects.all()),
        "resolver_group": _pairs(ResolverGroup.objects.all()),
        "category": _pairs(Category.objects.all()),
        "agents": _pairs(staff_agents()),
        "active_groups": _pairs(ResolverGroup.objects.filter(is_active=True)),
        "reply_answers": _pairs(reply_answers()),
    }


def staff_option_lists(request=None) -> dict[str, Choices]:
    """The lists in the active language: one cache read, kept on the request once read."""
    memo = getattr(request, "_tickets_option_lists", None) if request is not None else None
    if memo is not None:
        return memo
    key = KEY.format(language=get_language() or settings.LANGUAGE_CODE)
    lists = cache.get(key)
    if lists is None:
        lists = _build()
        cache.set(key, lists, TIMEOUT)
    if request is not None:
        request._tickets_option_lists = lists
    return lists


class FilingOptions(NamedTuple):
    """What the new-request form shows from the database."""

    groups: list[tuple[str, Choices]]  # ``selectors.categories_for_filing``
    emergency_phone: str  # the desk's emergency line ("" for none)
    digest: str  # of ``groups``: the rendered category field is kept under it


def filing_options() -> FilingOptions:
    """The new-request form's category groups and emergency line, cached.

    The same on every load of the form, two queries of a third of its view
    (issue 23); forgotten with the staff lists when a category or the desk
    settings change. The form still checks the chosen category against the
    database.
    """
    key = FILING_KEY.format(language=get_language() or settings.LANGUAGE_CODE)
    options = cache.get(key)
    if options is None:
        groups = selectors.categories_for_filing()
        digest = hashlib.blake2b(repr(groups).encode(), digest_size=8).hexdigest()
        options = FilingOptions(groups, DeskSettings.load().emergency_phone, digest)
        cache.set(key, tuple(options), TIMEOUT)
    return FilingOptions(*options)


def staff_option_lists_forget() -> None:
    """Forget the lists (and the filing options) now and once the current transaction commits.

    The second delete removes lists another request may have rebuilt from
    the old rows while this transaction was still open.
    """
    keys = [
        pattern.format(language=code)
        for code, _name in settings.LANGUAGES
        for pattern in (KEY, FILING_KEY)
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
