"""No staff role reads mail that is not theirs.

An agent sees the mails of the requests they may see (``tickets.access``),
never a security mail (codes, sign-in, reset and activation links, MFA,
welcome), and the body of a mail that may hold a guest's private link only
with its links hidden. Only a superuser, or a role given
``notifications.view_security_mail`` on purpose, reads security mails, and
every such read is audited.
"""

from pathlib import Path

import allauth
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts import notifications as account_mails
from accounts import roles
from core.testing.clients import staff_client
from notifications import kinds
from notifications.models import OutboxMail, OutboxMailEvent
from notifications.services import outbox_mail_create
from tickets import links
from tickets.tests.factories import CategoryFactory, DeskFactory, file_ticket

pytestmark = pytest.mark.django_db

Status = OutboxMail.Status
CHANGELIST = reverse("admin:notifications_outboxmail_changelist")
AUDIT_LIST = "/admin/notifications/outboxmailevent/"


def change_url(mail: OutboxMail) -> str:
    return reverse("admin:notifications_outboxmail_change", args=[mail.pk])


def login_code_mail(email: str = "student@example.org") -> OutboxMail:
    """A mail as allauth's adapter writes it (the template prefix is the event)."""
    return outbox_mail_create(
        event="account/email/login_code",
        recipient_email=email,
        subject="Sign-in code",
        body_text="Your sign-in code is 424242.",
        language="en",
    )


@pytest.fixture
def own_desk(agent_first_line):
    desk = DeskFactory(slug="own-desk")
    desk.agents.add(agent_first_line)
    return desk


@pytest.fixture
def mails(own_desk, student):
    """One desk's request mails, another desk's, and two security mails."""
    own = file_ticket(student, category=CategoryFactory(default_desk=own_desk))
    guest = file_ticket(None, category=CategoryFactory(default_desk=own_desk))
    other = file_ticket(student, category=CategoryFactory(default_desk=DeskFactory()))
    account_mails.activation_code(email="new@example.org", code="135790", language="en")
    login_code_mail()
    by_thread = {ticket.reference: ticket for ticket in (own, guest, other)}
    rows = {mail.thread_key or mail.event: mail for mail in OutboxMail.objects.all()}
    assert set(by_thread) <= set(rows)
    return {
        "own": rows[own.reference],
        "guest": rows[guest.reference],
        "guest_ticket": guest,
        "other": rows[other.reference],
        "activation": rows["accounts_activation_code"],
        "login_code": rows["account/email/login_code"],
    }


def listed(client: Client, **params) -> set[OutboxMail]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_first_line_agent_sees_only_their_desks_mails_and_no_security_mail(agent_first_line, mails):
    client = staff_client(agent_first_line, "en")
    assert listed(client) == {mails["own"], mails["guest"]}
    page = client.get(CHANGELIST).content.decode()
    assert "accounts_activation_code" not in page  # not even offered as an event choice
    assert "login_code" not in page


def test_second_line_agent_sees_the_mails_of_their_groups_requests(
    agent_second_line, agent_first_line, mails
):
    from tickets.services import ticket_escalate
    from tickets.tests.factories import ResolverGroupFactory

    group = ResolverGroupFactory()
    group.members.add(agent_second_line)
    client = staff_client(agent_second_line, "en")
    assert listed(client) == set()
    ticket = mails["guest_ticket"]
    ticket_escalate(ticket=ticket, group=group, note="Specialists", acting_user=agent_first_line)
    assert {mail.thread_key for mail in listed(client)} == {ticket.reference}


@pytest.mark.parametrize("which", ["other", "activation", "login_code"])
@pytest.mark.parametrize("page", ["change", "history"])
def test_a_foreign_or_security_mail_answers_as_missing(agent_first_line, mails, which, page):
    mail = mails[which]
    url = reverse(f"admin:notifications_outboxmail_{page}", args=[mail.pk])
    response = staff_client(agent_first_line, "en").get(url, follow=True)
    # The admin's answer for a row outside the queryset, as for scoped requests.
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Perhaps it was deleted?" in response.content.decode()
    assert mail.body_text not in response.content.decode()
    assert not OutboxMailEvent.objects.exists()


def test_a_guests_mail_is_shown_with_its_private_link_hidden(agent_first_line, mails):
    mail = mails["guest"]
    token_path = links.private_link_path(mails["guest_ticket"])
    assert token_path in mail.body_text and token_path in mail.body_html
    page = staff_client(agent_first_line, "en").get(change_url(mail)).content.decode()
    assert mail.subject in page
    assert "[link hidden]" in page
    assert links.private_link_token(mails["guest_ticket"]) not in page
    # The HTML preview frame loads the body from its own URL: hidden there too.
    frame_url = reverse("admin:notifications_outboxmail_html_body", args=[mail.pk])
    frame = staff_client(agent_first_line, "en").get(frame_url)
    assert frame.status_code == 200
    assert "[link hidden]" in frame.content.decode()
    assert links.private_link_token(mails["guest_ticket"]) not in frame.content.decode()


def test_a_signed_in_requesters_mail_is_readable_by_their_desk(agent_first_line, mails):
    response = staff_client(agent_first_line, "en").get(change_url(mails["own"]))
    assert response.status_code == 200
    assert not OutboxMailEvent.objects.exists()  # only security mails are audited


@pytest.mark.parametrize("action", ["cancel_mails", "resend_mails"])
def test_actions_ignore_mails_the_agent_cannot_see(agent_first_line, mails, action):
    foreign = [mails["other"], mails["activation"], mails["login_code"]]
    OutboxMail.objects.update(status=Status.FAILED)
    before = {mail.pk: Status.FAILED for mail in foreign}
    response = staff_client(agent_first_line, "en").post(
        CHANGELIST,
        {"action": action, "_selected_action": [mail.pk for mail in [*foreign, mails["own"]]]},
    )
    assert response.status_code == 302
    statuses = dict(OutboxMail.objects.values_list("pk", "status"))
    assert {pk: statuses[pk] for pk in before} == before
    assert statuses[mails["own"].pk] != Status.FAILED
    acted_on = set(OutboxMailEvent.objects.values_list("mail_id", flat=True))
    assert acted_on == {mails["own"].pk}


def test_the_lead_sees_every_request_mail_but_no_security_mail(desk_lead, mails):
    client = staff_client(desk_lead, "en")
    assert listed(client) == {mails["own"], mails["guest"], mails["other"]}
    assert client.get(change_url(mails["login_code"])).status_code == 302


def test_superuser_reading_a_security_mail_is_audited(admin_client, admin_user, mails):
    mail = mails["login_code"]
    assert mail in listed(admin_client)
    page = admin_client.get(change_url(mail)).content.decode()
    assert "424242" in page
    read = OutboxMailEvent.objects.get()
    assert (read.type, read.mail, read.acting_user) == (
        OutboxMailEvent.Type.READ,
        mail,
        admin_user,
    )
    assert read.created_at is not None
    audit = admin_client.get(AUDIT_LIST)
    assert list(audit.context["cl"].result_list) == [read]
    # Read only: nothing to add, change or delete.
    assert admin_client.get(reverse("admin:notifications_outboxmailevent_add")).status_code == 403


def test_only_superusers_see_the_audit_trail(desk_lead, mails):
    assert staff_client(desk_lead, "en").get(AUDIT_LIST).status_code == 403


def test_a_role_given_the_permission_reads_security_mails_and_is_audited(agent_first_line, mails):
    permission = Permission.objects.get(codename="view_security_mail")
    Group.objects.get(name=roles.FIRST_LINE_AGENT).permissions.add(permission)
    client = staff_client(agent_first_line, "en")
    assert listed(client) == {
        mails["own"],
        mails["guest"],
        mails["activation"],
        mails["login_code"],
    }
    page = client.get(change_url(mails["activation"])).content.decode()
    assert "135790" in page
    assert OutboxMailEvent.objects.get().acting_user == agent_first_line


def test_the_security_permission_is_given_to_no_role():
    permission = Permission.objects.get(
        content_type__app_label="notifications", codename="view_security_mail"
    )
    assert not permission.group_set.exists()
    assert not Group.objects.filter(name__in=roles.ALL_ROLES, permissions=permission).exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_the_agents_list_costs_the_same_queries_for_few_and_many_rows(
    agent_first_line, own_desk, student, django_assert_num_queries, rows, settings
):
    category = CategoryFactory(default_desk=own_desk)
    other = CategoryFactory(default_desk=DeskFactory())
    for _n in range(rows):
        file_ticket(student, category=category)
        file_ticket(student, category=other)
        login_code_mail()
    client = staff_client(agent_first_line, "en")
    client.get(CHANGELIST)  # warm the session and content types
    # user, user and group permissions, the lead check (groups), event
    # choices, capped count, rows (the AUP gate asks once per session); plus
    # the session row when sessions are not cached in Redis (the embedded set-up).
    queries = 7 if settings.SESSION_ENGINE.endswith("cached_db") else 8
    with django_assert_num_queries(queries):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == rows


# --- Every kind of mail is classified ---------------------------------------------


def _sent_events() -> set[str]:
    """Every event the portal's templates and allauth's mail templates can produce."""
    root = Path(django_settings.BASE_DIR)
    events = {
        path.parent.name
        for path in root.glob("*/templates/notifications/*/subject.txt")
        if ".venv" not in path.parts
    }
    events |= {path.parent.name for path in root.glob("templates/notifications/*/subject.txt")}
    for base in (Path(allauth.__file__).parent / "templates", root / "templates"):
        for path in base.glob("*/email/*_subject.txt"):
            app = path.parent.parent.name
            events.add(f"{app}/email/{path.name.removesuffix('_subject.txt')}")
    return events


def test_every_mail_kind_is_classified():
    events = _sent_events()
    assert "ticket_filed_guest" in events and "account/email/login_code" in events
    assert events - set(kinds.MAIL_CLASSES) == set()


@pytest.mark.parametrize(
    "event",
    [
        "account/email/login_code",
        "account/email/password_reset_key",
        "account/email/email_confirmation_signup",
        "accounts_activation_code",
        "accounts_prospect_welcome",
        "mfa/email/totp_activated",
        "an_event_nobody_classified",
    ],
)
def test_codes_links_mfa_welcome_and_unknown_kinds_are_security_mails(event):
    assert kinds.mail_class(event) == kinds.MailClass.SECURITY
