"""Reading a plan's layout for a page: its days, each with its items, in two queries."""

from functools import cache

from django.db import connection

from workouts.models import Exercise, PlanDay, PlanItem

# The columns read, in order; `Model.from_db` builds the instances from them. An exercise is
# read with its id and name only (what the plan pages show); any other field is deferred, so
# reading one costs a query that the pages' query budgets would catch.
DAY_FIELDS = [field.attname for field in PlanDay._meta.concrete_fields]
ITEM_FIELDS = [field.attname for field in PlanItem._meta.concrete_fields]
EXERCISE_FIELDS = ["id", "name"]
_BOOLEANS = {"rest_day", "current"}  # SQLite answers 0/1


@cache
def _sql(vendor):
    """The two statements, written once per database vendor (no ORM compilation per
    request: on the plan pages that cost more than the queries themselves)."""
    quote = connection.ops.quote_name
    day, item, exercise = (
        PlanDay._meta.db_table,
        PlanItem._meta.db_table,
        Exercise._meta.db_table,
    )

    def columns(table, fields, model):
        return ", ".join(
            f"{quote(table)}.{quote(model._meta.get_field(name).column)}" for name in fields
        )

    days = (
        f"SELECT {columns(day, DAY_FIELDS, PlanDay)} FROM {quote(day)}"
        f" WHERE {quote(day)}.{quote('plan_id')} = %s"
        f" ORDER BY {quote(day)}.{quote('week')}, {quote(day)}.{quote('day')}"
    )
    items = (
        f"SELECT {columns(item, ITEM_FIELDS, PlanItem)},"
        f" {columns(exercise, EXERCISE_FIELDS, Exercise)}"
        f" FROM {quote(item)}"
        f" INNER JOIN {quote(day)} ON {quote(day)}.{quote('id')} = {quote(item)}.{quote('day_id')}"
        f" INNER JOIN {quote(exercise)}"
        f" ON {quote(exercise)}.{quote('id')} = {quote(item)}.{quote('exercise_id')}"
        f" WHERE {quote(day)}.{quote('plan_id')} = %s AND {quote(item)}.{quote('current')}"
        f" ORDER BY {quote(item)}.{quote('day_id')}, {quote(item)}.{quote('order')}"
    )
    return days, items


def _row(fields, values):
    return [
        bool(value) if name in _BOOLEANS else value
        for name, value in zip(fields, values, strict=True)
    ]


def days(plan):
    """The plan's days in order (week, day), without their items: one query."""
    days_sql, _items_sql = _sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(days_sql, [plan.pk])
        rows = cursor.fetchall()
    return [PlanDay.from_db(connection.alias, DAY_FIELDS, _row(DAY_FIELDS, row)) for row in rows]


def days_with_items(plan):
    """The plan's days in order (week, day), each with `item_list`: its current items in order,
    each with its `day` and `exercise` loaded (an exercise built once however often the plan
    repeats it). Two queries; the plan page and the editor list about 130 items (issue 15,
    bench/pages.py), and the same instances as the ORM's (tests/plans/test_reads.py)."""
    days_sql, items_sql = _sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(days_sql, [plan.pk])
        day_rows = cursor.fetchall()
        cursor.execute(items_sql, [plan.pk])
        item_rows = cursor.fetchall()
    db = connection.alias
    days, by_pk = [], {}
    for values in day_rows:
        day = PlanDay.from_db(db, DAY_FIELDS, _row(DAY_FIELDS, values))
        day.item_list = []
        days.append(day)
        by_pk[day.pk] = day
    day_field, exercise_field = PlanItem.day.field, PlanItem.exercise.field
    exercises = {}
    split = len(ITEM_FIELDS)
    for values in item_rows:
        item = PlanItem.from_db(db, ITEM_FIELDS, _row(ITEM_FIELDS, values[:split]))
        exercise = exercises.get(item.exercise_id)
        if exercise is None:
            exercise = exercises[item.exercise_id] = Exercise.from_db(
                db, EXERCISE_FIELDS, values[split:]
            )
        day = by_pk[item.day_id]
        day_field.set_cached_value(item, day)
        exercise_field.set_cached_value(item, exercise)
        day.item_list.append(item)
    return days
