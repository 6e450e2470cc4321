"""Idempotent creates: a client-made key (the Idempotency-Key header, or a set's
`idempotency_key` field) makes a retried create return the first result instead of a copy.

The key's row is inserted first, in the same transaction as the create, under a unique
constraint on (user, key). A second request with the key waits on that insert until the first
commits (PostgreSQL; SQLite's IMMEDIATE transactions queue the whole write), then fails the
insert and replays the stored response. If the create fails, its key is rolled back with it
and may be used again. Keys are kept at least 48 hours (see `purge_idempotency_keys`).
"""

import hashlib
import json

from django.db import IntegrityError, transaction

from ..models import IdempotencyKey
from .errors import ApiError

MAX_LENGTH = 255
KEEP_HOURS = 48


class _Taken(Exception):
    pass


def clean_key(key, field="Idempotency-Key"):
    """The key as given, or None; ApiError(400) for an empty, over-long or non-ASCII one."""
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ApiError(400, "bad_idempotency_key",
                       f"The idempotency key must be 1 to {MAX_LENGTH} printable ASCII "
                       "characters, such as a UUID.", {field: ["Use a UUID."]})
    return key


def fingerprint(method, path, body):
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def once(user, key, print_, create):
    """Runs `create()` -> (status, JSON-ready dict) once per (user, key).

    Returns (status, body, replayed). The same key with another request (`print_` differs) is
    a 409; nothing is created then.
    """
    if key is None:
        status, body = create()
        return status, body, False
    try:
        with transaction.atomic():
            try:
                # No savepoint: a clash aborts this whole transaction, which is what we want.
                row = IdempotencyKey.objects.create(user=user, key=key, fingerprint=print_,
                                                    status_code=0, response={})
            except IntegrityError as exc:
                raise _Taken from exc
            status, body = create()
            row.status_code, row.response = status, body
            row.save(update_fields=["status_code", "response"])
            return status, body, False
    except _Taken:
        row = IdempotencyKey.objects.filter(user=user, key=key).first()
    if row is None or row.fingerprint != print_:
        raise ApiError(409, "idempotency_key_reused",
                       "This idempotency key was used for a different request; "
                       "make a new key for a new request.")
    return row.status_code, row.response, True
