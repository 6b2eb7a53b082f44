"""The one write: the lead saves the theme in the admin."""

import logging

from django.core.cache import cache
from django.db import transaction

from accounts.models import User

from .models import Theme
from .selectors import CACHE_KEY

logger = logging.getLogger(__name__)


@transaction.atomic
def theme_save(*, theme: Theme, acting_user: User) -> Theme:
    """Validate and store the override; pages show it from the next request on."""
    theme.pk = Theme.SINGLETON_PK
    theme.full_clean()
    theme.save()
    # Now (this request reads it back) and after commit (a page rendered in
    # between may have cached the old row).
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    logger.info("theme changed", extra={"acting_user": acting_user.pk})
    return theme
