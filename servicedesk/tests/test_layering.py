"""Import arrows point one way: project → apps → core, and apps form no cycle."""

from pathlib import Path

from servicedesk import layering


def test_no_arrow_points_upward():
    upward = layering.upward_arrows(layering.arrows())
    assert [f"{a.module} imports {a.imported}" for a in upward] == []


def test_the_apps_import_each_other_without_a_cycle():
    assert layering.app_cycles(layering.arrows()) == []


def test_the_checks_see_a_violation(tmp_path: Path):
    """The rule can fail: a core module importing an app, and two apps in a circle."""
    for package, source in {
        "core": "from tickets.models import Ticket\n",
        "tickets": "from mailin import models\n",
        "mailin": "import tickets.models\n",
        "servicedesk": "",
    }.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / "models.py").write_text(source)
    found = layering.arrows(tmp_path)
    assert [(a.source, a.target) for a in layering.upward_arrows(found)] == [("core", "tickets")]
    assert [sorted(set(cycle)) for cycle in layering.app_cycles(found)] == [["mailin", "tickets"]]


def test_the_drawing_names_every_arrow_once():
    drawing = layering.mermaid(layering.arrows())
    assert drawing.startswith("flowchart TD")
    assert "    tickets --> core" in drawing
    assert "core -->" not in drawing
