"""factory_boy factories for accounts; the personas in conftest.py use them."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

DEFAULT_PASSWORD = "Correct-Horse-42"
# Staff and prospects must have an authenticator app before they may use the
# portal, so their factories install one with this secret unless told
# ``totp=False``; tests compute codes with accounts.totp.totp_code(TEST_TOTP_SECRET).
TEST_TOTP_SECRET = "KRSXG5CUN5ZHAU3FMNZGK5BTGQ2DQMBS"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email address and a known password."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    kind = User.Kind.STUDENT

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and self.email:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.set([Group.objects.get(name=name) for name in extracted])


class StudentFactory(UserFactory):
    kind = User.Kind.STUDENT
    student_number = factory.Sequence(lambda n: f"{n:07d}")


class ProspectFactory(UserFactory):
    """A prospect who has finished setting up: authenticator app and data-use consent.

    ``ProspectFactory(totp=False, consent=False)`` is one who just logged in.
    """

    kind = User.Kind.PROSPECT

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from accounts.totp import user_install_totp

            user_install_totp(user=self, secret=TEST_TOTP_SECRET)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from accounts.models import Consent

            Consent.objects.get_or_create(user=self, kind=Consent.Kind.PROSPECT_DATA_USE)


class AlumnusFactory(UserFactory):
    kind = User.Kind.ALUMNUS
    alumni_number = factory.Sequence(lambda n: f"Q{n:07d}")


class StaffFactory(UserFactory):
    """Staff with an authenticator app (mandatory for the admin); ``totp=False`` without."""

    kind = User.Kind.STAFF
    is_staff = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from accounts.totp import user_install_totp

            user_install_totp(user=self, secret=TEST_TOTP_SECRET)
