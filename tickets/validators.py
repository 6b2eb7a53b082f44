"""Upload rules for attachments, read from settings."""

import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def attachment_content_type(name: str) -> str:
    """The content type we store and serve, derived from the extension, not the browser."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def validate_attachment(upload: UploadedFile) -> None:
    """Refuse a file that is too large or of a type the desk does not accept."""
    suffix = PurePath(upload.name or "").suffix.lower().lstrip(".")
    allowed = settings.TICKETS_ATTACHMENT_EXTENSIONS
    if suffix not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted file type. Accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(sorted(allowed))},
            code="file_type",
        )
    if upload.size > settings.TICKETS_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.TICKETS_ATTACHMENT_MAX_BYTES),
            },
            code="file_size",
        )


def validate_attachments(uploads: list[UploadedFile]) -> None:
    """Every file, and their number."""
    if len(uploads) > settings.TICKETS_ATTACHMENT_MAX_FILES:
        raise ValidationError(
            _("Add at most %(count)d files.") % {"count": settings.TICKETS_ATTACHMENT_MAX_FILES},
            code="file_count",
        )
    errors = []
    for upload in uploads:
        try:
            validate_attachment(upload)
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
