"""An acknowledged save survives a failing disk: SQLite syncs the WAL on every commit."""

import pytest
from django.db import connection, connections


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
