"""``seed_demo`` gives one working login per role, can run again, and never runs in production."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from accounts.models import User
from accounts.totp import totp_code
from tickets.models import Category, Desk


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=None)
    counts = (User.objects.count(), Desk.objects.count(), Category.objects.count())
    call_command("seed_demo", stdout=None)
    assert (User.objects.count(), Desk.objects.count(), Category.objects.count()) == counts
    assert counts == (len(DEMO_ACCOUNTS) + 1, 3, 8)  # + the student awaiting activation


@pytest.mark.django_db
def test_every_demo_account_can_log_in_with_the_readme_password(client):
    cache.clear()  # rate limits and used authenticator codes of earlier runs
    call_command("seed_demo", stdout=None)
    for _username, email, *_rest in DEMO_ACCOUNTS:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        if response.url.startswith("/accounts/2fa/authenticate/"):
            # staff and the prospect also type the demo authenticator code (README)
            response = client.post(
                "/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)}
            )
            assert response.status_code == 302, email
        assert client.get("/requests/").status_code == 200, email
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_staff_roles_exist_and_demo_agents_hold_them():
    call_command("seed_demo", stdout=None)
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "First-line agent",
        "Second-line agent",
        "Servicedesk lead",
    }
    assert User.objects.get(username="agent1").groups.get().name == "First-line agent"
    assert User.objects.get(username="student").student_number == "0123456"
    assert User.objects.get(username="alumnus").alumni_number == "Q1234567"


@pytest.mark.django_db
def test_demo_totp_prints_the_code_staff_demo_accounts_need(capsys):
    call_command("seed_demo", stdout=None)
    capsys.readouterr()
    call_command("demo_totp", "agent1")
    assert capsys.readouterr().out.strip() == totp_code(DEMO_TOTP_SECRET)
    with pytest.raises(CommandError):
        call_command("demo_totp", "student")


# --- Never on a real deployment -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("command", [["seed_demo"], ["demo_totp", "agent1"]])
def test_demo_commands_refuse_where_settings_do_not_allow_demo_data(settings, capsys, command):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command(*command)
    assert not User.objects.filter(username="agent1").exists()
    assert totp_code(DEMO_TOTP_SECRET) not in capsys.readouterr().out


@pytest.mark.parametrize("command", [["seed_demo"], ["demo_totp", "agent1"]])
def test_demo_commands_refuse_under_production_settings(tmp_path, command):
    """As a deployer would run them: manage.py with the production settings."""
    database = tmp_path / "prod.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "servicedesk.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "DATA_DIR": str(tmp_path),
    }
    environment.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"CommandError: {command[0]} refused" in result.stderr
    assert DEMO_PASSWORD not in result.stdout + result.stderr
    assert totp_code(DEMO_TOTP_SECRET) not in result.stdout
    # Refused before touching the database: no table was made, no row written.
    assert not database.exists() or database.stat().st_size == 0
