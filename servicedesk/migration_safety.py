"""Is a migration safe to run before the new code is deployed (zero-downtime rule)?

During a rolling deploy the migration runs first, while the previous
release's web and worker processes keep serving. So a migration may only
*add*: new tables, new columns that are nullable or have a default *in the
database* (``db_default``; Django's Python-side ``default`` is dropped from
the column right after it is added, so the old code's INSERTs, which do not
name the column, would fail), indexes and constraints the old code already
satisfies. Dropping or renaming a column or table, making a column NOT
NULL or changing its type waits for a later release, once no running code
reads it.

The check reads the SQL the migration runs on PostgreSQL (``sqlmigrate``),
so a change that emits no SQL (choices, verbose names) passes and one that
does is judged by what the database would really do.
"""

import io
import re

from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

# (pattern, why it breaks the code still running)
UNSAFE_SQL = [
    (re.compile(r"\bDROP\s+(TABLE|COLUMN)\b", re.I), "drops what the old code reads"),
    (re.compile(r"\bRENAME\b", re.I), "renames what the old code names"),
    (re.compile(r"\bSET\s+NOT\s+NULL\b", re.I), "old code may write NULL there"),
    (re.compile(r"\bALTER\s+COLUMN\s+\"?\w+\"?\s+TYPE\b", re.I), "changes a column's type"),
    (re.compile(r"\bDROP\s+DEFAULT\b", re.I), "a NOT NULL column without a database default"),
    (
        re.compile(r"\bADD\s+COLUMN\b(?![^;]*\bDEFAULT\b)[^;]*\bNOT\s+NULL\b", re.I),
        "a NOT NULL column without a database default",
    ),
]


def unsafe_statements(sql: str) -> list[tuple[str, str]]:
    """Each statement of ``sql`` the running old code could trip over, with the reason."""
    found = []
    for statement in sql.split(";"):
        lines = [line for line in statement.splitlines() if not line.strip().startswith("--")]
        statement = " ".join(line.strip() for line in lines).strip()
        for pattern, reason in UNSAFE_SQL:
            if statement and pattern.search(statement):
                found.append((statement, reason))
                break
    return found


def migration_sql(app_label: str, name: str) -> str:
    out = io.StringIO()
    call_command("sqlmigrate", app_label, name, stdout=out)
    return out.getvalue()


def newest_migrations(app_labels: list[str]) -> list[tuple[str, str]]:
    """The leaf migration(s) of each app: the ones the next deploy runs first."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(leaf for label in app_labels for leaf in graph.leaf_nodes(label))
