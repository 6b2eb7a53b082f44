"""Forget cached search answers when what they were computed from changes.

Receivers rather than calls in each service: articles are also written by the
demo loader, factories, ``update()`` in ``article_sync_steps_text`` and the
admin's bulk actions, and a stale answer must not outlive any of them.
``update()`` sends no signal, so that service invalidates by itself.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Article, AupVersion, SearchSynonym
from .search import search_invalidate
from .selectors import aup_forget_current_version


@receiver(post_save, sender=Article, dispatch_uid="kb_search_article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="kb_search_article_deleted")
@receiver(post_save, sender=SearchSynonym, dispatch_uid="kb_search_synonym_saved")
@receiver(post_delete, sender=SearchSynonym, dispatch_uid="kb_search_synonym_deleted")
def search_content_changed(sender, **kwargs) -> None:
    search_invalidate()


@receiver(post_save, sender=AupVersion, dispatch_uid="kb_aup_version_saved")
@receiver(post_delete, sender=AupVersion, dispatch_uid="kb_aup_version_deleted")
def aup_version_changed(sender, **kwargs) -> None:
    """The gate's cached current version: forget it now and again after the commit.

    Now, so this transaction's own next page sees the change; after the
    commit, so a request that read the old row meanwhile cannot keep it.
    """
    aup_forget_current_version()
    transaction.on_commit(aup_forget_current_version)
