"""The session store: Django's database sessions, saying 503 (not 400) while the database is
away."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError

from montage.errors import database_unavailable
from workouts.session_store import SessionStore


@pytest.fixture
def stored(db):
    session = SessionStore()
    session["range"] = "12w"
    session.create()
    return SessionStore(session.session_key)


def test_a_session_saved_while_the_database_is_away_raises_the_databases_error(stored, monkeypatch):
    """Django turns any database error of an update into UpdateError, which its middleware
    answers with a 400 ("the session was deleted"): during a PostgreSQL restart the load test
    saw the dashboard answer 400. The database's own error goes on, and is a 503."""

    def away(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    assert stored["range"] == "12w"
    stored["range"] = "1y"
    monkeypatch.setattr(Session, "save", away)
    with pytest.raises(OperationalError) as raised:
        stored.save()
    assert database_unavailable(raised.value)


def test_a_session_deleted_meanwhile_is_still_djangos_update_error(stored):
    from django.contrib.sessions.backends.base import UpdateError

    assert stored["range"] == "12w"  # read by this request
    Session.objects.filter(session_key=stored.session_key).delete()  # logged out elsewhere
    stored["range"] = "1y"
    with pytest.raises(UpdateError):
        stored.save()
