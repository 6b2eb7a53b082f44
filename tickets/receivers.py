"""Signal receivers: the only side effects tickets hangs on someone else's event."""

from allauth.account.signals import user_logged_in
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import User

from .models import Category, Desk, ResolverGroup, StandardAnswer
from .option_lists import staff_option_lists_forget
from .services import tickets_claim_for_user


@receiver(user_logged_in, dispatch_uid="tickets_claim_on_login")
def claim_requests_on_login(sender, request, user, **kwargs) -> None:
    """Requests filed without an account become the user's once they log in."""
    tickets_claim_for_user(user=user)


# The staff list's cached option lists (tickets.option_lists) are forgotten
# whenever a row they show changes, wherever the change is made: the admin's
# own pages, the seeding commands, the account services and the tests all
# write these models, and none of them needs to know the cache exists.
_LISTED = (Desk, ResolverGroup, Category, StandardAnswer, User, Group)


def _forget_option_lists(sender, **kwargs) -> None:
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
