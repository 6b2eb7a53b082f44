"""Mailed and texted codes: three tries counted outside the session, one use."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from accounts import codes

pytestmark = pytest.mark.django_db


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_the_third_wrong_try_ends_the_code_even_from_a_stale_copy_of_the_session():
    session = SessionStore()
    code = codes.code_issue(session=session, slot=codes.EMAIL_SLOT, recipient="new@example.net")
    stale = dict(session[codes.SESSION_KEY])
    assert (
        codes.code_check(session=session, code=wrong(code), slot=codes.EMAIL_SLOT)[0]
        == codes.CodeResult.WRONG
    )
    assert (
        codes.code_check(session=session, code=wrong(code), slot=codes.EMAIL_SLOT)[0]
        == codes.CodeResult.WRONG
    )
    # A parallel request that loaded the session before those tries:
    parallel = SessionStore()
    parallel[codes.SESSION_KEY] = stale
    assert (
        codes.code_check(session=parallel, code=wrong(code), slot=codes.EMAIL_SLOT)[0]
        == codes.CodeResult.EXPIRED
    )
    assert (
        codes.code_check(session=session, code=code, slot=codes.EMAIL_SLOT)[0]
        == codes.CodeResult.EXPIRED
    )


def test_a_right_code_proves_its_address_once():
    session = SessionStore()
    code = codes.code_issue(session=session, slot=codes.EMAIL_SLOT, recipient="new@example.net")
    copy = SessionStore()
    copy[codes.SESSION_KEY] = dict(session[codes.SESSION_KEY])
    assert codes.code_check(session=session, code=code, slot=codes.EMAIL_SLOT) == (
        codes.CodeResult.OK,
        "new@example.net",
    )
    assert codes.code_check(session=copy, code=code, slot=codes.EMAIL_SLOT) == (
        codes.CodeResult.EXPIRED,
        None,
    )


def test_a_code_issued_before_the_counter_still_works():
    session = SessionStore()
    code = codes.code_issue(session=session, slot=codes.EMAIL_SLOT, recipient="old@example.net")
    state = session[codes.SESSION_KEY]
    del state["id"]
    state["email"] = state.pop("recipient")
    state["attempts_left"] = 3  # the shape sessions had before
    session[codes.SESSION_KEY] = state
    assert codes.code_check(session=session, code=code, slot=codes.EMAIL_SLOT) == (
        codes.CodeResult.OK,
        "old@example.net",
    )


def test_a_pending_code_names_the_recipient_it_was_sent_to_per_slot():
    session = SessionStore()
    codes.code_issue(session=session, slot=codes.EMAIL_SLOT, recipient="new@example.net")
    codes.code_issue(session=session, slot="phone", recipient="+32470123456")
    assert codes.code_pending_recipient(session, slot=codes.EMAIL_SLOT) == "new@example.net"
    assert codes.code_pending_recipient(session, slot="phone") == "+32470123456"


@pytest.mark.parametrize("slot", [codes.EMAIL_SLOT, "phone"])
def test_mailed_and_texted_codes_live_accounts_code_timeout(settings, slot):
    settings.ACCOUNTS_CODE_TIMEOUT = 120
    now = timezone.now()
    on_time, too_late = SessionStore(), SessionStore()
    with time_machine.travel(now, tick=False):
        code = codes.code_issue(session=on_time, slot=slot, recipient="+32470123456")
        late_code = codes.code_issue(session=too_late, slot=slot, recipient="+32470123456")
    with time_machine.travel(now + dt.timedelta(seconds=119), tick=False):
        assert codes.code_check(session=on_time, code=code, slot=slot) == (
            codes.CodeResult.OK,
            "+32470123456",
        )
    with time_machine.travel(now + dt.timedelta(seconds=121), tick=False):
        result = codes.code_check(session=too_late, code=late_code, slot=slot)
    assert result == (codes.CodeResult.EXPIRED, None)


def test_the_code_timeout_still_reads_its_older_environment_name():
    """Deployments that set ACCOUNTS_EMAIL_CODE_TIMEOUT keep their value after the rename."""
    script = """
import importlib, json, os
import servicedesk.settings.base as base
seen = []
for env in ({}, {"ACCOUNTS_EMAIL_CODE_TIMEOUT": "600"},
            {"ACCOUNTS_EMAIL_CODE_TIMEOUT": "600", "ACCOUNTS_CODE_TIMEOUT": "900"}):
    os.environ.pop("ACCOUNTS_EMAIL_CODE_TIMEOUT", None)
    os.environ.pop("ACCOUNTS_CODE_TIMEOUT", None)
    os.environ.update(env)
    seen.append(importlib.reload(base).ACCOUNTS_CODE_TIMEOUT)
print(json.dumps(seen))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTS_")}
    env["SECRET_KEY"] = "test-only"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [1800, 600, 900]


def test_every_text_that_names_the_codes_lifetime_follows_the_one_setting(settings):
    """The mailed codes, the code page and the prospect's welcome say the configured time."""
    from accounts.notifications import activation_code, prospect_welcome
    from accounts.tests.factories import ProspectFactory
    from notifications.models import OutboxMail

    settings.ACCOUNTS_CODE_TIMEOUT = 10 * 60
    activation_code(email="code@example.net", code="123456", language="nl")
    prospect_welcome(user=ProspectFactory(email="prospect@example.net", preferred_language="nl"))

    for address in ("code@example.net", "prospect@example.net"):
        mail = OutboxMail.objects.get(recipient_email=address)
        assert "10 minuten" in mail.body_text, mail.body_text
        assert "30 minuten" not in mail.body_text
    assert settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS == settings.ACCOUNTS_CODE_MAX_ATTEMPTS
