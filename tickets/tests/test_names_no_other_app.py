"""Tickets never names the appointments app: appointments hooks into tickets, not back.

The dependency runs one way (appointments → tickets): the request page's
section, the staff page's side panel and tool link, the audit trail's event
types and sentences, and the merge step are all registered by the
appointments app through tickets' registries. This test reads tickets' code
and templates the way a reviewer would grep them, so a new
``from appointments ...``, ``{% load appointments %}``, URL name, permission
or event type in tickets fails here. Explanations may mention appointments
as an example: docstrings, comments and translated text are not code.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

TICKETS = Path(settings.BASE_DIR) / "tickets"
SKIPPED_DIRS = {"tests", "migrations", "locale", "__pycache__"}
OTHER_APP = re.compile(r"appointment", re.IGNORECASE)

# Template parts that are prose, not code: comments and translated text.
TEMPLATE_PROSE = re.compile(
    r"\{#.*?#\}"
    r"|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktranslate\b.*?%\}.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%\}",
    re.DOTALL,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (a module's, class's, function's)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def python_mentions(source: str) -> list[str]:
    """Every name, import and string literal (docstrings aside) that names the other app."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    words: list[str] = []
    for node in ast.walk(tree):
        match node:
            case ast.Import(names=names):
                words += [alias.name for alias in names]
            case ast.ImportFrom(module=module, names=names):
                words += [module or "", *(alias.name for alias in names)]
            case ast.Name(id=name) | ast.Attribute(attr=name) | ast.arg(arg=name):
                words.append(name)
            case ast.FunctionDef(name=name) | ast.AsyncFunctionDef(name=name):
                words.append(name)
            case ast.ClassDef(name=name) | ast.keyword(arg=str() as name):
                words.append(name)
            case ast.Constant(value=str() as text) if id(node) not in docstrings:
                words.append(text)
    return [word for word in words if OTHER_APP.search(word)]


def template_mentions(source: str) -> list[str]:
    """Every line of template code (comments and translated text aside) naming the other app."""
    code = TEMPLATE_PROSE.sub("", source)
    return [line.strip() for line in code.splitlines() if OTHER_APP.search(line)]


def _mentions_in(suffixes: tuple[str, ...], reader) -> tuple[list[Path], dict[str, list[str]]]:
    """The files read, and per file what ``reader`` found naming the other app."""
    files = [
        path
        for path in sorted(TICKETS.rglob("*"))
        if path.suffix in suffixes and not SKIPPED_DIRS & set(path.relative_to(TICKETS).parts)
    ]
    found = {
        str(path.relative_to(TICKETS)): hits
        for path in files
        if (hits := reader(path.read_text(encoding="utf-8")))
    }
    return files, found


def test_tickets_code_does_not_name_the_appointments_app():
    files, found = _mentions_in((".py",), python_mentions)
    assert len(files) > 30  # the walk really reads the package
    assert found == {}


def test_tickets_templates_and_scripts_do_not_name_the_appointments_app():
    files, found = _mentions_in((".html", ".txt", ".js", ".css"), template_mentions)
    assert any(path.name == "ticket_detail.html" for path in files)
    assert found == {}


def test_the_check_catches_what_tickets_used_to_hold():
    """The shapes the dependency had before it was turned around are all caught."""
    python = '''
"""Docstrings may say appointment."""
from appointments.models import Appointment
import appointments
from tickets.models import TicketEvent
# a comment may say appointment
APPOINTMENT_BOOKED = "appointment_booked"
apps.get_model("appointments", "Appointment")
def appointments_visible_to(user): ...
'''
    assert sorted(python_mentions(python)) == [
        "APPOINTMENT_BOOKED",
        "Appointment",
        "Appointment",
        "appointment_booked",
        "appointments",
        "appointments",
        "appointments.models",
        "appointments_visible_to",
    ]
    template = (
        "{% load i18n appointments %}\n"
        '{% translate "Appointment" %}\n'
        "{% blocktranslate %}its appointment moves{% endblocktranslate %}\n"
        "{# the appointment section #}\n"
        "{% appointment_section ticket guest %}\n"
        "{% if perms.appointments.change_appointment %}"
        "<a href=\"{% url 'admin:appointments_appointment_offer' original.pk %}\">"
        "{% translate 'Appointment' %}</a>{% endif %}\n"
    )
    assert len(template_mentions(template)) == 3
    assert template_mentions('{% translate "Appointment" %} {# appointment #}') == []
