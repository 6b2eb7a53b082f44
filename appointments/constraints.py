"""An exclusion constraint that exists only on PostgreSQL.

SQLite has no range types or GiST, so there the constraint is left out of
the schema (Django skips empty SQL) and the guard is the conditional unique
constraint on (agent, start) plus the IMMEDIATE transaction the booking
service runs in (see ``services.booking``).
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import connections, models


class PostgresExclusionConstraint(ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using="default"):
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)


class TsTzRange(models.Func):
    """``tstzrange(start, end)``: the half-open time range an appointment takes."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()
