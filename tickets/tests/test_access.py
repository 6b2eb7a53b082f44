"""The one access module: every persona gets the same answer from each of its doors."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import roles
from accounts.tests.factories import StaffFactory
from notifications.models import OutboxMail
from tickets import access
from tickets.services import ticket_escalate
from tickets.tests.factories import CategoryFactory, DeskFactory, ResolverGroupFactory, file_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(student, agent_first_line, agent_second_line, desk_lead):
    """Two desks; one request per desk; the second is escalated to a group."""
    desk, other_desk = DeskFactory(), DeskFactory()
    desk.agents.add(agent_first_line)
    group = ResolverGroupFactory(desk=other_desk)
    group.members.add(agent_second_line)
    mine = file_ticket(student, category=CategoryFactory(default_desk=desk))
    escalated = file_ticket(student, category=CategoryFactory(default_desk=other_desk))
    ticket_escalate(ticket=escalated, group=group, note="Specialists", acting_user=desk_lead)
    guest = file_ticket(None, category=CategoryFactory(default_desk=other_desk))
    return {"mine": mine, "escalated": escalated, "guest": guest}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("agent_first_line", {"mine"}),
        ("agent_second_line", {"escalated"}),
        ("desk_lead", {"mine", "escalated", "guest"}),
        ("student", set()),
    ],
)
def test_the_list_and_the_object_check_agree(request, world, persona, visible):
    user = request.getfixturevalue(persona)
    listed = set(access.tickets_visible_to(user))
    assert listed == {world[name] for name in visible}
    for ticket in world.values():
        assert access.staff_may_see(user, ticket) == (ticket in listed)
        if user.is_staff:
            assert access.may_act(ticket=ticket, acting_user=user) == (ticket in listed)


def test_an_inactive_agent_sees_nothing(agent_first_line, world):
    agent_first_line.is_active = False
    assert not access.tickets_visible_to(agent_first_line).exists()
    assert not access.staff_may_see(agent_first_line, world["mine"])


def test_the_requester_and_a_guest_act_only_on_their_own(student, other_student, world):
    assert access.may_act(ticket=world["mine"], acting_user=student)
    assert not access.may_act(ticket=world["mine"], acting_user=other_student)
    assert access.may_act(ticket=world["guest"], acting_user=None)
    with pytest.raises(PermissionDenied):
        access.check_may_act(ticket=world["mine"], acting_user=None)


def test_a_guest_lookup_is_404_for_missing_and_forbidden_alike(world):
    session: dict = {}
    for reference in (world["guest"].reference, "SD-0000-000000", world["mine"].reference):
        with pytest.raises(Http404):
            access.ticket_of_guest(session=session, reference=reference)
    access.grant_guest_access(session, world["guest"])
    assert access.ticket_of_guest(session=session, reference=world["guest"].reference)
    # A signed-in requester's request never opens through a guest session.
    access.grant_guest_access(session, world["mine"])
    with pytest.raises(Http404):
        access.ticket_of_guest(session=session, reference=world["mine"].reference)


def test_mails_follow_the_requests(agent_first_line, agent_second_line, desk_lead, world):
    def threads(user) -> set[str]:
        return set(
            access.mails_visible_to(user, OutboxMail.objects.all()).values_list(
                "thread_key", flat=True
            )
        )

    assert threads(agent_first_line) == {world["mine"].reference}
    assert threads(agent_second_line) == {world["escalated"].reference}
    assert threads(desk_lead) == {ticket.reference for ticket in world.values()}
    outsider = StaffFactory(username="outsider", roles=[roles.FIRST_LINE_AGENT])
    assert threads(outsider) == set()
