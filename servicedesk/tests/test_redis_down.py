"""Redis down: the portal keeps filing, and the mails go out once it is back.

Real parts, as in production with one REDIS_URL: ``runserver`` and ``celery
worker`` as their own processes sharing a private ``redis-server`` for the
cache, the session cache, every rate limit and throttle, and the broker;
and an SMTP server on loopback. Redis is stopped while a guest, a signed-in
student (web and API) and an anonymous visitor use the portal, then started
again on the same port.
"""

import importlib
import re
import time
from contextlib import ExitStack
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import httpx
import pytest
from django.apps import apps

from accounts.tests.factories import DEFAULT_PASSWORD, StudentFactory
from core.testing.processes import (
    outbox_swept_after_broker_outage,
    redis_server,
    web_process,
)
from core.testing.smtp import SmtpSink
from knowledgebase.tests.factories import ArticleFactory
from notifications.models import OutboxMail
from tickets.choices import Impact, Urgency
from tickets.models import Ticket
from tickets.tests.factories import CategoryFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

defaults = importlib.import_module("tickets.migrations.0003_defaults_and_role_permissions")


class Browser:
    """A browser without JavaScript: keeps cookies, reads CSRF tokens from forms."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def submit(self, path: str, data: dict[str, str]):
        page = self.opener.open(self.base_url + path, timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = Request(self.base_url + path, data=body, headers={"Referer": self.base_url})  # noqa: S310
        return self.opener.open(request, timeout=30)


def form(category, subject: str, **extra: str) -> dict[str, str]:
    return {
        "category": str(category.pk),
        "subject": subject,
        "description": "Filed while Redis was down.",
        "impact": str(Impact.JUST_ME),
        "urgency": str(Urgency.BLOCKS_MY_WORK),
        **extra,
    }


def wait_until_sent(mails: list[OutboxMail], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in mails:
            mail.refresh_from_db()
        if all(mail.status == OutboxMail.Status.SENT for mail in mails):
            return
        time.sleep(0.3)


def test_requests_filed_while_redis_is_down_are_saved_and_their_mails_arrive_later():
    # A transactional test starts from flushed tables: put back the priority
    # matrix, SLA targets and opening hours the data migration made.
    defaults.fill_defaults(apps, None)
    category = CategoryFactory()
    web_student = StudentFactory(username="web-student", email="web-student@example.org")
    app_student = StudentFactory(username="app-student", email="app-student@example.org")
    ArticleFactory(title_nl="Wifi instellen", title_en="Setting up wifi")

    with ExitStack() as web:
        redis = ExitStack()
        port = redis.enter_context(redis_server())
        redis_url = f"redis://127.0.0.1:{port}/0"
        env = {"REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url}
        site = web.enter_context(web_process(extra_env=env))
        api = web.enter_context(
            httpx.Client(base_url=site, timeout=30, headers={"Accept-Language": "en"})
        )
        # Signed in while Redis is up: the session is in the database and in Redis.
        browser = Browser(site)
        login = browser.submit(
            "/accounts/login/", {"login": web_student.email, "password": DEFAULT_PASSWORD}
        )
        assert "/accounts/login/" not in login.url

        redis.close()  # Redis is down now: nothing listens on its port.

        # 1. A guest files through the web form.
        guest = Browser(site).submit(
            "/requests/new/",
            form(category, "Guest: wifi drops", name="Guest Person", email="guest@example.net"),
        )
        assert guest.status == 200
        assert "/requests/filed/" in guest.url
        # 2. The signed-in student files through the web form.
        student = browser.submit("/requests/new/", form(category, "Student: printer jams"))
        assert student.status == 200
        assert re.search(r"/requests/SD-\d{4}-\d{6}/$", student.url), student.url
        # 3. The app signs in through allauth's headless endpoint ...
        app_login = api.post(
            "/_allauth/app/v1/auth/login",
            json={"email": app_student.email, "password": DEFAULT_PASSWORD},
        )
        assert app_login.status_code == 200, app_login.text
        token = app_login.json()["meta"]["session_token"]
        # 4. ... and files through the API.
        filed = api.post(
            "/api/v1/requests/",
            json={
                "category": category.pk,
                "subject": "App: no eduroam",
                "description": "Filed from the app while Redis was down.",
                "impact": Impact.JUST_ME,
                "urgency": Urgency.BLOCKS_MY_WORK,
            },
            headers={"X-Session-Token": token},
        )
        assert filed.status_code == 201, filed.text
        # 5. An anonymous visitor searches the knowledge base, on the web and in the app.
        page = api.get("/kb/search/", params={"q": "wifi"})
        assert page.status_code == 200
        assert "Wifi instellen" in page.text
        hits = api.get("/api/v1/kb/search/", params={"q": "wifi"})
        assert hits.status_code == 200, hits.text
        assert hits.json()  # a list of hits

    tickets = {
        "guest@example.net": Ticket.objects.get(subject="Guest: wifi drops"),
        web_student.email: Ticket.objects.get(subject="Student: printer jams"),
        app_student.email: Ticket.objects.get(subject="App: no eduroam"),
    }
    assert tickets[web_student.email].requester == web_student
    assert tickets[app_student.email].requester == app_student
    assert tickets[app_student.email].reference == filed.json()["reference"]
    mails = list(OutboxMail.objects.filter(recipient_email__in=tickets))
    assert {mail.recipient_email for mail in mails} == set(tickets)
    assert all(mail.status == OutboxMail.Status.READY for mail in mails)

    # Redis is back on the same port: beat would queue the sweep; ``celery call`` does it.
    with SmtpSink() as sink:
        worker_env = {
            "EMAIL_URL": sink.email_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "NOTIFICATIONS_SWEEP_GRACE": "0",
        }
        with outbox_swept_after_broker_outage(port=port, worker_env=worker_env):
            wait_until_sent(mails)
        assert all(mail.status == OutboxMail.Status.SENT for mail in mails)
        delivered = {
            recipient for _sender, recipients in sink.envelopes for recipient in recipients
        }
        assert set(tickets) <= delivered
        for email, ticket in tickets.items():
            assert any(
                ticket.reference in str(message["Subject"]) and email in str(message["To"])
                for message in sink.messages
            ), email
