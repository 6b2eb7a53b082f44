"""The rate counters, which lived in the ``servicedesk`` app before ``core`` existed.

The table keeps its name (``servicedesk_ratecounter``). On a database that
already has it (migrated before the split) the table is adopted as it is; on a
fresh database it is created. Either way no row is lost and nothing is locked.
"""

from django.db import migrations, models


class CreateModelUnlessTableExists(migrations.CreateModel):
    """``CreateModel`` that adopts an existing table of the same name."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        existing = schema_editor.connection.introspection.table_names()
        if model._meta.db_table in existing:
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        CreateModelUnlessTableExists(
            name="RateCounter",
            fields=[
                (
                    "name",
                    models.CharField(
                        max_length=64, primary_key=True, serialize=False, verbose_name="name"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="count")),
                ("expires_at", models.FloatField(db_index=True, verbose_name="expires at")),
            ],
            options={
                "verbose_name": "rate counter",
                "verbose_name_plural": "rate counters",
                "db_table": "servicedesk_ratecounter",
            },
        ),
    ]
