"""``manage.py kb_screenshots --base-url URL``: photograph the portal for the manuals.

Signs in to a running portal as the demo student (seed_demo), so it runs
only where demo data is allowed; see knowledgebase/screenshots.py.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from core.demo import ensure_demo_data_allowed
from knowledgebase import screenshots
from knowledgebase.demo import MANUALS


class Command(BaseCommand):
    help = "Take screenshots of the portal's pages and attach them to the demo manuals."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url", required=True, help="a running portal, e.g. http://127.0.0.1:8000"
        )

    def handle(self, *args, base_url: str, **options) -> None:
        ensure_demo_data_allowed("kb_screenshots")
        user = User.objects.filter(username="student").first()
        if user is None:
            raise CommandError(
                "Run seed_demo first: the screenshots are taken as the demo student."
            )
        count = screenshots.refresh_demo_screenshots(
            base_url=base_url.rstrip("/"), user=user, password=DEMO_PASSWORD, manuals=MANUALS
        )
        self.stdout.write(self.style.SUCCESS(f"{count} manual steps have a fresh screenshot."))
