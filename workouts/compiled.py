"""ORM queries whose SQL is compiled once, for the reads every page makes.

Django builds a query's SQL anew on each evaluation; for a short query on a small page that
costs more than running it (0.2-0.6 ms of CPU each here, issue 15, bench/pages.py). `rows`
compiles a query once per database vendor, with stand-in ids where its arguments go, and from
then on runs the same statement with the real ones: the same SQL as the ORM's, so the same
plan and the same results (tests/test_compiled.py). Arguments are ids (integers): a value the
database adapts (a date, a moment) would need its adapter, and an argument list of varying
length a different statement.
"""

from django.db import connection

# Stand-ins no row id will be, one per argument: their place in the compiled parameters says
# where each argument goes.
_STAND_INS = (-7_000_001, -7_000_002, -7_000_003, -7_000_004)
_statements = {}


def rows(key, build, *ids):
    """The rows (tuples, as the driver returns them) of `build(*ids)`, a `values_list`
    queryset; `key` names the query. Only for columns that need no converter (numbers, text,
    and dates on SQLite, which Django's driver set-up parses, and on PostgreSQL)."""
    sql, places = _statement(key, build, len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[place] if place is not None else value for place, value in places])
        return cursor.fetchall()


def _statement(key, build, count):
    found = _statements.get((key, connection.vendor))
    if found is None:
        stand_ins = _STAND_INS[:count]
        sql, params = build(*stand_ins).query.sql_with_params()
        places = [
            (stand_ins.index(value), None) if value in stand_ins else (None, value)
            for value in params
        ]
        used = {place for place, _value in places if place is not None}
        if used != set(range(count)):
            raise ValueError(f"{key}: an argument is not a parameter of its query")
        found = _statements[(key, connection.vendor)] = (sql, places)
    return found
