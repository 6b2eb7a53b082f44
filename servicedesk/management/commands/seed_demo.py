"""``manage.py seed_demo``: load the demo data; safe to run again.

Refused unless the settings allow demo data (core/demo.py).
"""

from django.core.management.base import BaseCommand

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo_accounts
from appointments.demo import seed_demo_appointments
from core.demo import ensure_demo_data_allowed
from knowledgebase.demo import seed_demo_knowledgebase
from servicestatus.demo import seed_demo_services
from tickets.demo import (
    seed_demo_desks_and_categories,
    seed_demo_requests,
    seed_demo_routing,
)


class Command(BaseCommand):
    help = "Create or refresh the demo desks, categories and one account per role."

    def handle(self, *args, **options) -> None:
        ensure_demo_data_allowed("seed_demo")
        seed_demo_desks_and_categories()
        seed_demo_accounts()
        seed_demo_routing()
        seed_demo_requests()
        seed_demo_appointments()
        seed_demo_knowledgebase()
        seed_demo_services()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins:"))
        for _username, email, kind, _first, _extra, role in DEMO_ACCOUNTS:
            label = role if isinstance(role, str) else ", ".join(role or ())
            self.stdout.write(f"  {email:<24} {label or kind.label}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
