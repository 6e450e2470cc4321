"""Django's database sessions, refusing malformed session keys before they reach the database.

A session cookie is client input: one holding a NUL byte made PostgreSQL reject the lookup with
a DataError, so any page (or API call) sent such a cookie answered 500. Django's own keys are 32
lowercase letters and digits; anything else is treated as no session at all.

A session saved while the database is away (a PostgreSQL restart) raises the database's own
error, which montage/errors.py answers with a 503: Django's store turns every database error of
an update into UpdateError, which its middleware answers with a 400 ("the session was deleted
before the request completed"), and the load test's PostgreSQL restart saw exactly that.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and key.isascii() and key.isalnum()

    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as exc:
            if isinstance(exc.__context__, OperationalError | InterfaceError):
                raise exc.__context__ from None
            raise
