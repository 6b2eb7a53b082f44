"""Kept so the migrations that name ``tickets.models.storage.PrivateFileStorage`` still import.

The class lives in ``servicedesk.storage`` since student import files use it too.
"""

from servicedesk.storage import PrivateFileStorage

__all__ = ["PrivateFileStorage"]
