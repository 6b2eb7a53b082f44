"""Full-text and trigram search columns and indexes, on PostgreSQL only.

The two ``tsvector`` columns are GENERATED ... STORED, so PostgreSQL keeps
them in step with every insert and update (admin, services, bulk_create)
without signals or triggers. They are not fields of the model: SQLite has
no equivalent and the search module reads them by name. On other databases
these operations do nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('{config}'::regconfig, coalesce(title_{lang}, '')), 'A')"
    " || setweight(to_tsvector('{config}'::regconfig, coalesce(body_{lang}, '')), 'B')"
    " || setweight(to_tsvector('{config}'::regconfig, coalesce(steps_text_{lang}, '')), 'C')"
)

FORWARD = [
    "ALTER TABLE knowledgebase_article ADD COLUMN search_nl tsvector"
    f" GENERATED ALWAYS AS ({VECTOR.format(config='dutch', lang='nl')}) STORED",
    "ALTER TABLE knowledgebase_article ADD COLUMN search_en tsvector"
    f" GENERATED ALWAYS AS ({VECTOR.format(config='english', lang='en')}) STORED",
    "CREATE INDEX kb_article_search_nl_gin ON knowledgebase_article USING gin (search_nl)",
    "CREATE INDEX kb_article_search_en_gin ON knowledgebase_article USING gin (search_en)",
    "CREATE INDEX kb_article_title_nl_trgm ON knowledgebase_article"
    " USING gin (title_nl gin_trgm_ops)",
    "CREATE INDEX kb_article_title_en_trgm ON knowledgebase_article"
    " USING gin (title_en gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS kb_article_title_en_trgm",
    "DROP INDEX IF EXISTS kb_article_title_nl_trgm",
    "ALTER TABLE knowledgebase_article DROP COLUMN IF EXISTS search_en",
    "ALTER TABLE knowledgebase_article DROP COLUMN IF EXISTS search_nl",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
