"""``manage.py queue_health``: outbox by status, oldest waiting mail, inbound held, broker queue."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from servicedesk.operations import queue_health


class Command(BaseCommand):
    help = (
        "Show what waits: outbox mails by status, the oldest due mail, held inbound mails "
        "and the Celery queue length."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="One JSON object, for monitoring."
        )

    def handle(self, *args, as_json: bool = False, **options) -> None:
        health = queue_health()
        if as_json:
            self.stdout.write(json.dumps(asdict(health), sort_keys=True))
            return
        for line in health.lines():
            self.stdout.write(line)
