"""A revision on each request that the database raises on every change.

The request page keeps the rendered conversation under the request's
revision (``tickets/revision_cache.py``), so the revision must move on
*every* write that changes what the page shows, including those that do not
pass through ``Ticket.save()``: a reply or file added, a message redacted,
a file removed by the retention job, a message moved by a merge, a bulk
``update()``. Triggers are the one place that sees them all.

- Any UPDATE of a request sets its revision to the time in milliseconds, or
  one more than before if that is higher (a save of a stale copy never
  lowers it; after a restore from a backup a revision never repeats one the
  cache kept from before).
- Any INSERT, UPDATE or DELETE of a message or a file raises the revision of
  the request it belongs or belonged to. On PostgreSQL these are statement
  triggers with transition tables: a bulk insert of a million replies is
  one UPDATE of the requests, not a million. They lock the requests in id
  order first, as the merge and the retention job do, so two bulk writes
  cannot deadlock on them.

Additive only (zero-downtime rule, ``servicedesk/migration_safety.py``): the
column has a database default, and the previous release's code never names
it.
"""

from django.db import migrations, models

CHILD_TABLES = {"message": "tickets_ticketmessage", "attachment": "tickets_ticketattachment"}

POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION tickets_ticket_revision_raise() RETURNS trigger AS $$
    BEGIN
        NEW.revision := GREATEST(
            NEW.revision, OLD.revision + 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
        );
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER tickets_ticket_revision BEFORE UPDATE ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_ticket_revision_raise()
    """,
    """
    CREATE FUNCTION tickets_child_revision_raise() RETURNS trigger AS $$
    DECLARE
        changed bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            changed := ARRAY(SELECT DISTINCT ticket_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            changed := ARRAY(SELECT DISTINCT ticket_id FROM old_rows);
        ELSE
            changed := ARRAY(
                SELECT ticket_id FROM new_rows UNION SELECT ticket_id FROM old_rows
            );
        END IF;
        PERFORM 1 FROM tickets_ticket WHERE id = ANY(changed) ORDER BY id FOR NO KEY UPDATE;
        UPDATE tickets_ticket SET revision = revision + 1 WHERE id = ANY(changed);
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    *(
        f"""
        CREATE TRIGGER tickets_{name}_revision_{event.lower()} AFTER {event} ON {table}
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION tickets_child_revision_raise()
        """
        for name, table in CHILD_TABLES.items()
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ),
]

POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_ticket_revision ON tickets_ticket",
    *(
        f"DROP TRIGGER IF EXISTS tickets_{name}_revision_{event} ON {table}"
        for name, table in CHILD_TABLES.items()
        for event in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS tickets_child_revision_raise()",
    "DROP FUNCTION IF EXISTS tickets_ticket_revision_raise()",
]

# SQLite (the embedded default) has row triggers only, and a trigger cannot
# assign NEW; recursive triggers are off, so the inner UPDATE does not fire
# its own trigger again.
SQLITE_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER tickets_ticket_revision AFTER UPDATE ON tickets_ticket
    FOR EACH ROW WHEN NEW.revision < MAX(OLD.revision + 1, {SQLITE_NOW_MS}) BEGIN
        UPDATE tickets_ticket SET revision = MAX(OLD.revision + 1, {SQLITE_NOW_MS})
        WHERE id = NEW.id;
    END
    """,
    *(
        statement
        for name, table in CHILD_TABLES.items()
        for statement in (
            f"""
            CREATE TRIGGER tickets_{name}_revision_insert AFTER INSERT ON {table}
            FOR EACH ROW BEGIN
                UPDATE tickets_ticket SET revision = revision + 1 WHERE id = NEW.ticket_id;
            END
            """,
            f"""
            CREATE TRIGGER tickets_{name}_revision_update AFTER UPDATE ON {table}
            FOR EACH ROW BEGIN
                UPDATE tickets_ticket SET revision = revision + 1
                WHERE id = NEW.ticket_id OR id = OLD.ticket_id;
            END
            """,
            f"""
            CREATE TRIGGER tickets_{name}_revision_delete AFTER DELETE ON {table}
            FOR EACH ROW BEGIN
                UPDATE tickets_ticket SET revision = revision + 1 WHERE id = OLD.ticket_id;
            END
            """,
        )
    ),
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_ticket_revision",
    *(
        f"DROP TRIGGER IF EXISTS tickets_{name}_revision_{event}"
        for name in CHILD_TABLES
        for event in ("insert", "update", "delete")
    ),
]

# What the revision tests look for (tickets/tests/test_revision_cache.py).
TRIGGER_NAMES = [
    "tickets_ticket_revision",
    *(
        f"tickets_{name}_revision_{event}"
        for name in CHILD_TABLES
        for event in ("insert", "update", "delete")
    ),
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def _run(schema_editor, backward: bool) -> None:
    forward_statements, backward_statements = STATEMENTS[schema_editor.connection.vendor]
    for statement in backward_statements if backward else forward_statements:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor) -> None:
    _run(schema_editor, backward=False)


def drop_triggers(apps, schema_editor) -> None:
    _run(schema_editor, backward=True)


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0017_requester_open_index_and_index_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="revision",
            field=models.PositiveBigIntegerField(
                db_default=0, default=0, editable=False, verbose_name="revision"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
