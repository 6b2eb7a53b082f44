"""With the database unreachable, pages and the API answer 503 + Retry-After.

A real ``runserver`` process whose DATABASE_URL points where nothing
answers: a closed port on PostgreSQL, a directory that does not exist on
SQLite (served without runserver's start-up migration check).
"""

from contextlib import ExitStack

import httpx
import pytest
from django.db import connection

from core.testing.processes import free_port, web_process
from core.testing.proxy import proxy

# A real web process; SQLite's unreachable file is its own branch, so the
# embedded pass runs it too.
pytestmark = [pytest.mark.slow, pytest.mark.embedded]


def unreachable_database_url() -> str:
    if connection.vendor == "sqlite":
        return "sqlite:////nonexistent-directory/servicedesk.sqlite3"
    return f"postgres://postgres@127.0.0.1:{free_port()}/servicedesk"


@pytest.fixture(scope="module")
def site():
    with (
        web_process(
            extra_env={"DATABASE_URL": unreachable_database_url()}, needs_database=False
        ) as url,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        yield http


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Tijdelijk niet beschikbaar"), ("en", "Temporarily unavailable")],
)
@pytest.mark.parametrize(
    ("path", "session"),
    [("/kb/", ""), ("/requests/new/", ""), ("/", "a-returning-visitors-session-key")],
)
def test_a_page_is_a_translated_503_with_retry_after(site, path, session, language, heading):
    # A session cookie makes even the home page read the database (the session).
    cookie = f"django_language={language}" + (f"; sessionid={session}" if session else "")
    response = site.get(path, headers={"Cookie": cookie})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.text
    assert heading in response.text
    # Every page carries the Content-Security-Policy, this one too.
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_page_is_dutch_by_default(site):
    response = site.get("/kb/")
    assert response.status_code == 503
    assert "Tijdelijk niet beschikbaar" in response.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/kb/search/?q=wifi", None),
        ("GET", "/api/v1/requests/", None),
        ("POST", "/api/v1/requests/", {"subject": "Wifi"}),
        ("POST", "/_allauth/app/v1/auth/login", {"email": "a@example.org", "password": "x"}),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_is_a_503_in_the_error_shape(site, method, path, body, language):
    response = site.request(
        method,
        path,
        json=body,
        headers={"Accept-Language": language, "X-Session-Token": "some-session-token"},
    )
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Content-Language"] == language
    payload = response.json()
    assert payload["code"] == "service_unavailable"
    assert payload["fields"] == {}
    assert payload["message"]


def test_the_messages_differ_per_language(site):
    messages = {
        language: site.get("/api/v1/kb/search/?q=x", headers={"Accept-Language": language}).json()
        for language in ("nl", "en")
    }
    assert messages["nl"]["message"] != messages["en"]["message"]


def test_the_health_check_keeps_its_answer(site):
    response = site.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_the_portal_recovers_by_itself_when_the_database_returns():
    """PostgreSQL cut off behind a proxy while the server runs, then reachable again."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server to cut off")
    db = connection.settings_dict
    proxy_port = free_port()
    target = int(db["PORT"] or 5432)
    url = f"postgres://{db['USER']}@127.0.0.1:{proxy_port}/{db['NAME']}"
    with ExitStack() as stack:
        network = ExitStack()
        network.enter_context(proxy(target, proxy_port))
        site = stack.enter_context(web_process(extra_env={"DATABASE_URL": url}))
        http = stack.enter_context(httpx.Client(base_url=site, timeout=30))
        assert http.get("/kb/").status_code == 200

        network.close()  # the database is unreachable now
        down = http.get("/kb/")
        assert down.status_code == 503
        assert "Retry-After" in down.headers
        assert http.get("/healthz").json()["database"] == "unavailable"

        with proxy(target, proxy_port):
            assert http.get("/kb/").status_code == 200
            assert http.get("/healthz").json()["database"] == "ok"
