"""Shapes shared by several resources. Every stored number is SI: kg, metres, seconds; every
timestamp UTC ISO 8601. `units=user` adds a `display` object in the user's units beside them."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from workouts.rules import units as unit_rules

Units = Literal["si", "user"]
UNITS_HELP = (
    "`si` (default): kg, metres, seconds. `user`: also a `display` object in the "
    "user's units (kg or lb, km or mi)."
)
StyleName = Literal["natural", "high_tech", "both"]


class Weight(Schema):
    value: float
    unit: Literal["kg", "lb"]


class Distance(Schema):
    value: float
    unit: Literal["km", "mi"]


def weight(kg, profile):
    if kg is None:
        return None
    return Weight(
        value=round(unit_rules.kg_to(kg, profile.weight_unit), 3), unit=profile.weight_unit
    )


def distance(metres, profile):
    if metres is None:
        return None
    return Distance(
        value=round(unit_rules.metres_to(metres, profile.distance_unit), 3),
        unit=profile.distance_unit,
    )


class QuoteBrief(Schema):
    number: int
    text: str
    speaker: str


def quote_brief(quote):
    return QuoteBrief(number=quote.number, text=quote.text, speaker=quote.speaker)


class Deleted(Schema):
    deleted: bool = True


class Ref(Schema):
    id: int
    name: str


class RecordBrief(Schema):
    kind: str = Field(
        description="heaviest, e1rm, reps, set_volume, distance, duration, pace, force or power"
    )
    label: str
    value: float = Field(description="SI: kg, reps, metres, seconds, s/m (pace), psi or W")
    achieved_at: dt.datetime
