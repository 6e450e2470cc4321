"""Idempotent creates: a client-made key (the Idempotency-Key header, or a set's
`idempotency_key` field) makes a retried create return the first result instead of a copy.

The key's row is inserted at the end of the create's own transaction, under a unique
constraint on (user, key). A second request with the key waits on that insert until the first
commits (PostgreSQL; SQLite's IMMEDIATE transactions queue the whole write), then fails the
insert, rolls its own work back and replays the stored response. If the create fails, no key
is stored and it may be used again. Keys are kept at least 48 hours (see `purge_idempotency_keys`).
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
        raise ApiError(
            400,
            "bad_idempotency_key",
            f"The idempotency key must be 1 to {MAX_LENGTH} printable ASCII "
            "characters, such as a UUID.",
            {field: ["Use a UUID."]},
        )
    return key


def fingerprint(method, path, body):
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def once(user, key, print_, create, precheck=True):
    """Runs `create()` -> (status, JSON-ready dict) once per (user, key).

    Returns (status, body, replayed). The same key with another request (`print_` differs) is
    a 409; nothing is created then. The key's row is inserted last, in the create's own
    transaction: a retry (or a concurrent twin, once the first commits) fails that insert, its
    work is rolled back, and the stored result is returned instead. `precheck` first looks the
    key up, for creates whose validation would refuse a retry (a duplicate exercise name); the
    set saves skip it, a query fewer on the hot path.
    """
    if key is None:
        status, body = create()
        return status, body, False
    row = IdempotencyKey.objects.filter(user=user, key=key).first() if precheck else None
    if row is not None:
        return _replay(row, print_)
    try:
        with transaction.atomic():
            status, body = create()
            try:
                # No savepoint: a clash aborts this whole transaction, which is what we want.
                IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=print_, status_code=status, response=body
                )
            except IntegrityError as exc:
                raise _Taken from exc
        return status, body, False
    except _Taken:
        return _replay(IdempotencyKey.objects.filter(user=user, key=key).first(), print_)


def _replay(row, print_):
    if row is None or row.fingerprint != print_:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "This idempotency key was used for a different request; "
            "make a new key for a new request.",
        )
    return row.status_code, row.response, True


def in_callers_transaction(action):
    """An `actions` function without its own @transaction.atomic, for use inside `once`'s
    transaction (one transaction either way; this only saves the savepoint round trips)."""
    return getattr(action, "__wrapped__", action)


def log_set_once(request, entry, values, now):
    """The logging page's set save: `actions.log_set`, once per `idempotency_key` (a hidden
    field of the set form). A double tap or a retried POST returns the first set's Outcome."""
    from workouts.logbook import actions

    from ..models import LoggedSet

    try:
        key = clean_key(request.POST.get("idempotency_key"))
    except ApiError:
        key = None
    outcome = {}

    # Inside `once`'s transaction when there is a key; its own transaction otherwise.
    log_set = in_callers_transaction(actions.log_set) if key else actions.log_set

    def create():
        outcome["first"] = log_set(entry, values, now)
        return 201, {"set": outcome["first"].logged_set.pk}

    # The key alone decides: a retry with edited values still shows the set that was saved.
    print_ = fingerprint("POST", f"/entries/{entry.pk}/sets/", {})
    _status, body, replayed = once(request.user, key, print_, create, precheck=False)
    if not replayed:
        return outcome["first"]
    logged = LoggedSet.objects.filter(pk=body["set"], user=request.user).first()
    if logged is None:  # the first set has been deleted since: this is a new one
        return actions.log_set(entry, values, now)
    return actions.Outcome(logged_set=logged, new_records=list(logged.records.all()))
