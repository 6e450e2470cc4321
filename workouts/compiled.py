"""SQL written once for the reads every page makes, instead of compiled by the ORM per request.

Django builds a query's SQL anew on each evaluation; for a short query on a small page that
costs more than running it (0.2-0.6 ms of CPU each here, issue 15, bench/pages.py).

- `rows` compiles an ORM query once per database vendor, with stand-in ids where its
  arguments go, and from then on runs the same statement with the real ones: the same SQL as
  the ORM's, so the same plan and the same results (tests/test_compiled.py). Its arguments are
  ids (integers): a value the database adapts (a date, a moment) would need its adapter, and an
  argument list of varying length a different statement.
- `tuples` runs an ORM query's SQL (compiled as usual) without the ORM's per-row work.
- `table`, `column` and `placeholders` name things for the few statements written by hand
  (a varying list of ids, a JSON column read raw).

All give the rows as the database driver returns them: only for columns the ORM's converters
leave as they are (numbers, text, and dates, which SQLite's driver parses as Django registers
it and PostgreSQL's returns); SQLite answers a boolean 0 or 1.
"""

from django.db import connection

# Stand-ins no row id will be, one per argument: their place in the compiled parameters says
# where each argument goes.
_STAND_INS = (-7_000_001, -7_000_002, -7_000_003, -7_000_004)
_statements = {}


def fetch(sql, params):
    """The rows of one statement."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tuples(queryset):
    """A `values_list` queryset's rows: the SQL the ORM compiles, without its per-row iterator
    and converters (the dashboard reads a history of rows this way, a few thousand at five
    years; tested equal to the ORM's rows)."""
    return fetch(*queryset.query.sql_with_params())


def rows(key, build, *ids):
    """The rows of `build(*ids)`, a `values_list` queryset, compiled once; `key` names it."""
    sql, places = _statement(key, build, len(ids))
    return fetch(sql, [ids[place] if place is not None else value for place, value in places])


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


def table(model):
    """A model's table, quoted for the database."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name):
    """A field's column (`name` as the model names the field), quoted for the database."""
    return connection.ops.quote_name(model._meta.get_field(name).column)


def placeholders(count):
    """`%s, %s, ...`: the parameters of an `IN (...)` list of `count` values."""
    return ", ".join(["%s"] * count)
