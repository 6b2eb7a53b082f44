"""Daily counter rows: add to a row by its key, creating it on the day's first count.

A shared building block (no app imported): the dashboard's rollups and the
knowledgebase's daily counts both use it.
"""

from django.db import connection, models


def counter_bump(model: type[models.Model], *, keys: dict, deltas: dict[str, int]) -> None:
    """Add ``deltas`` to the row of ``keys``, inserting it on the first count: ONE query.

    ``INSERT ... ON CONFLICT (keys) DO UPDATE SET n = n + EXCLUDED.n``, which
    PostgreSQL and SQLite (3.24+) both speak: atomic, so parallel writers
    never lose a count, and no savepoint. ``keys`` must be the columns of a
    unique constraint of ``model``.
    """
    if not deltas:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    # Every other counter starts at its default (Django keeps defaults in Python).
    others = {
        field.name: field.get_default()
        for field in opts.concrete_fields
        if not field.primary_key
        and field.name not in keys
        and field.name not in deltas
        and field.attname not in keys
    }
    inserted = {**keys, **deltas, **others}
    fields = [opts.get_field(name) for name in inserted]
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    key_cols = ", ".join(quote(opts.get_field(name).column) for name in keys)
    updates = ", ".join(
        f"{col} = {table}.{col} + EXCLUDED.{col}"
        for col in (quote(opts.get_field(name).column) for name in deltas)
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608  (quoted names only)
        f"ON CONFLICT ({key_cols}) DO UPDATE SET {updates}"
    )
    values = [
        field.get_db_prep_value(value, connection)
        for field, value in zip(fields, inserted.values(), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
