"""The five staff roles hold exactly their rights, and the demo lead does lead work.

The lead used to get 403 on the knowledgebase, the AUP, welcome accounts and
student imports.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from accounts.demo import seed_demo_accounts
from accounts.models import AccountEvent, User
from knowledgebase.models import AupVersion
from knowledgebase.tests.factories import AupVersionFactory

pytestmark = pytest.mark.django_db


def _held(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_each_role_group_holds_exactly_its_intended_rights(role):
    assert _held(Group.objects.get(name=role)) == set(roles.ROLE_PERMISSIONS[role])


def test_no_role_may_read_security_mails():
    permission = Permission.objects.get(codename="view_security_mail")
    assert not Group.objects.filter(name__in=roles.ALL_ROLES, permissions=permission).exists()


def test_only_the_account_administrator_may_add_users_and_only_kb_editors_publish_the_aup():
    def holders(codename: str) -> set[str]:
        return set(
            Group.objects.filter(permissions__codename=codename).values_list("name", flat=True)
        )

    assert holders("add_user") == {roles.ACCOUNT_ADMINISTRATOR}
    assert holders("publish_aupversion") == {roles.KB_EDITOR}


@pytest.fixture
def lead_client(client):
    seed_demo_accounts()
    lead = User.objects.get(username="lead")
    client.force_login(lead)
    return client


LEAD_PAGES = [
    "/admin/knowledgebase/article/",
    "/admin/knowledgebase/article/add/",
    "/admin/knowledgebase/category/",
    "/admin/knowledgebase/aupversion/",
    "/admin/knowledgebase/aupversion/add/",
    "/admin/accounts/user/",
    "/admin/accounts/user/import-students/",
    "/admin/accounts/studentimport/",
    "/admin/tickets/priorityrule/",
    "/admin/tickets/slatarget/",
    "/admin/appointments/appointmentschedule/",
]


def test_the_demo_lead_reaches_the_lead_pages(lead_client):
    statuses = {path: lead_client.get(path).status_code for path in LEAD_PAGES}
    assert statuses == dict.fromkeys(LEAD_PAGES, 200)


def test_the_demo_lead_publishes_an_aup_version_after_confirming(lead_client):
    version = AupVersionFactory(label="2027.1")
    data = {"action": "publish", "_selected_action": [version.pk]}
    confirm = lead_client.post("/admin/knowledgebase/aupversion/", data)
    assert confirm.status_code == 200 and 'name="confirm"' in confirm.content.decode()
    lead_client.post("/admin/knowledgebase/aupversion/", {**data, "confirm": "yes"})
    assert AupVersion.objects.get(is_current=True) == version


def test_a_second_line_agent_cannot_publish_the_aup(client, agent_second_line):
    version = AupVersionFactory(label="2027.2")
    client.force_login(agent_second_line)
    client.post(
        "/admin/knowledgebase/aupversion/",
        {"action": "publish", "_selected_action": [version.pk], "confirm": "yes"},
    )
    assert not AupVersion.objects.filter(is_current=True).exists()


def test_the_demo_lead_switches_on_a_welcome_account_created_active(lead_client):
    from accounts.tests.factories import ProspectFactory

    # The admin's add form leaves accounts active: such a prospect was never welcomed.
    prospect = ProspectFactory(username="new-prospect", is_active=True, totp=False, consent=False)
    response = lead_client.post(
        "/admin/accounts/user/",
        {"action": "enable_welcome_accounts", "_selected_action": [prospect.pk]},
    )
    assert response.status_code == 302
    assert AccountEvent.objects.filter(
        user=prospect, type=AccountEvent.Type.PROSPECT_ENABLED
    ).exists()
    # Safe to repeat: a second run welcomes nobody again.
    lead_client.post(
        "/admin/accounts/user/",
        {"action": "enable_welcome_accounts", "_selected_action": [prospect.pk]},
    )
    assert (
        AccountEvent.objects.filter(user=prospect, type=AccountEvent.Type.PROSPECT_ENABLED).count()
        == 1
    )


def test_an_account_administrator_cannot_grant_rights(lead_client):
    lead = User.objects.get(username="lead")
    page = lead_client.get(f"/admin/accounts/user/{lead.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page
