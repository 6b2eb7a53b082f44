"""``manage.py import_graph``: the drawing of imports between packages (Mermaid)."""

from django.core.management.base import BaseCommand

from servicedesk import layering


class Command(BaseCommand):
    help = "Print the imports between the repository's packages as a Mermaid flowchart."

    def handle(self, *args, **options) -> None:
        self.stdout.write(layering.mermaid(layering.arrows()))
