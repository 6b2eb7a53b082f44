"""``manage.py demo_totp agent1``: the current authenticator code of a demo account.

Only for the demo accounts that seed_demo gave the fixed demo secret; a real
account's secret is never shown. Refused unless the settings allow demo data
(core/demo.py).
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_TOTP_SECRET, demo_usernames_with_totp
from accounts.totp import totp_code
from core.demo import ensure_demo_data_allowed


class Command(BaseCommand):
    help = "Print the current authenticator-app code of a demo staff or prospect account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        ensure_demo_data_allowed("demo_totp")
        if username not in demo_usernames_with_totp():
            raise CommandError(
                f"{username} is not a demo account with the demo secret: "
                f"{', '.join(demo_usernames_with_totp())}"
            )
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
