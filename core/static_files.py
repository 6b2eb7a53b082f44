"""The static files' storage: whitenoise's, each file's address worked out once per process.

Every page asks for the addresses of its stylesheet and scripts
(``{% static %}``), four to six a page. The manifest storage parses, cleans
and looks up the name and joins the address anew each time, about 0.1 ms a
page (issue 23), while a process's manifest never changes: it is read at
start and ``collectstatic`` runs before a release starts.
"""

from threading import Lock

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# The names templates ask for are few; a name made from input stops being kept here.
MAX_KEPT = 512


class KeptUrlManifestStorage(CompressedManifestStaticFilesStorage):
    """``CompressedManifestStaticFilesStorage`` with its addresses kept per name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}
        self._urls_lock = Lock()

    def url(self, name: str, force: bool = False) -> str:
        if settings.DEBUG:  # the unhashed names, as Django's own answer then
            return super().url(name, force)
        key = (name, force)
        found = self._urls.get(key)
        if found is None:
            found = super().url(name, force)
            with self._urls_lock:
                if len(self._urls) < MAX_KEPT:
                    self._urls[key] = found
        return found
