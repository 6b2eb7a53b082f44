"""Title-only full-text columns on PostgreSQL, so title matches are found exactly.

The search ranks a capped set of candidates (``search.postgres``): with these
GIN-indexed columns every title match is among them however many articles
merely mention the words, and the suggestions while filing read titles only
without rechecking weights row by row. Generated columns, like 0002's.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE knowledgebase_article ADD COLUMN title_search_nl tsvector"
    " GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, coalesce(title_nl, ''))) STORED",
    "ALTER TABLE knowledgebase_article ADD COLUMN title_search_en tsvector"
    " GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(title_en, ''))) STORED",
    "CREATE INDEX kb_article_title_search_nl_gin ON knowledgebase_article"
    " USING gin (title_search_nl)",
    "CREATE INDEX kb_article_title_search_en_gin ON knowledgebase_article"
    " USING gin (title_search_en)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS kb_article_title_search_en_gin",
    "DROP INDEX IF EXISTS kb_article_title_search_nl_gin",
    "ALTER TABLE knowledgebase_article DROP COLUMN IF EXISTS title_search_en",
    "ALTER TABLE knowledgebase_article DROP COLUMN IF EXISTS title_search_nl",
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
    dependencies = [("knowledgebase", "0007_search_index_and_synonyms")]

    operations = [migrations.RunPython(forwards, backwards)]
