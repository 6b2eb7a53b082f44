"""Where demo data may be loaded: the one rule both demo commands ask.

The demo accounts share a password and an authenticator secret that are
printed in the README; on a real deployment they would be open doors. Only
settings that say so (``DEMO_DATA_ALLOWED = True``: the local run and the
tests) accept ``seed_demo`` and ``demo_totp``. The flag is not read from the
environment, so no variable set by mistake can switch it on in production.
"""

from django.conf import settings
from django.core.management.base import CommandError


def ensure_demo_data_allowed(command: str) -> None:
    """Refuse ``command`` unless the settings in use allow demo data."""
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise CommandError(
            f"{command} refused: these settings ({settings.SETTINGS_MODULE}) do not allow "
            "demo data (DEMO_DATA_ALLOWED is off). The demo accounts' password and "
            "authenticator secret are public; use them only with "
            "servicedesk.settings.local or the test settings."
        )
