"""The project's own template files, for tests that read every one of them."""

from pathlib import Path

from django.conf import settings


def project_templates(suffixes: tuple[str, ...] = (".html",)) -> list[Path]:
    """Every template of ours ending in one of ``suffixes``, sorted.

    Ours are under templates/ and each app's templates/ (the overrides of
    Django's and allauth's too); installed packages' templates are not.
    """
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *base.glob("*/templates")]
    return sorted(
        path
        for folder in folders
        if ".venv" not in folder.parts
        for path in folder.rglob("*")
        if path.suffix in suffixes
    )
