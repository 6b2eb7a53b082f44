"""Counts that many requests add to the same rows, added up in Redis and written in batches.

Every view of a knowledgebase article used to update the article's row and
its day's row at once: two commits per page, and under load every request
for a popular article waited for the one before it to release the row
(issue 23). With a shared Redis (``REDIS_URL``), a view is one ``HINCRBY``
instead, and a beat job takes the bucket (read and delete in one ``MULTI``,
so two beat processes never both get a count) and writes the sums.

Without Redis (the embedded file cache) or while it is unreachable,
``buffered_add`` says so and the caller writes the count at once, as before.
What this trades: counts wait up to a minute in Redis, which keeps no copy
on disk here, so a Redis restart (or a failed write whose put-back also
fails) loses at most that minute's counts; a reply lost after Redis counted
may count one view twice. Fit for view statistics, not for anything a user
was promised.
"""

from django.core.cache import cache


def buffered_add(bucket: str, member: str, amount: int = 1) -> bool:
    """Add to ``member``'s count in ``bucket``; False when the caller must write it itself."""
    add = getattr(cache, "hash_add", None)
    return bool(add is not None and add(bucket, member, amount))


def buffered_take(bucket: str) -> dict[str, int]:
    """Every count added to ``bucket`` since the last take, emptying it."""
    take = getattr(cache, "hash_take", None)
    return take(bucket) if take is not None else {}
