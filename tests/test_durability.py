"""An acknowledged save survives a failing disk: SQLite syncs the WAL on every commit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_a_new_sqlite_connection_syncs_every_commit_to_disk():
    if connection.vendor != "sqlite":
        pytest.skip("PRAGMA synchronous is SQLite's; PostgreSQL syncs commits by default")
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
    finally:
        fresh.close()


def test_a_sqlite_database_url_gets_the_same_durable_connection(tmp_path):
    """DATABASE_URL=sqlite:///... (a data disk of one's choosing) connects with the embedded
    default's settings: WAL, synchronous=FULL, foreign keys, IMMEDIATE transactions."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'chosen.sqlite3'}"}
    env.pop("MONTAGE_TESTING", None)
    probe = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    print(*(c.execute(f'PRAGMA {p}').fetchone()[0]"
        " for p in ('journal_mode', 'synchronous', 'foreign_keys')))\n"
        "print(connection.settings_dict['OPTIONS'].get('transaction_mode'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "montage.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "2", "1", "IMMEDIATE"]
