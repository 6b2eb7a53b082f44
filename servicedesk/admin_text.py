"""Words of Django's own admin that its Dutch catalog leaves in English.

Django 5.2's admin added these strings without a Dutch translation, so a
Dutch admin page showed "Model name" and "Add link" (screen readers read
them). Marking them here puts them in the project catalog (``locale/``), which
takes precedence over Django's. Not imported anywhere: only extracted.
"""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_WORDS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),  # noqa: RUF001
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),  # noqa: RUF001
]
