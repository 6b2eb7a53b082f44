"""scripts/backup and scripts/restore: a request and its attachment survive into a fresh copy.

The backup is taken from the test database and private folder; the restore
goes into a database created empty for it and a new folder; a separate web
process on that copy then serves the request's page and the attachment to
the guest who filed it (through the private link mailed to them).
"""

import os
import subprocess
import uuid

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.testing.processes import ROOT, web_process, worker_environment
from tickets.links import private_link_path
from tickets.tests.factories import file_ticket

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("sqlite")
        or not os.environ.get("DATABASE_URL"),
        reason="pg_dump/pg_restore: PostgreSQL only (the SQLite branch is a file copy)",
    ),
]

CONTENT = b"%PDF-1.4\n% a backed-up attachment\n" + os.urandom(256)


def _admin_url(name: str) -> str:
    db = connection.settings_dict
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def test_backup_restores_into_a_fresh_database_and_folder(tmp_path, settings):
    ticket = file_ticket(
        requester_name="Bea Backup",
        requester_email="bea@example.net",
        uploads=[SimpleUploadedFile("contract.pdf", CONTENT, content_type="application/pdf")],
    )
    attachment = ticket.attachments.get()
    env = worker_environment() | {"PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    backup = tmp_path / "backup"
    subprocess.run(["bash", "scripts/backup", str(backup)], cwd=ROOT, env=env, check=True)
    assert {p.name for p in backup.iterdir()} == {"database.dump", "private.tar.gz", "SHA256SUMS"}

    fresh_db = f"restore_{uuid.uuid4().hex[:10]}"
    fresh_private = tmp_path / "private-restored"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh_db}"')
    try:
        restore_env = env | {
            "DATABASE_URL": _admin_url(fresh_db),
            "PRIVATE_MEDIA_ROOT": str(fresh_private),
        }
        restore = ["bash", "scripts/restore", str(backup)]
        subprocess.run(restore, cwd=ROOT, env=restore_env, check=True)
        assert (fresh_private / attachment.file.name).read_bytes() == CONTENT

        with (
            web_process(extra_env=restore_env) as url,
            httpx.Client(base_url=url, timeout=30, follow_redirects=True) as guest,
        ):
            page = guest.get(private_link_path(ticket))
            assert page.status_code == 200
            assert ticket.reference in page.text and "contract.pdf" in page.text
            download = guest.get(f"/requests/attachments/{attachment.pk}/")
            assert download.status_code == 200
            assert download.content == CONTENT

        # A damaged archive is refused before anything is written.
        with (backup / "private.tar.gz").open("ab") as archive:
            archive.write(b"junk")
        elsewhere = tmp_path / "elsewhere"
        refused = subprocess.run(
            restore, cwd=ROOT, env=restore_env | {"PRIVATE_MEDIA_ROOT": str(elsewhere)}
        )
        assert refused.returncode != 0
        assert not elsewhere.exists()
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh_db}" WITH (FORCE)')
