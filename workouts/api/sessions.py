"""Sessions, their exercises (entries) and sets. Every write goes through `workouts.actions`,
as the pages' do, so records, roll-ups and quotes come out the same."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.db.models import Count, F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import AwareDatetime

from workouts.forms.logbook import SessionEditForm
from workouts.logbook import actions
from workouts.logbook import reads as session_data
from workouts.rules import measures

from ..models import (
    Exercise,
    LoggedSet,
    PersonalRecord,
    Plan,
    SessionExercise,
    Style,
    WorkoutSession,
)
from . import idempotency
from .errors import READ_ERRORS, WRITE_ERRORS, ApiError, field_error, from_form
from .pagination import Page, as_datetime, as_int, paginate
from .schemas import (
    UNITS_HELP,
    Distance,
    QuoteBrief,
    Ref,
    StyleName,
    Units,
    Weight,
    distance,
    quote_brief,
    weight,
)

MAX_LOAD_KG = measures.BY_NAME["load"].max_value
MAX_DURATION_S = measures.BY_NAME["duration"].max_value
MAX_DISTANCE_M = measures.BY_NAME["distance"].max_value


router = Router(tags=["sessions"])
KEY_HEADER = Header(
    None,
    alias="Idempotency-Key",
    description="A client-made key (a UUID): retrying with it never creates "
    "twice. The same key with a different body is a 409.",
)


# ---------- shapes ----------


class SetDisplay(Schema):
    load: Weight | None = None
    distance: Distance | None = None


class SetOut(Schema):
    id: int
    entry_id: int
    session_id: int
    exercise_id: int
    position: int
    reps: int | None
    load_kg: float | None
    duration_s: int | None
    distance_m: float | None
    force_psi: int | None
    power_w: int | None
    heart_rate_bpm: int | None
    rpe: float | None
    is_warmup: bool
    note: str
    logged_at: dt.datetime
    records: list[str] = Field(description="Kinds of personal record this set holds.")
    display: SetDisplay | None = Field(None, description="Only with units=user.")


class SetCreated(SetOut):
    unlocked_quotes: list[QuoteBrief] = Field(description="Quotes this set unlocked.")


Reps = Annotated[int | None, Field(None, ge=0, le=1000)]


class SetIn(Schema):
    """A set in SI units. Send only what the exercise measures (see the exercise's `measures`
    and `readings`); at least one measured value must be above zero. A value within the limits
    is stored as sent: one far above the user's best is not asked about, as the logging page
    does (an API client is a program, with nobody to ask)."""

    reps: Reps
    load_kg: Annotated[float | None, Field(None, ge=0, le=MAX_LOAD_KG, allow_inf_nan=False)]
    duration_s: Annotated[int | None, Field(None, ge=0, le=MAX_DURATION_S)]
    distance_m: Annotated[float | None, Field(None, ge=0, le=MAX_DISTANCE_M, allow_inf_nan=False)]
    force_psi: Annotated[int | None, Field(None, ge=0, le=5000)]
    power_w: Annotated[int | None, Field(None, ge=0, le=3000)]
    heart_rate_bpm: Annotated[int | None, Field(None, ge=25, le=250)]
    rpe: Annotated[float | None, Field(None, ge=1, le=10, multiple_of=0.5, allow_inf_nan=False)]
    is_warmup: bool = False
    note: Annotated[str, Field("", max_length=200)]


class SetCreate(SetIn):
    __doc__ = SetIn.__doc__  # the schema's description of a set to log

    idempotency_key: Annotated[
        str | None,
        Field(
            None,
            max_length=idempotency.MAX_LENGTH,
            description="Same as the Idempotency-Key header, for clients that queue bodies.",
        ),
    ]


class SetPatch(Schema):
    """Only the fields sent are changed."""

    reps: Reps
    load_kg: Annotated[float | None, Field(None, ge=0, le=MAX_LOAD_KG, allow_inf_nan=False)]
    duration_s: Annotated[int | None, Field(None, ge=0, le=MAX_DURATION_S)]
    distance_m: Annotated[float | None, Field(None, ge=0, le=MAX_DISTANCE_M, allow_inf_nan=False)]
    force_psi: Annotated[int | None, Field(None, ge=0, le=5000)]
    power_w: Annotated[int | None, Field(None, ge=0, le=3000)]
    heart_rate_bpm: Annotated[int | None, Field(None, ge=25, le=250)]
    rpe: Annotated[float | None, Field(None, ge=1, le=10, multiple_of=0.5, allow_inf_nan=False)]
    is_warmup: bool | None = None
    note: Annotated[str | None, Field(None, max_length=200)]


class EntryOut(Schema):
    id: int
    exercise: Ref
    order: int
    plan_item_id: int | None
    sets: list[SetOut]


class EntryIn(Schema):
    exercise_id: int = Field(description="A built-in exercise or one of yours.")


class SessionOut(Schema):
    id: int
    title: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    notes: str
    rpe: int | None
    style: str = Field(description="natural, high_tech, both, or empty")
    plan_day_id: int | None
    enrolment_id: int | None
    volume_kg: float = Field(description="Working sets' reps x load.")
    working_sets: int
    records: int


class SessionDetail(SessionOut):
    entries: list[EntryOut]


class SessionWritten(SessionOut):
    unlocked_quotes: list[QuoteBrief] = []
    completed_enrolment_id: int | None = Field(
        None, description="The enrolment this finished, if it was the plan's last day."
    )


class SessionPage(Page):
    items: list[SessionOut]


Title = Annotated[str, Field("", max_length=120)]


class SessionIn(Schema):
    title: Title
    started_at: AwareDatetime | None = Field(None, description="UTC ISO 8601; empty: now.")


class SessionPatch(Schema):
    """Only the fields sent are changed. A finished_at makes the session finished."""

    title: Annotated[str | None, Field(None, max_length=120)]
    started_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    rpe: Annotated[int | None, Field(None, ge=1, le=10)]
    notes: Annotated[str | None, Field(None, max_length=2000)]


class FinishIn(Schema):
    rpe: Annotated[int | None, Field(None, ge=1, le=10)]
    notes: Annotated[str | None, Field(None, max_length=2000)]


class SessionFilters(Schema):
    start: dt.date | None = Field(None, description="Sessions from this local date on.")
    end: dt.date | None = Field(None, description="Sessions up to this local date.")
    style: StyleName | None = Field(None, description="Sessions of this style (or both).")
    plan: str | None = Field(None, description="A plan's slug: sessions from its days.")
    exercise: int | None = Field(
        None, description="Sessions with this exercise (yours or built-in)."
    )
    cursor: str | None = Field(None, description="next_cursor from the previous page.")
    limit: int = Field(50, ge=1, le=200)
    units: Units = Field("si", description=UNITS_HELP)


# ---------- loading (the user's own, 404 otherwise) ----------


def _pk(value):
    if not isinstance(value, int) or not 0 < value < 2**63:
        raise Http404
    return value


def owned_session(user, pk):
    session = get_object_or_404(WorkoutSession, pk=_pk(pk), user=user)
    session.user = user
    return session


def owned_entry(user, pk):
    entry = get_object_or_404(
        SessionExercise.objects.select_related("session", "exercise"),
        pk=_pk(pk),
        session__user=user,
    )
    entry.session.user = user
    return entry


def owned_set(user, pk):
    logged = get_object_or_404(
        LoggedSet.objects.select_related("session", "exercise"), pk=_pk(pk), user=user
    )
    logged.user = logged.session.user = user
    return logged


def visible_exercise(user, pk):
    return get_object_or_404(Exercise.objects.visible_to(user), pk=_pk(pk))


# ---------- rendering ----------


def set_out(logged, kinds, profile, units):
    display = None
    if units == "user":
        display = SetDisplay(
            load=weight(logged.load_kg, profile), distance=distance(logged.distance_m, profile)
        )
    return SetOut(
        id=logged.pk,
        entry_id=logged.entry_id,
        session_id=logged.session_id,
        exercise_id=logged.exercise_id,
        position=logged.position,
        reps=logged.reps,
        load_kg=logged.load_kg,
        duration_s=logged.duration_s,
        distance_m=logged.distance_m,
        force_psi=logged.force_psi,
        power_w=logged.power_w,
        heart_rate_bpm=logged.heart_rate_bpm,
        rpe=None if logged.rpe is None else float(logged.rpe),
        is_warmup=logged.is_warmup,
        note=logged.note,
        logged_at=logged.logged_at,
        records=list(kinds),
        display=display,
    )


def _record_kinds(set_ids):
    kinds = {}
    for set_id, kind in PersonalRecord.objects.filter(logged_set__in=set_ids).values_list(
        "logged_set_id", "kind"
    ):
        kinds.setdefault(set_id, []).append(kind)
    return kinds


def _with_figures(sessions):
    record_count = (
        PersonalRecord.objects.filter(logged_set__session=OuterRef("pk"))
        .values("logged_set__session")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return sessions.annotate(
        volume=F("summary__volume_kg"),
        set_count=F("summary__set_count"),
        record_count=Subquery(record_count),
    )


def session_out(session, cls=SessionOut, **extra):
    return cls(
        id=session.pk,
        title=session.title,
        started_at=session.started_at,
        finished_at=session.finished_at,
        notes=session.notes,
        rpe=session.rpe,
        style=session.style,
        plan_day_id=session.plan_day_id,
        enrolment_id=session.enrolment_id,
        volume_kg=getattr(session, "volume", None) or 0.0,
        working_sets=getattr(session, "set_count", None) or 0,
        records=getattr(session, "record_count", None) or 0,
        **extra,
    )


def _written(user, session, outcome=None):
    fresh = _with_figures(WorkoutSession.objects.filter(pk=session.pk)).get()
    outcome = outcome or actions.Outcome()
    completed = outcome.completed_enrolment
    return session_out(
        fresh,
        SessionWritten,
        unlocked_quotes=[quote_brief(q) for q in outcome.unlocked_quotes],
        completed_enrolment_id=completed.pk if completed else None,
    )


def _dump(schema):
    return schema.model_dump(mode="json")


# ---------- sessions ----------


@router.get(
    "/sessions",
    response={200: SessionPage, **READ_ERRORS},
    summary="List your sessions, newest first",
)
def list_sessions(request, filters: Query[SessionFilters]):
    user = request.user
    data = {"style": filters.style, "start": filters.start, "end": filters.end}
    for name in ("start", "end"):
        day = data[name]
        if day is not None and not 1970 <= day.year <= timezone.now().year + 1:
            raise field_error(name, "Enter a date between 1970 and next year.")
    if data["start"] and data["end"] and data["end"] < data["start"]:
        raise field_error("end", "The end date is before the start date.")
    if filters.plan is not None:
        data["plan"] = Plan.objects.visible_to(user).filter(slug=filters.plan).first()
        if data["plan"] is None:
            raise Http404
    if filters.exercise is not None:
        data["exercise"] = visible_exercise(user, filters.exercise)
    sessions = session_data.history(user, data, request.profile.zone)
    items, cursor = paginate(
        sessions,
        [("started_at", True, as_datetime), ("id", True, as_int)],
        filters.cursor,
        filters.limit,
    )
    return Status(200, {"items": [session_out(s) for s in items], "next_cursor": cursor})


@router.post("/sessions", response={201: SessionWritten, **WRITE_ERRORS}, summary="Start a session")
def create_session(request, payload: SessionIn, idempotency_key: str | None = KEY_HEADER):
    from django import forms

    from workouts.forms.logbook import check_session_time

    key = idempotency.clean_key(idempotency_key)
    try:
        check_session_time(payload.started_at)
    except forms.ValidationError as exc:
        raise field_error("started_at", exc.messages[0]) from exc

    def create():
        session = actions.start_session(
            request.user, timezone.now(), title=payload.title, started_at=payload.started_at
        )
        return 201, _dump(_written(request.user, session))

    print_ = idempotency.fingerprint("POST", "/sessions", payload.model_dump(mode="json"))
    status, body, _replayed = idempotency.once(request.user, key, print_, create)
    return Status(status, body)


@router.get(
    "/sessions/{session_id}",
    response={200: SessionDetail, **READ_ERRORS},
    summary="A session with its exercises and sets",
)
def get_session(request, session_id: int, units: Units = Query("si", description=UNITS_HELP)):
    session = _with_figures(
        WorkoutSession.objects.filter(pk=_pk(session_id), user=request.user)
    ).first()
    if session is None:
        raise Http404
    entries = list(SessionExercise.objects.filter(session=session).select_related("exercise"))
    sets = list(LoggedSet.objects.filter(session=session).order_by("position", "id"))
    kinds = _record_kinds([s.pk for s in sets])
    by_entry = {}
    for logged in sets:
        by_entry.setdefault(logged.entry_id, []).append(
            set_out(logged, kinds.get(logged.pk, []), request.profile, units)
        )
    return Status(
        200,
        session_out(
            session,
            SessionDetail,
            entries=[
                EntryOut(
                    id=e.pk,
                    exercise=Ref(id=e.exercise_id, name=e.exercise.name),
                    order=e.order,
                    plan_item_id=e.plan_item_id,
                    sets=by_entry.get(e.pk, []),
                )
                for e in entries
            ],
        ),
    )


@router.patch(
    "/sessions/{session_id}",
    response={200: SessionWritten, **WRITE_ERRORS},
    summary="Edit a session's details",
)
def edit_session(request, session_id: int, payload: SessionPatch):
    session = owned_session(request.user, session_id)
    sent = payload.model_dump(exclude_unset=True)
    current = {
        "title": session.title,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
        "rpe": session.rpe,
        "notes": session.notes,
    }
    current.update(sent)
    data = {
        name: "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
        for name, value in current.items()
    }
    form = SessionEditForm(data, instance=session)
    if not form.is_valid():
        raise from_form(form)
    outcome = actions.update_session(session, form.cleaned_data, timezone.now())
    return Status(200, _written(request.user, session, outcome))


@router.post(
    "/sessions/{session_id}/finish",
    response={200: SessionWritten, **WRITE_ERRORS},
    summary="Finish a session (unlocks quotes, completes plan days)",
)
def finish_session(request, session_id: int, payload: FinishIn):
    session = owned_session(request.user, session_id)
    outcome = actions.finish_session(session, timezone.now(), rpe=payload.rpe, notes=payload.notes)
    return Status(200, _written(request.user, session, outcome))


@router.delete(
    "/sessions/{session_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a session with its sets",
)
def delete_session(request, session_id: int):
    actions.delete_session(owned_session(request.user, session_id))
    return Status(204, None)


# ---------- entries ----------


@router.post(
    "/sessions/{session_id}/entries",
    response={201: EntryOut, **WRITE_ERRORS},
    summary="Add an exercise to a session",
)
def add_entry(request, session_id: int, payload: EntryIn, idempotency_key: str | None = KEY_HEADER):
    key = idempotency.clean_key(idempotency_key)
    session = owned_session(request.user, session_id)
    exercise = visible_exercise(request.user, payload.exercise_id)

    def create():
        entry = actions.add_exercise(session, exercise)
        out = EntryOut(
            id=entry.pk,
            exercise=Ref(id=exercise.pk, name=exercise.name),
            order=entry.order,
            plan_item_id=None,
            sets=[],
        )
        return 201, _dump(out)

    print_ = idempotency.fingerprint(
        "POST", f"/sessions/{session.pk}/entries", payload.model_dump(mode="json")
    )
    status, body, _replayed = idempotency.once(request.user, key, print_, create)
    return Status(status, body)


@router.delete(
    "/entries/{entry_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an exercise (and its sets) from a session",
)
def delete_entry(request, entry_id: int):
    actions.remove_exercise(owned_entry(request.user, entry_id))
    return Status(204, None)


# ---------- sets ----------

MEASURED = {"reps": "reps", "load_kg": "load", "duration_s": "duration", "distance_m": "distance"}
READINGS = {"force_psi": "force", "power_w": "power", "heart_rate_bpm": "heart_rate"}


def check_set(exercise, values, sent=None):
    """422 for a value sent that the exercise does not measure, or a set (`values`, as it would
    be stored) that measures nothing."""
    errors = {}
    for name, measure in {**MEASURED, **READINGS}.items():
        allowed = measure in exercise.measure_names + exercise.reading_names
        if (values if sent is None else sent).get(name) is not None and not allowed:
            errors[name] = [f"{exercise.name} does not record {measure.replace('_', ' ')}."]
    if errors:
        raise ApiError(422, "invalid", "Check the highlighted fields.", errors)
    measured = [name for name, measure in MEASURED.items() if measure in exercise.measure_names]
    if not any(values.get(name) for name in measured):
        raise field_error(
            measured[0], "Enter at least one of: " + ", ".join(measured) + ".", code="invalid"
        )


def set_values(values):
    if values.get("rpe") is not None:
        values["rpe"] = Decimal(str(values["rpe"]))
    return values


def created_set(outcome, profile, units):
    return SetCreated(
        **set_out(
            outcome.logged_set, [r.kind for r in outcome.new_records], profile, units
        ).model_dump(),
        unlocked_quotes=[quote_brief(q) for q in outcome.unlocked_quotes],
    )


@router.post(
    "/entries/{entry_id}/sets",
    response={201: SetCreated, **WRITE_ERRORS},
    summary="Log a set (says which records it holds and which quotes it unlocked)",
)
def add_set(
    request,
    entry_id: int,
    payload: SetCreate,
    idempotency_key: str | None = KEY_HEADER,
    units: Units = Query("si", description=UNITS_HELP),
):
    key = idempotency.clean_key(idempotency_key)
    body_key = idempotency.clean_key(payload.idempotency_key, "idempotency_key")
    if key and body_key and key != body_key:
        raise field_error("idempotency_key", "Differs from the Idempotency-Key header.")
    entry = owned_entry(request.user, entry_id)
    values = payload.model_dump(exclude={"idempotency_key"})
    check_set(entry.exercise, values)

    def create():
        log_set = (
            idempotency.in_callers_transaction(actions.log_set)
            if key or body_key
            else (actions.log_set)
        )
        outcome = log_set(entry, set_values(dict(values)), timezone.now())
        return 201, _dump(created_set(outcome, request.profile, units))

    print_ = idempotency.fingerprint("POST", f"/entries/{entry.pk}/sets", values)
    status, body, _replayed = idempotency.once(
        request.user, key or body_key, print_, create, precheck=False
    )
    return Status(status, body)


@router.get("/sets/{set_id}", response={200: SetOut, **READ_ERRORS}, summary="One set")
def get_set(request, set_id: int, units: Units = Query("si", description=UNITS_HELP)):
    logged = owned_set(request.user, set_id)
    kinds = _record_kinds([logged.pk]).get(logged.pk, [])
    return Status(200, set_out(logged, kinds, request.profile, units))


@router.patch(
    "/sets/{set_id}",
    response={200: SetCreated, **WRITE_ERRORS},
    summary="Edit a set (records are rebuilt)",
)
def edit_set(
    request, set_id: int, payload: SetPatch, units: Units = Query("si", description=UNITS_HELP)
):
    logged = owned_set(request.user, set_id)
    sent = payload.model_dump(exclude_unset=True)
    for name in ("is_warmup", "note"):
        if name in sent and sent[name] is None:
            raise field_error(name, "May not be null.")
    merged = {name: getattr(logged, name) for name in actions.set_fields()}
    merged.update(sent)
    check_set(logged.exercise, merged, sent)
    outcome = actions.update_set(logged, set_values(sent), timezone.now())
    return Status(200, created_set(outcome, request.profile, units))


@router.delete(
    "/sets/{set_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a set (records are rebuilt)",
)
def delete_set(request, set_id: int):
    actions.delete_set(owned_set(request.user, set_id))
    return Status(204, None)


__all__ = ["router", "Style"]
