"""The poll in this process against a real Dovecot: re-fetching after a crash, marking, config."""

import pytest

from mailin.imap import imap_config
from mailin.models import InboundMessage
from mailin.services import mail_hold, mail_receive, mailbox_poll
from mailin.tests.mails import new_mail
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_mail_committed_just_before_a_crash_is_fetched_again_and_filed_once(
    dovecot, settings, mail_category
):
    settings.INBOUND_IMAP_URL = dovecot.url
    first = new_mail(sender="a@example.net", subject="Eerste", message_id="<a@x>")
    second = new_mail(sender="b@example.net", subject="Tweede", message_id="<b@x>")
    dovecot.append(first, second)
    mail_receive(first)  # committed, then the worker died before flagging it on the server
    assert dovecot.unprocessed() == 2

    result = mailbox_poll()

    assert (result.handled, result.remaining) == (2, 0)
    assert dovecot.unprocessed() == 0
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Eerste", "Tweede"]
    assert mailbox_poll().handled == 0  # nothing left to do on the next run


def test_with_a_processed_folder_mail_is_moved_out_of_the_inbox(dovecot, settings, mail_category):
    settings.INBOUND_IMAP_URL = dovecot.url
    settings.INBOUND_PROCESSED_FOLDER = "Verwerkt"
    with dovecot.mailbox() as box:
        box.folder.create("Verwerkt")
    dovecot.append(new_mail(message_id="<moved@x>"))
    assert mailbox_poll().handled == 1
    with dovecot.mailbox() as box:
        assert box.uids("ALL") == []
        box.folder.set("Verwerkt")
        assert len(box.uids("ALL")) == 1
    assert InboundMessage.objects.get().status == InboundMessage.Status.PROCESSED


def test_the_mailbox_url_is_parsed_with_encoded_user_and_default_port():
    config = imap_config("imaps://desk%40uni.example:p%40ss@imap.uni.example/Helpdesk")
    assert (config.user, config.password, config.host, config.port, config.folder) == (
        "desk@uni.example", "p@ss", "imap.uni.example", 993, "Helpdesk"
    )  # fmt: skip
    assert imap_config("") is None
    with pytest.raises(ValueError, match="unsupported scheme"):
        imap_config("pop3://x@y/")


def test_an_old_style_bounce_without_a_report_is_never_answered(mail_category):
    inbound = mail_receive(new_mail(sender="MAILER-DAEMON@mx.example.net", subject="Undeliverable"))
    assert inbound.status == InboundMessage.Status.IGNORED
    assert not Ticket.objects.exists()


def test_a_mail_that_trips_an_unexpected_error_is_held_with_it_not_lost(mail_category):
    raw = new_mail(subject="Vreemd", message_id="<odd@x>")
    inbound = mail_hold(raw=raw, detail="RuntimeError: boom")
    assert (inbound.status, inbound.reason, inbound.subject) == (
        InboundMessage.Status.HELD, InboundMessage.Reason.UNPARSEABLE, "Vreemd"
    )  # fmt: skip
    assert inbound.raw.open("rb").read() == raw
    assert mail_receive(raw).pk == inbound.pk  # fetched again: still held, nothing posted
    assert not Ticket.objects.exists()
