"""Zero-downtime rule: the newest migration of each app is safe to run before the new code.

Chosen over starting the previous commit's code against the new schema:
the SQL check judges every future migration on every CI run in a second,
needs no git history in CI's clone, and names the statement that breaks
the rule. What it checks is what the README's rule says (additive only).
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from servicedesk.migration_safety import migration_sql, newest_migrations, unsafe_statements

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="judges the SQL production runs: PostgreSQL",
    ),
]

# Known to break the rule, each with the deploy step the README's "Deploying
# a release whose migration breaks the rule" names. The first two were
# released before the rule existed (a NOT NULL column with only a Python
# default). insights 0003 re-keys the dashboard's rollup rows by line and
# drops the duration bands: the old code's upserts cannot run against it, so
# that release is deployed with the old web processes stopped, then
# ``rebuild_rollups``. Add to this list only with such a README entry.
RELEASED_BEFORE_THE_RULE = {
    ("notifications", "0006_outbox_bounced_reply_to"),
    ("tickets", "0014_ticket_channel_insight_indexes"),
    ("insights", "0003_exact_times_lines_forwards"),
}


def _project_apps() -> list[str]:
    # The virtualenv may live inside the checkout (scripts/_venv.sh makes .venv):
    # Django's and the libraries' apps are not ours to judge.
    root = str(settings.BASE_DIR)
    return [
        a.label
        for a in apps.get_app_configs()
        if str(a.path).startswith(root) and "site-packages" not in str(a.path)
    ]


def test_the_newest_migration_of_each_app_only_adds():
    leaves = newest_migrations(_project_apps())
    assert len(leaves) >= 10
    broken = {
        leaf: unsafe_statements(migration_sql(*leaf))
        for leaf in leaves
        if leaf not in RELEASED_BEFORE_THE_RULE
    }
    assert {leaf: found for leaf, found in broken.items() if found} == {}


@pytest.mark.parametrize(
    ("sql", "safe"),
    [
        ('ALTER TABLE "t" ADD COLUMN "c" varchar(8) NULL;', True),
        ('ALTER TABLE "t" ADD COLUMN "c" varchar(8) DEFAULT \'web\' NOT NULL;', True),
        ('CREATE TABLE "n" ("id" bigint NOT NULL PRIMARY KEY);', True),
        ('CREATE INDEX "i" ON "t" ("c");', True),
        ('ALTER TABLE "t" ADD COLUMN "c" varchar(8) NOT NULL;', False),
        (
            'ALTER TABLE "t" ADD COLUMN "c" varchar(8) DEFAULT \'\' NOT NULL;\n'
            'ALTER TABLE "t" ALTER COLUMN "c" DROP DEFAULT;',
            False,
        ),
        ('ALTER TABLE "t" DROP COLUMN "c" CASCADE;', False),
        ('DROP TABLE "t" CASCADE;', False),
        ('ALTER TABLE "t" RENAME COLUMN "a" TO "b";', False),
        ('ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL;', False),
        ('ALTER TABLE "t" ALTER COLUMN "c" TYPE integer USING "c"::integer;', False),
    ],
)
def test_the_check_tells_additive_from_breaking_sql(sql, safe):
    assert (unsafe_statements(sql) == []) is safe


def test_the_grandfathered_ones_do_break_the_rule():
    """The exceptions are real (and the check sees them), not a way to silence it."""
    assert connection.vendor == "postgresql"
    for leaf in RELEASED_BEFORE_THE_RULE:
        assert unsafe_statements(migration_sql(*leaf)), leaf
