"""Typo-tolerant search on SQLite, the first synonyms, and the KB editors' right to edit them.

On SQLite: an FTS5 table with the trigram tokenizer over both languages'
titles (column ``title``) and bodies plus manual steps (``body``), triggers
that keep it in step with every insert, update and delete of an article
(like the generated columns of 0002 on PostgreSQL), and the existing rows
copied in. On PostgreSQL nothing changes here: 0002's columns and indexes
serve the new search.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FTS = "knowledgebase_article_fts"
BODY = (
    "coalesce({p}.body_nl, '') || ' ' || coalesce({p}.body_en, '') || ' ' ||"
    " coalesce({p}.steps_text_nl, '') || ' ' || coalesce({p}.steps_text_en, '')"
)
TITLE = "coalesce({p}.title_nl, '') || ' ' || coalesce({p}.title_en, '')"
INSERT = (
    f"INSERT INTO {FTS}(rowid, title, body) VALUES"
    f" (new.id, {TITLE.format(p='new')}, {BODY.format(p='new')});"
)
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON knowledgebase_article BEGIN {INSERT} END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF title_nl, title_en, body_nl, body_en,"
    f" steps_text_nl, steps_text_en ON knowledgebase_article BEGIN"
    f" DELETE FROM {FTS} WHERE rowid = old.id; {INSERT} END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON knowledgebase_article BEGIN"
    f" DELETE FROM {FTS} WHERE rowid = old.id; END",
    f"INSERT INTO {FTS}(rowid, title, body) SELECT a.id, {TITLE.format(p='a')},"
    f" {BODY.format(p='a')} FROM knowledgebase_article a",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]
# The groups the issue names; KB editors extend them in the admin.
SYNONYMS = [
    "paswoord, wachtwoord, password",
    "wifi, eduroam, draadloos, wireless",
    "printen, afdrukken, print",
    "mail, e-mail, email",
]
SYNONYM_PERMISSIONS = ["add", "change", "delete", "view"]


def sqlite_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def sqlite_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("knowledgebase", "SearchSynonym")
    for terms in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def unseed_synonyms(apps, schema_editor):
    apps.get_model("knowledgebase", "SearchSynonym").objects.filter(terms__in=SYNONYMS).delete()


def grant_kb_editors(apps, schema_editor):
    """accounts.roles.ROLE_PERMISSIONS lists these for the "KB editor" role."""
    app_config = apps.get_app_config("knowledgebase")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="KB editor").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="knowledgebase",
                codename__in=[f"{verb}_searchsynonym" for verb in SYNONYM_PERMISSIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledgebase", "0006_search_synonyms"),
        ("accounts", "0006_role_groups"),
    ]

    operations = [
        migrations.RunPython(sqlite_index, sqlite_index_drop),
        migrations.RunPython(seed_synonyms, unseed_synonyms),
        migrations.RunPython(grant_kb_editors, migrations.RunPython.noop),
    ]
