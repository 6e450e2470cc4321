"""Per-request cost (issue 15): planner statistics kept fresh, pages gzipped without giving
BREACH a fixed secret to find, and the work of a first request done when a worker boots."""

import gzip

import pytest
from django.db import connection, transaction
from django.template import engines

from tests.factories import SetFactory
from workouts import dbstats, warmup


def loggedset_statistics():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'workouts_loggedset'")
            return cursor.fetchone()[0]
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'workouts_loggedset'")
        return max(0, cursor.fetchone()[0])


@pytest.fixture
def no_statistics(transactional_db):
    """Committed for real (a transaction rolled back would leave SQLite's planner holding the
    statistics it loaded, and change later tests' plans); the flush after the test empties the
    tables and its post_migrate signal analyses them again, which clears them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
        else:
            cursor.execute(
                "UPDATE pg_class SET reltuples = -1 WHERE relname = 'workouts_loggedset'"
            )


def test_a_migration_leaves_the_planner_statistics_of_the_sets(no_statistics):
    SetFactory.create_batch(3)
    assert loggedset_statistics() == 0
    dbstats.after_migrate(sender=None, using="default", plan=[("a migration", False)])
    assert loggedset_statistics() > 0


def test_a_migrate_that_applied_nothing_leaves_the_statistics_alone(no_statistics):
    SetFactory.create_batch(3)
    dbstats.after_migrate(sender=None, using="default", plan=[])
    assert loggedset_statistics() == 0


def test_a_bulk_load_refreshes_the_statistics_once_committed(no_statistics):
    with transaction.atomic():
        SetFactory.create_batch(3)
        dbstats.refresh_after_commit()
        assert loggedset_statistics() == 0
    assert loggedset_statistics() > 0


def test_pages_are_gzipped_for_a_browser_that_accepts_it(auth_client):
    response = auth_client.get("/settings/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"Settings" in gzip.decompress(response.content)


def test_pages_are_plain_for_a_client_that_does_not_accept_gzip(auth_client):
    response = auth_client.get("/settings/")
    assert not response.has_header("Content-Encoding")


def test_the_csrf_token_in_a_page_differs_on_every_response(auth_client):
    """Compression is safe from BREACH only because the token is masked afresh each time."""

    def token():
        html = auth_client.get("/settings/").content.decode()
        return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    assert token() != token()


def test_warm_up_needs_no_database():
    """No `db` fixture: any query here raises (a worker may boot before its database is up)."""
    warmup.warm_up()


def test_warm_up_parses_the_dashboard_template_into_the_cache():
    warmup.warm_up()
    engine = engines["django"].engine
    cached = engine.template_loaders[0].loaders[0]  # partials loader -> cached loader
    assert any("workouts/dashboard.html" in str(key) for key in cached.get_template_cache)
