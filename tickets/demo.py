"""Demo desks and categories, as a university desk would set them up."""

from django.db import transaction

from .models import Category, Desk

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
