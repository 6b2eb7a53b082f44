"""factory_boy factories for routing data; requests are filed through the service."""

import factory

from tickets import services
from tickets.choices import Impact, Urgency
from tickets.models import Category, Desk, Office, ResolverGroup, StandardAnswer


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"desk-{n}")
    name_nl = factory.Sequence(lambda n: f"Loket {n}")
    name_en = factory.Sequence(lambda n: f"Desk {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_nl = factory.Sequence(lambda n: f"Categorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    default_desk = factory.SubFactory(DeskFactory)


class ResolverGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolverGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_nl = factory.Sequence(lambda n: f"Functioneel beheer {n}")
    name_en = factory.Sequence(lambda n: f"Functional management {n}")
    desk = factory.SubFactory(DeskFactory)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name_nl = "Onderwijssecretariaat Rechten"
    name_en = "Law education office"
    email = "onderwijs.rechten@example.org"
    phone = "+32 9 000 00 00"


class StandardAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardAnswer

    title = factory.Sequence(lambda n: f"Answer {n}")
    body_nl = "Beste {requester_name}, over {reference}: neem contact op met {office_contact}."
    body_en = "Dear {requester_name}, about {reference}: please contact {office_contact}."


def file_ticket(requester=None, *, category=None, **overrides):
    """File a request through the service, as the portal does."""
    category = category or CategoryFactory()
    values = {
        "category": category,
        "subject": "Cannot log in to the learning platform",
        "description": "It says my password is wrong.",
        "impact": Impact.JUST_ME,
        "urgency": Urgency.BLOCKS_MY_WORK,
    }
    if requester is None:
        values |= {"requester_name": "Guest Person", "requester_email": "guest@example.net"}
    values |= overrides
    return services.ticket_file(requester=requester, acting_user=requester, **values)
