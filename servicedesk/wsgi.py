"""WSGI entry point for gunicorn, uwsgi or a benchmark server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings.local")

application = get_wsgi_application()
