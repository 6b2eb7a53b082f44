"""Point the private attachment storage at a test folder."""

from pathlib import Path


def use_private_storage(settings, folder: Path) -> None:
    """Attachments written during the test land in ``folder`` (pytest-django ``settings``)."""
    settings.PRIVATE_MEDIA_ROOT = folder
