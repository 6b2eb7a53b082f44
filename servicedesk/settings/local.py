"""Settings for the one-command local run: debug on, a throwaway secret."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret-7c1f0b2e9a4d4e8f")

from .base import *  # noqa: F403

# The local run loads the demo data (scripts/run calls seed_demo).
DEMO_DATA_ALLOWED = True
