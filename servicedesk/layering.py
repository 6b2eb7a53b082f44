"""The import arrows between the repository's packages, read from the source.

The rule is project → apps → core: ``servicedesk`` (settings, URLs, Celery,
demo seeding, operator commands) may import any app; an app may import other
apps and ``core``; ``core`` imports no first-party package. Between apps the
arrows form no cycle. Tests and migrations of a package are counted with
their package but kept apart, because a test may build another app's rows.

``manage.py import_graph`` prints the drawing (Mermaid), and
``servicedesk/tests/test_layering.py`` fails on an arrow that breaks the rule.
"""

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "servicedesk"
CORE = "core"
SKIPPED_DIRECTORIES = {".venv", "node_modules", ".git", "benchmarks", "scripts", "examples"}


@dataclass(frozen=True)
class Arrow:
    """One import of package ``target`` by a module of package ``source``."""

    source: str
    target: str
    module: str  # the importing file, relative to the repository
    imported: str  # the dotted name imported
    in_tests: bool  # the importing file is a test, a test helper or a migration


def first_party_packages(root: Path = ROOT) -> set[str]:
    return {path.parent.name for path in root.glob("*/__init__.py")}


def _python_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if not SKIPPED_DIRECTORIES.intersection(relative.parts) and len(relative.parts) > 1:
            yield path


def arrows(root: Path = ROOT) -> list[Arrow]:
    """Every import from one first-party package into another."""
    packages = first_party_packages(root)
    found = []
    for path in _python_files(root):
        relative = path.relative_to(root)
        source = relative.parts[0]
        if source not in packages:
            continue
        in_tests = bool({"tests", "testing", "migrations"}.intersection(relative.parts))
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                target = name.split(".")[0]
                if target in packages and target != source:
                    found.append(Arrow(source, target, str(relative), name, in_tests))
    return found


def upward_arrows(found: list[Arrow]) -> list[Arrow]:
    """Arrows into the project package, and arrows out of core."""
    return [a for a in found if a.target == PROJECT or a.source == CORE]


def app_cycles(found: list[Arrow]) -> list[list[str]]:
    """Cycles among the apps' own (non-test) code, each as a list of packages."""
    graph: dict[str, set[str]] = defaultdict(set)
    for arrow in found:
        if not arrow.in_tests and PROJECT not in (arrow.source, arrow.target):
            graph[arrow.source].add(arrow.target)
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def mermaid(found: list[Arrow]) -> str:
    """A Mermaid flowchart of the code arrows (tests left out), one edge per pair."""
    pairs = sorted({(a.source, a.target) for a in found if not a.in_tests})
    lines = ["flowchart TD"]
    lines += [f"    {source} --> {target}" for source, target in pairs]
    return "\n".join(lines)
