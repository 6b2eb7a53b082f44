"""Manual screenshots: private files whose address is a permission-checked view.

A draft manual's screenshots used to sit under MEDIA_ROOT, public to anyone
who guessed the path. They now live under ``PRIVATE_MEDIA_ROOT`` and
``url()`` points to ``knowledgebase:screenshot``, which serves a file only
when its article is visible to the reader (published, or staff).
"""

from django.urls import reverse
from django.utils.deconstruct import deconstructible

from core.storage import PrivateFileStorage


@deconstructible(path="knowledgebase.storage.ScreenshotStorage")
class ScreenshotStorage(PrivateFileStorage):
    def url(self, name: str | None) -> str:
        return reverse("knowledgebase:screenshot", kwargs={"name": name})
