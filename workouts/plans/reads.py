"""Reading a plan's layout for a page: its days, each with its items, in three queries."""

from workouts.models import Exercise, PlanDay, PlanItem


def days_with_items(plan):
    """The plan's days in order, each with `item_list`: its current items in order, each with
    its `day` and `exercise` loaded. Each exercise is built once however often the plan repeats
    it, and no queryset is built per day (as `prefetch_related` does for each parent): the plan
    page and the editor list about 130 items (issue 15, bench/pages.py)."""
    days = list(PlanDay.objects.filter(plan=plan))
    by_pk = {}
    for day in days:
        day.item_list = []
        by_pk[day.pk] = day
    items = list(PlanItem.objects.filter(day__plan=plan))
    exercises = Exercise._base_manager.in_bulk({item.exercise_id for item in items})
    day_field, exercise_field = PlanItem.day.field, PlanItem.exercise.field
    for item in items:
        day = by_pk[item.day_id]
        day_field.set_cached_value(item, day)
        exercise_field.set_cached_value(item, exercises[item.exercise_id])
        day.item_list.append(item)
    return days
