"""Private files (request attachments, student import files): out of reach of any URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``, which no web server serves.

    The folder is read from settings on every use (not cached) so a deployer
    or a test can move it; ``url()`` refuses, because these files reach people
    only through permission-checked views.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None
