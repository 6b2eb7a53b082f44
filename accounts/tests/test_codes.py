"""Mailed and texted codes: three tries counted outside the session, one use."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from accounts import codes

pytestmark = pytest.mark.django_db


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_the_third_wrong_try_ends_the_code_even_from_a_stale_copy_of_the_session():
    session = SessionStore()
    code = codes.code_issue(session=session, email="new@example.net")
    stale = dict(session[codes.SESSION_KEY])
    assert codes.code_check(session=session, code=wrong(code))[0] == codes.CodeResult.WRONG
    assert codes.code_check(session=session, code=wrong(code))[0] == codes.CodeResult.WRONG
    # A parallel request that loaded the session before those tries:
    parallel = SessionStore()
    parallel[codes.SESSION_KEY] = stale
    assert codes.code_check(session=parallel, code=wrong(code))[0] == codes.CodeResult.EXPIRED
    assert codes.code_check(session=session, code=code)[0] == codes.CodeResult.EXPIRED


def test_a_right_code_proves_its_address_once():
    session = SessionStore()
    code = codes.code_issue(session=session, email="new@example.net")
    copy = SessionStore()
    copy[codes.SESSION_KEY] = dict(session[codes.SESSION_KEY])
    assert codes.code_check(session=session, code=code) == (codes.CodeResult.OK, "new@example.net")
    assert codes.code_check(session=copy, code=code) == (codes.CodeResult.EXPIRED, None)


def test_a_code_issued_before_the_counter_still_works():
    session = SessionStore()
    code = codes.code_issue(session=session, email="old@example.net")
    state = session[codes.SESSION_KEY]
    del state["id"]
    state["attempts_left"] = 3  # the shape sessions had before
    session[codes.SESSION_KEY] = state
    assert codes.code_check(session=session, code=code) == (codes.CodeResult.OK, "old@example.net")
