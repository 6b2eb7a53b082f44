"""The appointment fixtures (appointments/tests/fixtures.py) for every test here."""

from .fixtures import category, frozen, invited, schedule  # noqa: F401
