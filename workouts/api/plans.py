"""Plans (shared, read-only) and the user's current enrolment with today's plan day."""

import datetime as dt

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from workouts.plans import position as enrolments
from workouts.rules import timeutils

from ..models import Plan, PlanDay, PlanItem
from .errors import READ_ERRORS
from .pagination import Page, as_str, paginate

router = Router(tags=["plans"])


class PlanOut(Schema):
    slug: str
    name: str
    style: str
    tagline: str
    weeks: int
    days: int


class PlanItemOut(Schema):
    exercise_id: int
    exercise: str
    sets: int
    reps: int | None
    duration_s: int | None
    distance_m: int | None
    load_kg: float | None
    intensity: str
    rest_s: int | None
    note: str


class PlanDayOut(Schema):
    id: int
    week: int
    day: int
    title: str
    note: str
    items: list[PlanItemOut]


class PlanDetail(PlanOut):
    description: str
    week_focus: list[str]
    plan_days: list[PlanDayOut]


class PlanPage(Page):
    items: list[PlanOut]


class DayToday(Schema):
    date: dt.date = Field(description="The user's local date.")
    state: str
    session_id: int | None
    plan_day: PlanDayOut


class EnrolmentOut(Schema):
    id: int
    plan: PlanOut
    status: str
    start_date: dt.date
    fight_date: dt.date | None
    week: int | None
    days_done: int
    days_total: int
    adherence: float | None = Field(description="Days done on time / days due, 0..1.")


class CurrentEnrolment(Schema):
    today: dt.date
    enrolment: EnrolmentOut | None
    today_day: DayToday | None = Field(description="Today's plan day, if there is one.")


def plan_out(plan, days=None):
    return PlanOut(
        slug=plan.slug,
        name=plan.name,
        style=plan.style,
        tagline=plan.tagline,
        weeks=plan.weeks,
        days=days if days is not None else getattr(plan, "day_count", 0),
    )


def day_out(day):
    return PlanDayOut(
        id=day.pk,
        week=day.week,
        day=day.day,
        title=day.title,
        note=day.note,
        items=[
            PlanItemOut(
                exercise_id=i.exercise_id,
                exercise=i.exercise.name,
                sets=i.sets,
                reps=i.reps,
                duration_s=i.duration_s,
                distance_m=i.distance_m,
                load_kg=i.load_kg,
                intensity=i.intensity,
                rest_s=i.rest_s,
                note=i.note,
            )
            for i in day.items.all()
        ],
    )


class PlanFilters(Schema):
    cursor: str | None = Field(None, description="next_cursor from the previous page.")
    limit: int = Field(50, ge=1, le=200)


@router.get("/plans", response={200: PlanPage, **READ_ERRORS}, summary="The training plans")
def list_plans(request, filters: Query[PlanFilters]):
    plans = Plan.objects.themed().annotate(day_count=Count("days"))
    items, cursor = paginate(plans, [("slug", False, as_str)], filters.cursor, filters.limit)
    return Status(200, {"items": [plan_out(p) for p in items], "next_cursor": cursor})


@router.get(
    "/plans/{slug}",
    response={200: PlanDetail, **READ_ERRORS},
    summary="A plan with its days and exercises",
)
def get_plan(request, slug: str):
    plan = Plan.objects.themed().filter(slug=slug).first()
    if plan is None:
        raise Http404
    days = list(
        PlanDay.objects.filter(plan=plan).prefetch_related(
            Prefetch("items", PlanItem.objects.select_related("exercise"))
        )
    )
    return Status(
        200,
        PlanDetail(
            **plan_out(plan, len(days)).model_dump(),
            description=plan.description,
            week_focus=[str(f) for f in plan.week_focus or []],
            plan_days=[day_out(d) for d in days],
        ),
    )


@router.get(
    "/enrolment",
    response={200: CurrentEnrolment, **READ_ERRORS},
    summary="Your current plan and today's day in it",
)
def current_enrolment(request):
    today = timeutils.today(timezone.now(), request.profile.zone)
    enrolment = enrolments.current(request.user)
    if enrolment is None:
        return Status(200, CurrentEnrolment(today=today, enrolment=None, today_day=None))
    days = enrolments.plan_days(enrolment.plan)
    schedule = enrolments.schedule(enrolment, days, request.profile.zone, today)
    progress = schedule.progress
    slot = schedule.today_slot
    return Status(
        200,
        CurrentEnrolment(
            today=today,
            enrolment=EnrolmentOut(
                id=enrolment.pk,
                plan=plan_out(enrolment.plan, len(days)),
                status=enrolment.status,
                start_date=enrolment.start_date,
                fight_date=enrolment.fight_date,
                week=progress.week,
                days_done=progress.done,
                days_total=progress.total,
                adherence=progress.adherence,
            ),
            today_day=None
            if slot is None
            else DayToday(
                date=slot.when.date,
                state=slot.when.state,
                session_id=slot.session_id or slot.in_progress_id,
                plan_day=day_out(slot.plan_day),
            ),
        ),
    )
