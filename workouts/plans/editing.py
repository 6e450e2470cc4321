"""Plan editing: copy a plan ("Make it mine"), start a new one, and change an own plan's weeks,
days and items. Each write runs in one transaction and first locks the plan row, so two tabs
editing one plan take turns (plans are not part of the logbook's lock order: no write here
touches a session, a set or anything derived from them).

History stays true (issue 14): an item a session was started from is never changed or deleted;
an edit retires it (`current=False`, still that session's target) and adds its successor under
the same key, as the catalogue loader does for the themed plans. A day or a week that sessions
were logged against cannot be removed (its sessions would lose their plan day); the user is told
so. Upcoming days simply follow the plan as it now is: the schedule reads the plan afresh.
"""

import datetime as dt
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from workouts.models import Plan, PlanDay, PlanItem, SessionExercise, Style, WorkoutSession
from workouts.rules import progression

ITEM_COPY_FIELDS = (
    "key",
    "exercise_id",
    "order",
    "sets",
    "reps",
    "reps_max",
    "duration_s",
    "distance_m",
    "load_kg",
    "intensity",
    "rest_s",
    "note",
    "load_rule",
    "load_percent",
    "progression",
    "progression_amount",
    "deload_week",
    "deload_percent",
)
MAX_WEEKS = 52
MAX_ITEMS_PER_DAY = 30


class Refused(Exception):
    """An edit that cannot be made; the message says why, for the user."""


def new_slug(name: str) -> str:
    base = slugify(name)[:40] or "plan"
    return f"{base}-{secrets.token_hex(4)}"


def lock(plan: Plan) -> None:
    list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk"))


def _explicit_rule(item: PlanItem) -> dict:
    """The themed plans' implicit rules written out, so the editor shows them."""
    if item.load_rule:
        return {}
    rule = progression.rule_from_intensity(item.intensity, item.load_kg)
    if rule.kind == progression.E1RM:
        return {"load_rule": rule.kind, "load_percent": rule.value}
    if rule.kind == progression.ABSOLUTE:
        return {"load_rule": rule.kind}
    return {}


@transaction.atomic
def copy_plan(plan: Plan, user: User, now: dt.datetime, name: str = "") -> Plan:
    """The user's own copy of a plan they can see, days and current items included."""
    name = name or (f"My {plan.name}" if plan.is_themed else f"{plan.name} (copy)")[:80]
    copy = Plan.objects.create(
        owner=user,
        slug=new_slug(name),
        name=name,
        style=plan.style,
        tagline=plan.tagline,
        description=plan.description,
        weeks=plan.weeks,
        week_focus=list(plan.week_focus or []),
        created_at=now,
    )
    days = list(PlanDay.objects.filter(plan=plan).prefetch_related("items"))
    new_days = PlanDay.objects.bulk_create(
        [
            PlanDay(
                plan=copy, week=d.week, day=d.day, title=d.title, note=d.note, rest_day=d.rest_day
            )
            for d in days
        ]
    )
    items = []
    for old, new in zip(days, new_days, strict=True):
        for item in old.items.all():
            values = {f: getattr(item, f) for f in ITEM_COPY_FIELDS}
            values.update(_explicit_rule(item))
            items.append(PlanItem(day=new, **values))
    PlanItem.objects.bulk_create(items)
    return copy


@transaction.atomic
def new_plan(user: User, now: dt.datetime, *, name: str, style: str, description: str = "") -> Plan:
    """An empty own plan of one week (days are added in the editor)."""
    return Plan.objects.create(
        owner=user,
        slug=new_slug(name),
        name=name,
        style=style or Style.BOTH,
        description=description,
        weeks=1,
        week_focus=[""],
        created_at=now,
    )


@transaction.atomic
def update_plan(plan: Plan, **fields: object) -> Plan:
    lock(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    return plan


def _day_used(day: PlanDay) -> bool:
    return WorkoutSession.objects.filter(plan_day=day).exists()


def _item_used(item: PlanItem) -> bool:
    return SessionExercise.objects.filter(plan_item=item).exists()


def _sync_weeks(plan: Plan) -> None:
    """`plan.weeks` is the highest week with a day (at least the weeks already declared empty
    at the end stay only if asked: `add_week`)."""
    top = PlanDay.objects.filter(plan=plan).aggregate(top=Max("week"))["top"] or 1
    if top > plan.weeks:
        plan.weeks = top
    focus = list(plan.week_focus or [])
    plan.week_focus = (focus + [""] * plan.weeks)[: plan.weeks]
    plan.save(update_fields=["weeks", "week_focus"])


@transaction.atomic
def add_week(plan: Plan) -> int:
    lock(plan)
    if plan.weeks >= MAX_WEEKS:
        raise Refused(f"A plan has {MAX_WEEKS} weeks at most.")
    plan.weeks += 1
    _sync_weeks(plan)
    return plan.weeks


def _shift_weeks(plan: Plan, after: int, by: int) -> None:
    """Moves every day of the weeks after `after` by `by` weeks, one row at a time in an order
    that never collides with the (plan, week, day) constraint."""
    days = PlanDay.objects.filter(plan=plan, week__gt=after)
    for day in days.order_by("-week" if by > 0 else "week", "day"):
        day.week += by
        day.save(update_fields=["week"])


@transaction.atomic
def duplicate_week(plan: Plan, week: int) -> int:
    """A copy of `week` (days and items) inserted right after it; later weeks move along."""
    lock(plan)
    if plan.weeks >= MAX_WEEKS:
        raise Refused(f"A plan has {MAX_WEEKS} weeks at most.")
    if not 1 <= week <= plan.weeks:
        raise Refused("No such week.")
    _shift_weeks(plan, week, 1)
    focus = list(plan.week_focus or [])
    focus = (focus + [""] * plan.weeks)[: plan.weeks]
    focus.insert(week, focus[week - 1])
    plan.week_focus, plan.weeks = focus, plan.weeks + 1
    plan.save(update_fields=["weeks", "week_focus"])
    for day in PlanDay.objects.filter(plan=plan, week=week).prefetch_related("items"):
        _copy_day(day, week + 1, day.day)
    return week + 1


@transaction.atomic
def remove_week(plan: Plan, week: int) -> None:
    lock(plan)
    if plan.weeks <= 1:
        raise Refused("A plan needs at least one week.")
    days = PlanDay.objects.filter(plan=plan, week=week)
    if WorkoutSession.objects.filter(plan_day__in=days).exists():
        raise Refused(f"Week {week} has logged sessions; change its days instead of removing it.")
    if not PlanDay.objects.filter(plan=plan, rest_day=False).exclude(week=week).exists():
        raise Refused("A plan needs at least one training day.")
    days.delete()
    _shift_weeks(plan, week, -1)
    focus = list(plan.week_focus or [])
    if len(focus) >= week:
        del focus[week - 1]
    plan.weeks -= 1
    plan.week_focus = (focus + [""] * plan.weeks)[: plan.weeks]
    plan.save(update_fields=["weeks", "week_focus"])


def _copy_day(day: PlanDay, week: int, number: int) -> PlanDay:
    copy = PlanDay.objects.create(
        plan_id=day.plan_id,
        week=week,
        day=number,
        title=day.title,
        note=day.note,
        rest_day=day.rest_day,
    )
    PlanItem.objects.bulk_create(
        [
            PlanItem(day=copy, **{f: getattr(item, f) for f in ITEM_COPY_FIELDS})
            for item in day.items.all()
        ]
    )
    return copy


def free_day(plan: Plan, week: int, exclude: PlanDay | None = None) -> int | None:
    taken = set(PlanDay.objects.filter(plan=plan, week=week).values_list("day", flat=True))
    return next((n for n in range(1, 8) if n not in taken), None)


@transaction.atomic
def save_day(day: PlanDay) -> PlanDay:
    """A new or edited day (the form checked its fields and that its slot is free)."""
    lock(day.plan)
    if day.pk is None and PlanDay.objects.filter(plan=day.plan, week=day.week).count() >= 7:
        raise Refused("A week has seven days at most.")
    if day.pk is not None and day.rest_day:
        others = PlanDay.objects.filter(plan=day.plan, rest_day=False).exclude(pk=day.pk)
        if not others.exists():
            raise Refused("A plan needs at least one training day.")
    day.save()
    _sync_weeks(day.plan)
    return day


@transaction.atomic
def duplicate_day(day: PlanDay) -> PlanDay:
    """A copy of the day on the next free day of its week."""
    lock(day.plan)
    number = free_day(day.plan, day.week)
    if number is None:
        raise Refused(f"Week {day.week} has all seven days already.")
    return _copy_day(day, day.week, number)


@transaction.atomic
def remove_day(day: PlanDay) -> None:
    lock(day.plan)
    if _day_used(day):
        raise Refused(f"“{day.title}” has logged sessions; change it instead of removing it.")
    if (
        not day.rest_day
        and not PlanDay.objects.filter(plan=day.plan, rest_day=False).exclude(pk=day.pk).exists()
    ):
        raise Refused("A plan needs at least one training day.")
    day.delete()


@transaction.atomic
def move_day(day: PlanDay, up: bool) -> PlanDay:
    """One day earlier (up) or later in its week: into a free day, or swapping with the
    neighbour there."""
    lock(day.plan)
    target = day.day - 1 if up else day.day + 1
    if not 1 <= target <= 7:
        raise Refused(f"“{day.title}” is already the {'first' if up else 'last'} day of the week.")
    other = PlanDay.objects.filter(plan=day.plan, week=day.week, day=target).first()
    if other is not None:
        other.day = 0  # out of the way of the (plan, week, day) constraint
        other.save(update_fields=["day"])
    old = day.day
    day.day = target
    day.save(update_fields=["day"])
    if other is not None:
        other.day = old
        other.save(update_fields=["day"])
    return day


def item_key(day: PlanDay, exercise_slug: str, exclude_pk: int | None = None) -> str:
    """A key unique among the day's current items: the exercise's slug, then -2, -3..."""
    items = PlanItem.objects.filter(day=day)
    if exclude_pk is not None:
        items = items.exclude(pk=exclude_pk)
    taken = set(items.values_list("key", flat=True))
    n = 1
    while True:
        key = exercise_slug if n == 1 else f"{exercise_slug}-{n}"
        if key not in taken:
            return key
        n += 1


@transaction.atomic
def save_item(item: PlanItem) -> PlanItem:
    """A new item (last on its day) or an edited one. An item a session was started from is
    retired and replaced, so the session keeps the target it was given."""
    lock(item.day.plan)
    exercise_slug = item.exercise.slug or f"exercise-{item.exercise_id}"
    if item.pk is None:
        if PlanItem.objects.filter(day=item.day).count() >= MAX_ITEMS_PER_DAY:
            raise Refused(f"A day has {MAX_ITEMS_PER_DAY} exercises at most.")
        top = PlanItem.objects.filter(day=item.day).aggregate(top=Max("order"))["top"]
        item.order = 0 if top is None else top + 1
        item.key = item_key(item.day, exercise_slug)
        item.save()
        return item
    stored = PlanItem.objects.get(pk=item.pk)
    if stored.exercise_id != item.exercise_id:
        item.key = item_key(item.day, exercise_slug, exclude_pk=item.pk)
    if _item_used(stored):
        stored.current = False
        stored.save(update_fields=["current"])
        item.pk = None
        item._state.adding = True
    item.save()
    return item


@transaction.atomic
def remove_item(item: PlanItem) -> None:
    lock(item.day.plan)
    if _item_used(item):
        item.current = False
        item.save(update_fields=["current"])
    else:
        item.delete()


@transaction.atomic
def move_item(item: PlanItem, up: bool) -> None:
    """One place up or down among its day's items (orders renumbered 0..n-1)."""
    lock(item.day.plan)
    items = list(PlanItem.objects.filter(day_id=item.day_id).order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(items):
        items[index], items[swap] = items[swap], items[index]
    for order, other in enumerate(items):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])
