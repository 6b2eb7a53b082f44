from . import appointments, availability  # noqa: F401  (registers the ModelAdmins)
