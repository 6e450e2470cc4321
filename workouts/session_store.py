"""Django's database sessions, refusing malformed session keys before they reach the database.

A session cookie is client input: one holding a NUL byte made PostgreSQL reject the lookup with
a DataError, so any page (or API call) sent such a cookie answered 500. Django's own keys are 32
lowercase letters and digits; anything else is treated as no session at all.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and key.isascii() and key.isalnum()
