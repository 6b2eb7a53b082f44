"""Signal receivers: the only side effects tickets hangs on someone else's event."""

from allauth.account.signals import user_logged_in
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import User

from .models import (
    Category,
    Desk,
    DeskSettings,
    ResolverGroup,
    SavedView,
    StandardAnswer,
    Ticket,
)
from .option_lists import staff_option_lists_forget
from .queues import queues_changed
from .services import tickets_claim_for_user


@receiver(user_logged_in, dispatch_uid="tickets_claim_on_login")
def claim_requests_on_login(sender, request, user, **kwargs) -> None:
    """Requests filed without an account become the user's once they log in."""
    tickets_claim_for_user(user=user)


# The staff list's cached option lists (tickets.option_lists) are forgotten
# whenever a row they show changes, wherever the change is made: the admin's
# own pages, the seeding commands, the account services and the tests all
# write these models, and none of them needs to know the cache exists.
# The new-request form's options (``option_lists.filing_options``) come along:
# the categories and the desk settings' emergency line.
_LISTED = (Desk, ResolverGroup, Category, StandardAnswer, User, Group, DeskSettings)


# A user's fields the lists show or choose agents by: a save naming none of
# them (a login's ``last_login``, a language, a password) keeps the lists.
_LISTED_USER_FIELDS = frozenset(
    {"first_name", "last_name", "email", "username", "is_staff", "is_active"}
)


def _forget_option_lists(sender, instance=None, created=False, update_fields=None, **kwargs):
    if sender is User:
        # A new account that is not staff (a student import's thousands) is in no list.
        if created and not instance.is_staff:
            return
        if update_fields is not None and not (update_fields & _LISTED_USER_FIELDS):
            return
    staff_option_lists_forget()


for _model in _LISTED:
    post_save.connect(
        _forget_option_lists, sender=_model, dispatch_uid=f"tickets_lists_save_{_model.__name__}"
    )
    post_delete.connect(
        _forget_option_lists, sender=_model, dispatch_uid=f"tickets_lists_del_{_model.__name__}"
    )
m2m_changed.connect(
    _forget_option_lists, sender=User.groups.through, dispatch_uid="tickets_lists_user_groups"
)


# The tabs' remembered counts (tickets.queues) go stale when a request, a
# saved view, a desk's agents, a group's members or someone's roles change.
def _queues_changed(sender, **kwargs) -> None:
    queues_changed()


for _model in (Ticket, SavedView):
    post_save.connect(
        _queues_changed, sender=_model, dispatch_uid=f"tickets_counts_save_{_model.__name__}"
    )
    post_delete.connect(
        _queues_changed, sender=_model, dispatch_uid=f"tickets_counts_del_{_model.__name__}"
    )
for _through in (Desk.agents.through, ResolverGroup.members.through, User.groups.through):
    m2m_changed.connect(
        _queues_changed, sender=_through, dispatch_uid=f"tickets_counts_{_through.__name__}"
    )


# Whether someone sees every desk (``is_superuser``) or any (active staff) is
# on the user's row; a save naming none of these (a login) changes no count.
_SCOPE_USER_FIELDS = frozenset({"is_superuser", "is_staff", "is_active"})


@receiver(post_save, sender=User, dispatch_uid="tickets_counts_save_user_scope")
def _queues_changed_by_user(sender, created=False, update_fields=None, **kwargs) -> None:
    # A new user has no remembered counts yet.
    if not created and (update_fields is None or update_fields & _SCOPE_USER_FIELDS):
        queues_changed()
