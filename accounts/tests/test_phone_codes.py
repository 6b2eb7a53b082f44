"""The phone-code second factor through the pluggable SMS sender."""

import re

import pytest

from accounts.models import PhoneAuthenticator
from accounts.services import user_set_phone_authenticator
from accounts.sms import MemorySmsSender
from accounts.tests.factories import ProspectFactory, StaffFactory
from accounts.tests.helpers import last_login_code

pytestmark = pytest.mark.django_db

PHONE = "+32470123456"


def last_sms_code(to: str = PHONE) -> str:
    texts = [text for number, text in MemorySmsSender.outbox if number == to]
    return re.search(r"(\d{6})", texts[-1]).group(1)


def test_prospect_without_a_factor_may_choose_app_or_phone(client):
    prospect = ProspectFactory(username="chooser", totp=False)
    client.force_login(prospect)
    response = client.get("/", follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/accounts/mfa/setup/?next=%2F"
    assert "/accounts/2fa/totp/activate/?next=%2F" in body
    assert "/accounts/mfa/phone/?next=%2F" in body


def test_prospect_sets_up_the_phone_with_a_texted_code(client):
    prospect = ProspectFactory(username="texter", totp=False)
    client.force_login(prospect)
    response = client.post(
        "/accounts/mfa/phone/", {"phone_number": "+32 470 12 34 56", "next": "/"}
    )
    assert response.url == "/accounts/mfa/phone/confirm/?next=%2F"
    assert not PhoneAuthenticator.objects.filter(user=prospect).exists()
    response = client.post("/accounts/mfa/phone/confirm/", {"code": last_sms_code(), "next": "/"})
    assert response.url == "/"
    assert PhoneAuthenticator.objects.get(user=prospect).phone_number == PHONE
    assert client.get("/").status_code == 200  # the factor is there, consent was given


def test_malformed_phone_number_is_explained(client):
    prospect = ProspectFactory(username="badphone", totp=False)
    client.force_login(prospect)
    response = client.post("/accounts/mfa/phone/", {"phone_number": "0470 12"})
    assert "internationaal formaat" in response.content.decode()
    assert MemorySmsSender.outbox == []


def test_login_by_email_code_then_phone_code(client):
    prospect = ProspectFactory(username="phoneuser", totp=False)
    user_set_phone_authenticator(user=prospect, phone_number=PHONE)
    client.post("/accounts/login/code/", {"email": prospect.email})
    response = client.post(
        "/accounts/login/code/confirm/", {"code": last_login_code(prospect.email)}
    )
    assert response.url == "/accounts/mfa/phone/authenticate/"
    assert client.session.get("_auth_user_id") is None
    wrong = f"{(int(last_sms_code()) + 1) % 10**6:06d}"
    page = client.post("/accounts/mfa/phone/authenticate/", {"code": wrong})
    assert "klopt niet" in page.content.decode()
    client.post("/accounts/mfa/phone/authenticate/", {"code": last_sms_code()})
    assert client.session.get("_auth_user_id") == str(prospect.pk)


def test_three_wrong_phone_codes_end_the_login(client):
    prospect = ProspectFactory(username="guesser", totp=False)
    user_set_phone_authenticator(user=prospect, phone_number=PHONE)
    client.post("/accounts/login/code/", {"email": prospect.email})
    client.post("/accounts/login/code/confirm/", {"code": last_login_code(prospect.email)})
    right = last_sms_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(3):
        client.post("/accounts/mfa/phone/authenticate/", {"code": wrong})
    client.post("/accounts/mfa/phone/authenticate/", {"code": right})
    assert client.session.get("_auth_user_id") is None


def test_phone_is_not_enough_for_staff(client):
    staff = StaffFactory(username="phonestaff", totp=False)
    user_set_phone_authenticator(user=staff, phone_number=PHONE)
    client.force_login(staff)
    assert client.get("/admin/").url.startswith("/accounts/2fa/totp/activate/")
    assert client.get("/accounts/mfa/phone/").url == "/accounts/2fa/totp/activate/"


def test_profile_shows_and_removes_the_phone(client):
    prospect = ProspectFactory(username="remover")
    user_set_phone_authenticator(user=prospect, phone_number=PHONE)
    client.force_login(prospect)
    assert "456" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/mfa/phone/remove/")
    assert not PhoneAuthenticator.objects.filter(user=prospect).exists()


def test_default_sender_writes_a_file(settings, tmp_path):
    from accounts.sms import send_sms

    settings.ACCOUNTS_SMS_SENDER = "accounts.sms.FileSmsSender"
    settings.DATA_DIR = tmp_path
    send_sms(to=PHONE, text="hello 123456")
    (written,) = (tmp_path / "sms").iterdir()
    assert "hello 123456" in written.read_text()
