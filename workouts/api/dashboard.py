"""The dashboard's figures for a range, as numbers (SI) rather than charts."""

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from workouts.dashboard import periods, queries

from .errors import READ_ERRORS
from .schemas import RecordBrief

router = Router(tags=["dashboard"])

RangeName = Literal[tuple(periods.RANGES)]  # type: ignore[valid-type]


class TileOut(Schema):
    label: str
    this_week: float
    last_week: float
    unit: str = Field(description="count, minutes, kg or m")


class BucketOut(Schema):
    start: dt.date
    sessions: int
    minutes: float
    volume_kg: float
    natural_kg: float
    high_tech_kg: float
    mixed_kg: float
    distance_m: float


class RecentRecord(RecordBrief):
    exercise_id: int
    exercise: str
    set_id: int


class DashboardOut(Schema):
    today: dt.date
    range: str
    unit: str = Field(description="Buckets are weeks or months.")
    start: dt.date
    tiles: list[TileOut]
    current_streak: int = Field(description="Consecutive days with a finished session.")
    longest_streak: int
    buckets: list[BucketOut]
    range_sessions: int
    recent_records: list[RecentRecord]
    latest_weight_kg: float | None
    latest_weight_date: dt.date | None
    plan_day: int | None
    fight_in_days: int | None
    quotes_unlocked: int
    quotes_total: int


UNITS = {"count": "count", "minutes": "minutes", "weight": "kg", "distance": "m"}


class DashboardQuery(Schema):
    range: RangeName = Field(periods.DEFAULT_RANGE, description="4w, 12w, 1y or all")


@router.get(
    "/dashboard",
    response={200: DashboardOut, **READ_ERRORS},
    summary="The dashboard's figures for a range",
)
def dashboard(request, query: Query[DashboardQuery]):
    board = queries.dashboard(request.user, request.profile, timezone.now(), query.range)
    latest = board.latest_weight
    return Status(
        200,
        DashboardOut(
            today=board.today,
            range=board.range_key,
            unit=board.period.unit,
            start=board.period.start,
            tiles=[
                TileOut(
                    label=t.label, this_week=t.this_week, last_week=t.last_week, unit=UNITS[t.kind]
                )
                for t in board.tiles
            ],
            current_streak=board.current_streak,
            longest_streak=board.longest_streak,
            buckets=[
                BucketOut(
                    start=b.start,
                    sessions=b.sessions,
                    minutes=b.minutes,
                    volume_kg=b.volume_kg,
                    natural_kg=b.natural,
                    high_tech_kg=b.high_tech,
                    mixed_kg=b.mixed,
                    distance_m=b.distance_m,
                )
                for b in board.buckets
            ],
            range_sessions=board.range_sessions,
            recent_records=[
                RecentRecord(
                    kind=r.kind,
                    label=r.get_kind_display(),
                    value=r.value,
                    achieved_at=r.achieved_at,
                    exercise_id=r.exercise_id,
                    exercise=r.exercise.name,
                    set_id=r.logged_set_id,
                )
                for r in board.recent_records
            ],
            latest_weight_kg=latest[1] if latest else None,
            latest_weight_date=latest[0] if latest else None,
            plan_day=board.plan.progress.day if board.plan and board.plan.progress else None,
            fight_in_days=board.fight_in_days,
            quotes_unlocked=board.quotes[0],
            quotes_total=board.quotes[1],
        ),
    )
