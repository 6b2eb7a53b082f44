"""A paginator that never counts more than a few thousand rows.

``show_full_result_count = False`` spares the admin the unfiltered count, but
the changelist still counts the filtered rows for its pager, which on a
million requests is a full scan. Counting a LIMITed subquery bounds that
cost; the pager then offers the first pages and says "more than N".
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    cap: int | None = None  # None: COUNT_CAP (read late, so tests may patch it)

    @cached_property
    def count(self) -> int:
        # SELECT COUNT(*) FROM (SELECT id ... ORDER BY ... LIMIT cap): stops
        # after cap rows. Only the key: a column's annotation (the agent's
        # read marker) has no business in a count. The order stays, so the
        # scan walks the list's own index rather than the table.
        return self.object_list.values("pk")[: self.cap or COUNT_CAP].count()

    @property
    def is_capped(self) -> bool:
        return self.count >= (self.cap or COUNT_CAP)
