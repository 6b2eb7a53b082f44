"""The servicedesk project package.

The Celery app (``servicedesk.celery``) is not imported here, unlike Celery's
Django guide: ``celery -A servicedesk`` finds the module by itself, and a web
worker imports it with the first task it queues (``core.queueing``), so a
worker that queues nothing never loads Celery and kombu (about 6 MB resident).
"""
