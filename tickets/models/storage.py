"""Kept so the migrations that name ``tickets.models.storage.PrivateFileStorage`` still import.

The class lives in ``core.storage`` since student import files use it too.
"""

from core.storage import PrivateFileStorage

__all__ = ["PrivateFileStorage"]
