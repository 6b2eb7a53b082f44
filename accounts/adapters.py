"""How allauth fits this university: who may sign up, where mail goes."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from the registrar, the alumni office or the desk.

    Students are imported with an initial password and alumni and prospects
    are activated through their own flows, so open self-registration is off.
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        """allauth's stages, then the phone-code factor (accounts.stages)."""
        return [*super().get_login_stages(), "accounts.stages.PhoneCodeStage"]
