"""Demo desks, categories, groups, offices, answers and requests of a university desk.

Safe to run again: rows are matched on stable keys, and the demo student's
requests are filed only when they have none.
"""

from django.db import transaction

from .models import Category, Desk, DeskSettings, Office, ResolverGroup, StandardAnswer

DEMO_DESKS = [
    ("helpdesk", "ICT-helpdesk", "IT help desk"),
    (
        "student-portal",
        "Functioneel beheer studentenportaal",
        "Student portal functional management",
    ),
    ("education-office", "Onderwijssecretariaat", "Education office"),
]

DEMO_CATEGORIES = [
    # slug, Dutch, English, desk
    ("account-password", "Account en wachtwoord", "Account and password", "helpdesk"),
    ("email", "E-mail", "Email", "helpdesk"),
    ("wifi-network", "Wifi en netwerk", "Wi-Fi and network", "helpdesk"),
    ("learning-platform", "Leerplatform", "Learning platform", "helpdesk"),
    ("student-portal", "Studentenportaal", "Student portal", "student-portal"),
    ("printing", "Printen", "Printing", "helpdesk"),
    ("software", "Software", "Software", "helpdesk"),
    ("other", "Andere vraag", "Other question", "helpdesk"),
]


@transaction.atomic
def seed_demo_desks_and_categories() -> None:
    """Create or refresh the demo desks and the top level of the category tree."""
    desks = {}
    for slug, name_nl, name_en in DEMO_DESKS:
        desks[slug], _ = Desk.objects.update_or_create(
            slug=slug, defaults={"name_nl": name_nl, "name_en": name_en}
        )
    for position, (slug, name_nl, name_en, desk) in enumerate(DEMO_CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "default_desk": desks[desk],
                "position": position,
            },
        )


DEMO_GROUPS = [
    # slug, Dutch, English, desk, member usernames
    ("portal-fm", "Functioneel beheer studentenportaal", "Student portal functional management",
     "helpdesk", ["agent2"]),
    ("network", "Netwerkbeheer", "Network management", "helpdesk", []),
]  # fmt: skip

DEMO_OFFICES = [
    # Dutch, English, email, phone, website, hours nl, hours en
    ("Onderwijssecretariaat Faculteit Rechten", "Law faculty education office",
     "onderwijs.rechten@example.org", "+32 9 000 10 10", "",
     "Ma-vr 9-12 uur", "Mon-Fri 9am-12pm"),
    ("Alumnikantoor", "Alumni office", "alumni@example.org", "", "https://example.org/alumni",
     "", ""),
]  # fmt: skip

WRONG_DESK_TITLE = "Wrong desk: education office"
DEMO_ANSWERS = [
    (WRONG_DESK_TITLE, StandardAnswer.Purpose.WRONG_DESK,
     "Beste {requester_name},\n\nJe vraag ({reference}) gaat over studieresultaten of "
     "inschrijvingen. Daarvoor helpt het onderwijssecretariaat je verder:\n\n{office_contact}\n\n"
     "We sluiten deze aanvraag af.\n\nMet vriendelijke groeten,\nde ICT-helpdesk",
     "Dear {requester_name},\n\nYour question ({reference}) is about study results or "
     "enrolment. The education office can help you with that:\n\n{office_contact}\n\n"
     "We are closing this request.\n\nKind regards,\nthe IT help desk"),
    ("Password reset steps", StandardAnswer.Purpose.REPLY,
     "Beste {requester_name},\n\nJe kunt je wachtwoord opnieuw instellen via je alternatief "
     "e-mailadres. De handleiding met schermafbeeldingen staat in de FAQ."
     "\n\nGroeten,\nde ICT-helpdesk",
     "Dear {requester_name},\n\nYou can reset your password through your alternate email "
     "address. The step-by-step manual with screenshots is in the FAQ."
     "\n\nRegards,\nthe IT help desk"),
]  # fmt: skip


@transaction.atomic
def seed_demo_routing() -> None:
    """Resolver groups, desk agents, offices, standard answers and the emergency number."""
    from accounts.models import User

    staff = User.objects.filter(username__in=["agent1", "agent2"])
    users = {user.username: user for user in staff}
    helpdesk = Desk.objects.get(slug="helpdesk")
    if "agent1" in users:
        helpdesk.agents.add(users["agent1"])
    for slug, name_nl, name_en, desk, members in DEMO_GROUPS:
        group, _ = ResolverGroup.objects.update_or_create(
            slug=slug,
            defaults={"name_nl": name_nl, "name_en": name_en, "desk": Desk.objects.get(slug=desk)},
        )
        group.members.add(*[users[name] for name in members if name in users])
    for name_nl, name_en, email, phone, website, hours_nl, hours_en in DEMO_OFFICES:
        Office.objects.update_or_create(
            name_nl=name_nl,
            defaults={
                "name_en": name_en, "email": email, "phone": phone, "website": website,
                "hours_nl": hours_nl, "hours_en": hours_en,
            },
        )  # fmt: skip
    for title, purpose, body_nl, body_en in DEMO_ANSWERS:
        StandardAnswer.objects.update_or_create(
            title=title, defaults={"purpose": purpose, "body_nl": body_nl, "body_en": body_en}
        )
    DeskSettings.objects.update_or_create(id=1, defaults={"emergency_phone": "+32 9 264 00 00"})


def seed_demo_requests() -> None:
    """A few requests for the demo student, in different states, filed through the services."""
    from accounts.models import User

    from . import services

    student = User.objects.filter(username="student").first()
    agent1 = User.objects.filter(username="agent1").first()
    agent2 = User.objects.filter(username="agent2").first()
    if student is None or agent1 is None or agent2 is None or student.tickets.exists():
        return
    wifi = Category.objects.get(slug="wifi-network")
    portal = Category.objects.get(slug="student-portal")
    printing = Category.objects.get(slug="printing")
    services.ticket_file(
        requester=student, acting_user=student, category=wifi,
        subject="Eduroam valt weg in de bibliotheek",
        description="Sinds maandag verlies ik elke paar minuten de verbinding (2e verdieping).",
        impact=2, urgency=2,
    )  # fmt: skip
    escalated = services.ticket_file(
        requester=student, acting_user=student, category=portal,
        subject="Mijn punten staan niet in het studentenportaal",
        description="Het portaal toont een foutmelding bij 'Mijn resultaten'.",
        impact=1, urgency=2,
    )  # fmt: skip
    services.ticket_escalate(
        ticket=escalated,
        group=ResolverGroup.objects.get(slug="portal-fm"),
        note="Foutmelding in het portaal zelf, niet in de punten.",
        acting_user=agent1,
    )
    services.ticket_reply(
        ticket=escalated,
        body="We hebben de fout gevonden en werken aan een oplossing.",
        acting_user=agent2,
    )
    done = services.ticket_file(
        requester=student, acting_user=student, category=printing,
        subject="Printer in blok B drukt niet af",
        description="Mijn opdracht blijft in de wachtrij.",
        impact=1, urgency=1,
    )  # fmt: skip
    services.ticket_reply(ticket=done, body="De printer is hersteld.", acting_user=agent1)
    services.ticket_set_status(ticket=done, status="resolved", acting_user=agent1)
