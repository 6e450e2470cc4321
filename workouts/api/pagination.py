"""Cursor pagination: every list is ordered by a unique key, and the cursor is the last item's key.

A cursor names a position, not an offset, so items inserted meanwhile never shift a page: the
next page starts right after the last item seen. The cursor is opaque to clients.
"""

import base64
import datetime as dt
import json

from django.db.models import Q
from ninja import Schema

from .errors import ApiError

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


class Page(Schema):
    next_cursor: str | None = None


def _encode(values):
    raw = json.dumps(
        [v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values],
        separators=(",", ":"),
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor, count):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise _bad_cursor() from exc
    if not isinstance(values, list) or len(values) != count:
        raise _bad_cursor()
    return values


def _bad_cursor():
    return ApiError(
        400,
        "bad_cursor",
        "The cursor is not one this API gave out.",
        {"cursor": ["Use next_cursor from the previous page, unchanged."]},
    )


def _after(order, values):
    """Q for rows after `values` in `order`: (a > x) | (a = x & b > y) | ..."""
    condition = None
    for (name, descending, _parse), value in reversed(list(zip(order, values, strict=True))):
        beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        condition = beyond if condition is None else beyond | (Q(**{name: value}) & condition)
    return condition


def paginate(queryset, order, cursor, limit):
    """(items, next_cursor). `order` lists (field, descending, parse) with a unique last field;
    `parse` turns a cursor's JSON value back into the field's type (and fails on junk)."""
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    queryset = queryset.order_by(*[("-" if desc else "") + name for name, desc, _p in order])
    if cursor:
        raw = _decode(cursor, len(order))
        try:
            values = [parse(value) for (_n, _d, parse), value in zip(order, raw, strict=True)]
        except (ValueError, TypeError, OverflowError) as exc:
            raise _bad_cursor() from exc
        queryset = queryset.filter(_after(order, values))
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    last = items[-1]
    return items, _encode([_value(last, name) for name, _d, _p in order])


def _value(obj, name):
    for part in name.split("__"):
        obj = getattr(obj, part)
    return obj


def as_int(value):
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**62:
        raise ValueError(value)
    return value


def as_str(value):
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError(value)
    return value


def as_datetime(value):
    return dt.datetime.fromisoformat(as_str(value))


def as_date(value):
    return dt.date.fromisoformat(as_str(value))
