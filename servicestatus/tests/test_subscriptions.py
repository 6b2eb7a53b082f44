"""Status mail by subscription: double opt-in, one-click unsubscribe, maintenance ahead."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client

from core import clock
from notifications.models import OutboxMail
from servicestatus import services, subscriptions, tokens
from servicestatus.models import IncidentUpdate, Subscription

from .test_views import visitor

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/status/subscribe/"
ADDRESS = "fan@example.net"


def mails(event: str, email: str = ADDRESS):
    return OutboxMail.objects.filter(event=event, recipient_email__iexact=email)


def link_in(mail: OutboxMail, prefix: str) -> str:
    found = re.search(rf"https?://[^/\s]+({prefix}[^\s]+/)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


def fan_out_all() -> None:
    for update in IncidentUpdate.objects.filter(sent_at__isnull=True, superseded=False):
        services.update_fan_out(update_id=update.pk)


def subscribe_and_confirm(client: Client) -> None:
    response = client.post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS})
    assert response.status_code == 200
    confirm = link_in(mails("status_subscription_confirm").get(), "/status/subscribe/confirm/")
    assert client.post(confirm).status_code == 200


def test_a_visitor_subscribes_confirms_by_post_and_gets_each_update_once(
    incident, eduroam, agent_first_line
):
    client = visitor("en")
    response = client.post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS})
    assert "Check your mail" in response.content.decode()
    confirm_mail = mails("status_subscription_confirm").get()
    assert confirm_mail.language == "en" and "Eduroam" in confirm_mail.subject
    confirm = link_in(confirm_mail, "/status/subscribe/confirm/")

    # Opening the link (a mail scanner would) confirms nothing.
    page = client.get(confirm)
    assert page.status_code == 200 and "Yes, subscribe" in page.content.decode()
    services.incident_post_update(
        incident=incident, body_nl="Nog bezig.", body_en="Still on it.", acting_user=None
    )
    fan_out_all()
    assert not mails("incident_update").exists()

    assert "Done: we mail" in client.post(confirm).content.decode()
    assert client.post(confirm).status_code == 200  # a double submit changes nothing
    services.incident_post_update(
        incident=incident, body_nl="Bijna.", body_en="Almost there.", acting_user=None
    )
    services.incident_resolve(
        incident=incident, body_nl="Opgelost.", body_en="Fixed.", acting_user=None
    )
    fan_out_all()
    fan_out_all()  # the sweeper running again sends nothing twice
    got = list(mails("incident_update").order_by("pk"))
    # "Almost there" was superseded by the closing update before it was mailed.
    assert [("Fixed." in m.body_text, m.language) for m in got] == [(True, "en")]
    assert "/status/unsubscribe/" in got[0].body_text
    # The mail client's own "unsubscribe" (RFC 8058) reaches the same one-click link.
    from notifications.messages import build_message

    headers = build_message(got[0]).message()
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.endswith(link_in(got[0], "/status/unsubscribe/"))
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = "/" + link.split("/", 3)[3]
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.exists()
    # A confirmation mail belongs to no list yet: it carries no such header.
    assert "List-Unsubscribe" not in build_message(confirm_mail).message()


def test_subscribing_again_does_not_mail_a_confirmed_subscriber(eduroam):
    client = visitor("nl")
    subscribe_and_confirm(client)
    client.post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS.upper()})
    assert mails("status_subscription_confirm").count() == 1
    assert Subscription.objects.get().confirmed_at is not None


def test_one_click_unsubscribe_works_without_login_or_csrf_and_get_only_asks(eduroam):
    subscribe_and_confirm(visitor("en"))
    subscription = Subscription.objects.get()
    path = tokens.unsubscribe_path(subscription)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies["django_language"] = "en"
    page = strict.get(path)
    assert "Stop the mail" in page.content.decode() and Subscription.objects.exists()
    response = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Subscription.objects.exists()
    assert strict.post(path).status_code == 200  # the second click: already gone
    bad = strict.get(path)
    assert bad.status_code == 400 and "not valid" in bad.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "niet (meer) geldig"), ("en", "not valid (any more)")]
)
def test_tampered_tokens_get_a_translated_page_not_a_500(eduroam, language, expected):
    subscribe_and_confirm(visitor("en"))
    subscription = Subscription.objects.get()
    client = visitor(language)
    good = tokens.unsubscribe_path(subscription).split("/")[-2]
    for token in ["nonsense", good[:-3] + "abc", signing.dumps({"s": "x"}, salt="other")]:
        for path in (f"/status/unsubscribe/{token}/", f"/status/subscribe/confirm/{token}/"):
            response = client.get(path)
            assert response.status_code == 400, path
            assert expected in response.content.decode()
    # a valid unsubscribe token is no confirmation token (different salt)
    assert client.get(f"/status/subscribe/confirm/{good}/").status_code == 400


def test_an_expired_confirmation_link_says_so(eduroam, monkeypatch):
    visitor("en").post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS})
    confirm = link_in(mails("status_subscription_confirm").get(), "/status/subscribe/confirm/")
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", timedelta(seconds=-1))
    response = visitor("nl").post(confirm)
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_bad_input_keeps_what_was_typed_and_subscribing_is_rate_limited(eduroam):
    from servicestatus import views_subscriptions

    client = visitor("en")
    response = client.post(SUBSCRIBE, {"service": "eduroam", "email": "not-an-address"})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="not-an-address"' in page
    assert 'aria-invalid="true"' in page
    assert client.post(SUBSCRIBE, {"service": "nope", "email": ADDRESS}).status_code == 400
    for _try in range(views_subscriptions.SUBSCRIBE_PER_EMAIL):
        assert client.post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS}).status_code == 200
    response = client.post(SUBSCRIBE, {"service": "eduroam", "email": ADDRESS})
    assert response.status_code == 429 and "Too many tries" in response.content.decode()
    assert mails("status_subscription_confirm").count() == views_subscriptions.SUBSCRIBE_PER_EMAIL


def test_maintenance_is_announced_once_and_reminded_once_a_day_ahead(
    eduroam, agent_first_line, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(visitor("nl"))
    starts = clock.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks() as callbacks:
        maintenance = services.incident_open(
            title_nl="Onderhoud eduroam",
            title_en="Eduroam maintenance",
            services=[eduroam],
            kind="maintenance",
            impact="maintenance",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            acting_user=agent_first_line,
        )
    assert "maintenance_announce" in " ".join(c.__qualname__ for c in callbacks)
    assert subscriptions.maintenance_announce(incident_id=maintenance.pk) == 1
    assert subscriptions.maintenance_announce(incident_id=maintenance.pk) == 0  # told already
    announced = mails("status_maintenance").get()
    assert "Onderhoud eduroam" in announced.subject
    assert "/status/unsubscribe/" in announced.body_text

    assert subscriptions.maintenance_reminders_send() == 0  # three days ahead: not yet
    maintenance.starts_at = clock.now() + timedelta(hours=23)
    maintenance.save(update_fields=["starts_at"])
    assert subscriptions.maintenance_reminders_send() == 1
    assert subscriptions.maintenance_reminders_send() == 0  # the beat running twice
    reminder = mails("status_maintenance").order_by("pk").last()
    assert reminder.pk != announced.pk and "Herinnering" in reminder.subject
