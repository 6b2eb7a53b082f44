"""Fixtures shared by every app's tests: the browser, the personas, the admin; the slow marker."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test
# thread still talks to the database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser journey and the container test are ``slow`` without saying so.

    Starting Chromium and a live server, or building an image, takes seconds
    per test; scripts/test chooses what each pass runs by ``slow``.
    """
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("container"):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _portal_default_language() -> Iterator[None]:
    """Each test starts in the portal's default language (Dutch).

    The test client runs requests in the test's thread, and the language
    middleware leaves the request's language active afterwards; without
    this, a test after one that browsed in English would run in English.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_texted_codes_from_another_test() -> Iterator[None]:
    """Each test starts with an empty SMS outbox, as Django empties ``mail.outbox``.

    The test settings text codes into ``accounts.sms.MemorySmsSender.outbox``,
    a list shared by the whole process.
    """
    from accounts.sms import MemorySmsSender

    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _no_status_board_from_another_test() -> None:
    """Each test starts without a cached status board (servicestatus/selectors.py).

    The board lives in the shared cache for a minute; a test's rollback or
    flush does not reach it, so another test's incident would show its banner.
    """
    from django.core.cache import cache

    from servicestatus.selectors import BOARD_KEY

    cache.delete(BOARD_KEY)


@pytest.fixture(autouse=True)
def _no_current_aup_from_another_test() -> None:
    """Each test starts without the AUP gate's cached current version (knowledgebase/selectors.py).

    A rollback sends no signal, so another test's published AUP would gate this one's users.
    """
    from django.core.cache import cache

    from knowledgebase.selectors import AUP_CURRENT_CACHE_KEY

    cache.delete(AUP_CURRENT_CACHE_KEY)


@pytest.fixture(autouse=True)
def _no_staff_option_lists_from_another_test() -> None:
    """Each test starts without the staff list's cached option lists (tickets/option_lists.py).

    A rollback sends no signal, so another test's desks and agents would be offered.
    """
    from django.conf import settings
    from django.core.cache import cache

    from tickets.option_lists import KEY

    cache.delete_many([KEY.format(language=code) for code, _name in settings.LANGUAGES])


@pytest.fixture(autouse=True)
def _no_tab_counts_from_another_test() -> None:
    """Each test starts with every remembered tab count stale (tickets/queues.py).

    A rollback sends no signal, and a user id may come again (SQLite).
    """
    import time

    from django.core.cache import cache

    from tickets.queues import CHANGED_KEY

    cache.set(CHANGED_KEY, time.time_ns(), None)


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request) -> None:
    """Before a transactional test, put back what an earlier test's flush dropped.

    pytest-django runs the transactional tests after all the others, so only
    they can find the role groups and defaults gone (core/testing/migration_data.py).
    """
    if _is_transactional(request):
        from core.testing.migration_data import restore_migration_data

        request.getfixturevalue("transactional_db")
        restore_migration_data()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    from core.testing.browser import CHROMIUM_ARGS, CHROMIUM_PATH

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request, live_server) -> Iterator:
    """A fresh browser context per test; a screenshot is kept when it fails."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        browser_page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


# --- A staffed desk --------------------------------------------------------
# The help desk, a category routed to it, a second-line resolver group, a
# first-line agent on the desk and a specialist in the group: what the
# tickets, alerts and insights tests route requests through. A test folder or
# module that needs other routing defines its own fixture of the same name.


@pytest.fixture
def desk(db):
    from tickets.tests.factories import DeskFactory

    return DeskFactory(slug="helpdesk", name_nl="ICT-helpdesk", name_en="IT help desk")


@pytest.fixture
def category(desk):
    from tickets.tests.factories import CategoryFactory

    return CategoryFactory(default_desk=desk)


@pytest.fixture
def group(desk):
    from tickets.tests.factories import ResolverGroupFactory

    return ResolverGroupFactory(
        slug="portal", desk=desk, name_nl="Beheer portaal", name_en="Portal management"
    )


@pytest.fixture
def agent(agent_first_line, desk):
    desk.agents.add(agent_first_line)
    return agent_first_line


@pytest.fixture
def specialist(agent_second_line, group):
    group.members.add(agent_second_line)
    return agent_second_line


# --- Mail and the broker: an SMTP server on loopback, an empty queue ------


@pytest.fixture
def smtp_sink() -> Iterator:
    """A real SMTP server on a loopback port that keeps what arrives."""
    from core.testing.smtp import SmtpSink

    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def smtp_backend(settings, smtp_sink) -> Iterator:
    """Send from the test process itself through real SMTP into ``smtp_sink``."""
    from notifications.messages import close_connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    yield smtp_sink
    close_connection()


@pytest.fixture
def empty_queue() -> None:
    """Drop the task messages earlier tests left, for rows that no longer exist."""
    from core.testing.broker import purge_queue

    purge_queue()


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser, with the authenticator app staff must have.

    The admin is unreachable for staff without one (accounts.middleware), so
    ``admin_client`` would otherwise only see the MFA set-up page.
    """
    from accounts.tests.factories import DEFAULT_PASSWORD, TEST_TOTP_SECRET
    from accounts.totp import user_install_totp

    user = django_user_model.objects.create_superuser(
        username="admin", email="admin@example.com", password=DEFAULT_PASSWORD
    )
    user_install_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


# --- Personas: the people who use the desk, one fixture each --------------
# Each is a fresh user with a verified email and the password
# accounts.tests.factories.DEFAULT_PASSWORD.


@pytest.fixture
def student(db):
    from accounts.tests.factories import StudentFactory

    return StudentFactory(username="student", first_name="Sam")


@pytest.fixture
def other_student(db):
    from accounts.tests.factories import StudentFactory

    return StudentFactory(username="other-student", first_name="Olivia")


@pytest.fixture
def prospect(db):
    from accounts.tests.factories import ProspectFactory

    return ProspectFactory(username="prospect", first_name="Pim")


@pytest.fixture
def alumnus(db):
    from accounts.tests.factories import AlumnusFactory

    return AlumnusFactory(username="alumnus", first_name="Ali")


@pytest.fixture
def agent_first_line(db):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    return StaffFactory(username="agent1", roles=[roles.FIRST_LINE_AGENT])


@pytest.fixture
def agent_second_line(db):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    return StaffFactory(username="agent2", roles=[roles.SECOND_LINE_AGENT])


@pytest.fixture
def desk_lead(db):
    from accounts import roles
    from accounts.tests.factories import StaffFactory

    return StaffFactory(username="lead", roles=[roles.SERVICEDESK_LEAD])
