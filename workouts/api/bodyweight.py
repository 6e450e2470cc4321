"""Body weight: one weigh-in per local day (a second one that day replaces it), in kg."""

import datetime as dt
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status

from workouts.rules import timeutils

from ..models import BodyWeight
from . import idempotency
from .errors import READ_ERRORS, WRITE_ERRORS, field_error
from .pagination import Page, as_date, as_int, paginate
from .schemas import UNITS_HELP, Units, Weight, weight
from .sessions import _pk

router = Router(tags=["body weight"])


class WeighInOut(Schema):
    id: int
    date: dt.date = Field(description="The user's local date.")
    weight_kg: float
    display: Weight | None = Field(None, description="Only with units=user.")


class WeighInIn(Schema):
    date: dt.date | None = Field(None, description="Local date, not in the future; empty: today.")
    weight_kg: Annotated[float, Field(ge=20, le=400, allow_inf_nan=False)]


class WeighInPage(Page):
    items: list[WeighInOut]


class WeighInFilters(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    cursor: str | None = Field(None, description="next_cursor from the previous page.")
    limit: int = Field(50, ge=1, le=200)
    units: Units = Field("si", description=UNITS_HELP)


def weigh_in_out(entry, profile, units="si"):
    return WeighInOut(
        id=entry.pk,
        date=entry.date,
        weight_kg=entry.weight_kg,
        display=weight(entry.weight_kg, profile) if units == "user" else None,
    )


@router.get(
    "/bodyweight",
    response={200: WeighInPage, **READ_ERRORS},
    summary="Your weigh-ins, newest first",
)
def list_weigh_ins(request, filters: Query[WeighInFilters]):
    entries = BodyWeight.objects.filter(user=request.user)
    if filters.start:
        entries = entries.filter(date__gte=filters.start)
    if filters.end:
        entries = entries.filter(date__lte=filters.end)
    items, cursor = paginate(
        entries, [("date", True, as_date), ("id", True, as_int)], filters.cursor, filters.limit
    )
    return Status(
        200,
        {
            "items": [weigh_in_out(e, request.profile, filters.units) for e in items],
            "next_cursor": cursor,
        },
    )


@router.post(
    "/bodyweight",
    response={201: WeighInOut, **WRITE_ERRORS},
    summary="Record a weigh-in (replaces that day's)",
)
def create_weigh_in(
    request, payload: WeighInIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")
):
    key = idempotency.clean_key(idempotency_key)
    today = timeutils.today(timezone.now(), request.profile.zone)
    day = payload.date or today
    if day > today:
        raise field_error("date", "That date is in the future; weigh in on or before today.")

    def create():
        entry, _created = BodyWeight.objects.update_or_create(
            user=request.user, date=day, defaults={"weight_kg": payload.weight_kg}
        )
        return 201, weigh_in_out(entry, request.profile).model_dump(mode="json")

    print_ = idempotency.fingerprint("POST", "/bodyweight", payload.model_dump(mode="json"))
    status, body, _replayed = idempotency.once(request.user, key, print_, create)
    return Status(status, body)


@router.delete(
    "/bodyweight/{weigh_in_id}", response={204: None, **WRITE_ERRORS}, summary="Delete a weigh-in"
)
def delete_weigh_in(request, weigh_in_id: int):
    deleted, _ = BodyWeight.objects.filter(pk=_pk(weigh_in_id), user=request.user).delete()
    if not deleted:
        raise Http404
    return Status(204, None)
