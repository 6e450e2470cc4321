"""Reading a plan's layout for a page: its days, each with its items, in two queries."""

from django.db import connection

from workouts import compiled
from workouts.models import Exercise, PlanDay, PlanItem

# The columns read, in order; `Model.from_db` builds the instances from them. An exercise is
# read with its id and name only (what the plan pages show); any other field is deferred, so
# reading one costs a query that the pages' query budgets would catch.
DAY_FIELDS = [field.attname for field in PlanDay._meta.concrete_fields]
ITEM_FIELDS = [field.attname for field in PlanItem._meta.concrete_fields]
EXERCISE_FIELDS = ["id", "name"]
_BOOLEANS = {"rest_day", "current"}  # SQLite answers 0/1


def _days_of(plan_id):
    return PlanDay.objects.filter(plan_id=plan_id).order_by("week", "day").values_list(*DAY_FIELDS)


def _items_of(plan_id):  # the current items, each with its exercise's name, in the day's order
    return (
        PlanItem.objects.filter(day__plan_id=plan_id)
        .order_by("day_id", "order")
        .values_list(*ITEM_FIELDS, "exercise__name")
    )


def _row(fields, values):
    return [
        bool(value) if name in _BOOLEANS else value
        for name, value in zip(fields, values, strict=True)
    ]


def days(plan):
    """The plan's days in order (week, day), without their items: one query."""
    return [
        PlanDay.from_db(connection.alias, DAY_FIELDS, _row(DAY_FIELDS, row))
        for row in compiled.rows("plans.days", _days_of, plan.pk)
    ]


def days_with_items(plan):
    """The plan's days in order (week, day), each with `item_list`: its current items in order,
    each with its `day` and `exercise` loaded (an exercise built once however often the plan
    repeats it). Two queries compiled once (`workouts.compiled`), and no queryset per day as
    `prefetch_related` builds: the plan page and the editor list about 130 items (issue 15,
    bench/pages.py); the same instances as the ORM's (tests/plans/test_reads.py)."""
    db = connection.alias
    found = days(plan)
    by_pk = {}
    for day in found:
        day.item_list = []
        by_pk[day.pk] = day
    day_field, exercise_field = PlanItem.day.field, PlanItem.exercise.field
    exercises = {}
    for *values, name in compiled.rows("plans.items", _items_of, plan.pk):
        item = PlanItem.from_db(db, ITEM_FIELDS, _row(ITEM_FIELDS, values))
        exercise = exercises.get(item.exercise_id)
        if exercise is None:
            exercise = exercises[item.exercise_id] = Exercise.from_db(
                db, EXERCISE_FIELDS, [item.exercise_id, name]
            )
        day = by_pk[item.day_id]
        day_field.set_cached_value(item, day)
        exercise_field.set_cached_value(item, exercise)
        day.item_list.append(item)
    return found
