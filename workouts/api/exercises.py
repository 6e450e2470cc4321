"""Exercises: the built-in catalogue plus the user's own (which they may create, edit, delete),
and the user's records per exercise. Validation is the exercise form's, as on the pages."""

from typing import Annotated, Literal

from django.db.models import ProtectedError
from django.http import Http404
from ninja import Field, Header, Query, Router, Schema, Status

from workouts.forms.exercises import TEXT_MAX, ExerciseFilterForm, ExerciseForm
from workouts.logbook import reads as session_data
from workouts.rules import records as record_rules

from ..models import Category, Exercise
from . import idempotency
from .errors import READ_ERRORS, WRITE_ERRORS, ApiError, from_form
from .pagination import Page, as_int, as_str, paginate
from .schemas import RecordBrief, StyleName
from .sessions import _pk, visible_exercise

router = Router(tags=["exercises"])

Measure = Literal["reps", "load", "duration", "distance"]
Reading = Literal["force", "power", "heart_rate"]
CategoryName = Literal[tuple(Category.values)]  # type: ignore[valid-type]


class ExerciseOut(Schema):
    id: int
    name: str
    builtin: bool
    style: str
    category: str
    equipment: str
    howto: str
    measures: list[Measure] = Field(description="What each set records.")
    readings: list[Reading] = Field(description="Optional high-tech readings.")


class ExerciseIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    style: StyleName = "both"
    category: CategoryName = "strength"
    equipment: Annotated[str, Field("", max_length=60)]
    howto: Annotated[str, Field("", max_length=TEXT_MAX)]
    measures: Annotated[list[Measure], Field(min_length=1, max_length=4)]
    readings: Annotated[list[Reading], Field([], max_length=3)]


class ExercisePatch(Schema):
    """Only the fields sent are changed."""

    name: Annotated[str | None, Field(None, min_length=1, max_length=80)]
    style: StyleName | None = None
    category: CategoryName | None = None
    equipment: Annotated[str | None, Field(None, max_length=60)]
    howto: Annotated[str | None, Field(None, max_length=TEXT_MAX)]
    measures: Annotated[list[Measure] | None, Field(None, min_length=1, max_length=4)]
    readings: Annotated[list[Reading] | None, Field(None, max_length=3)]


class ExercisePage(Page):
    items: list[ExerciseOut]


class ExerciseFilters(Schema):
    q: Annotated[str | None, Field(None, max_length=80, description="Name contains.")]
    style: StyleName | None = Field(None, description="This style, or both.")
    category: CategoryName | None = None
    mine: bool = Field(False, description="Only your own exercises.")
    cursor: str | None = Field(None, description="next_cursor from the previous page.")
    limit: int = Field(50, ge=1, le=200)


class RecordsOut(Schema):
    exercise_id: int
    records: list[RecordBrief] = Field(description="Your current best of each kind.")


def exercise_out(exercise):
    return ExerciseOut(
        id=exercise.pk,
        name=exercise.name,
        builtin=exercise.is_builtin,
        style=exercise.style,
        category=exercise.category,
        equipment=exercise.equipment,
        howto=exercise.howto,
        measures=exercise.measure_names,
        readings=exercise.reading_names,
    )


def own_exercise(user, pk):
    exercise = Exercise.objects.filter(pk=_pk(pk), owner=user).first()
    if exercise is None:
        if Exercise.objects.builtin().filter(pk=pk).exists():
            raise ApiError(403, "builtin_read_only", "Built-in exercises cannot be changed.")
        raise Http404
    return exercise


def _form_data(values):
    data = {name: values[name] for name in ("name", "style", "category", "equipment", "howto")}
    data["measures"], data["readings"] = list(values["measures"]), list(values["readings"])
    return data


@router.get(
    "/exercises",
    response={200: ExercisePage, **READ_ERRORS},
    summary="List built-in exercises and your own, by name",
)
def list_exercises(request, filters: Query[ExerciseFilters]):
    data = {
        k: v
        for k, v in filters.model_dump().items()
        if k in ("q", "style", "category", "mine") and v not in (None, False)
    }
    form = ExerciseFilterForm(data)
    exercises = form.filter(Exercise.objects.visible_to(request.user))
    items, cursor = paginate(
        exercises, [("name", False, as_str), ("id", False, as_int)], filters.cursor, filters.limit
    )
    return Status(200, {"items": [exercise_out(e) for e in items], "next_cursor": cursor})


@router.get(
    "/exercises/{exercise_id}", response={200: ExerciseOut, **READ_ERRORS}, summary="One exercise"
)
def get_exercise(request, exercise_id: int):
    return Status(200, exercise_out(visible_exercise(request.user, exercise_id)))


@router.post(
    "/exercises",
    response={201: ExerciseOut, **WRITE_ERRORS},
    summary="Create an exercise of your own",
)
def create_exercise(
    request,
    payload: ExerciseIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    key = idempotency.clean_key(idempotency_key)

    def create():
        form = ExerciseForm(_form_data(payload.model_dump()), owner=request.user)
        if not form.is_valid():
            raise from_form(form)
        return 201, exercise_out(form.save()).model_dump(mode="json")

    print_ = idempotency.fingerprint("POST", "/exercises", payload.model_dump(mode="json"))
    status, body, _replayed = idempotency.once(request.user, key, print_, create)
    return Status(status, body)


@router.patch(
    "/exercises/{exercise_id}",
    response={200: ExerciseOut, **WRITE_ERRORS},
    summary="Edit one of your exercises",
)
def edit_exercise(request, exercise_id: int, payload: ExercisePatch):
    exercise = own_exercise(request.user, exercise_id)
    values = exercise_out(exercise).model_dump()
    for name, value in payload.model_dump(exclude_unset=True).items():
        if value is None:
            raise ApiError(
                422, "invalid", "Check the highlighted fields.", {name: ["May not be null."]}
            )
        values[name] = value
    form = ExerciseForm(_form_data(values), instance=exercise, owner=request.user)
    if not form.is_valid():
        raise from_form(form)
    return Status(200, exercise_out(form.save()))


@router.delete(
    "/exercises/{exercise_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete one of your exercises (not one with logged sets)",
)
def delete_exercise(request, exercise_id: int):
    exercise = own_exercise(request.user, exercise_id)
    try:
        exercise.delete()
    except ProtectedError as exc:
        raise ApiError(
            409, "in_use", f"“{exercise.name}” has logged sets, so it cannot be deleted."
        ) from exc
    return Status(204, None)


@router.get(
    "/exercises/{exercise_id}/records",
    response={200: RecordsOut, **READ_ERRORS},
    summary="Your current records with an exercise (SI values)",
)
def exercise_records(request, exercise_id: int):
    exercise = visible_exercise(request.user, exercise_id)
    bests = session_data.exercise_bests(request.user, exercise)
    return Status(
        200,
        RecordsOut(
            exercise_id=exercise.pk,
            records=[
                RecordBrief(kind=b.kind, label=b.label, value=b.value, achieved_at=b.achieved_at)
                for b in bests
                if b.achieved_at is not None
            ],
        ),
    )


__all__ = ["router", "record_rules"]
