"""Montage's own export: everything a user has, as JSON, and every set, as CSV.

This docstring is the format's specification. Montage's importer reads exactly this; a change
that an old reader would misread needs a new ``version``. Additions (a new key) keep version 1:
readers ignore keys they do not know.

Common rules
============

- Units are SI: kilograms, metres, seconds. Heart rate in beats per minute, power in watts,
  punch force in psi, RPE on the 1-10 scale (sets may have halves: 8.5).
- Timestamps are UTC, ISO 8601 with a ``Z``: ``2026-03-01T17:05:09Z``, with microseconds only
  when they are not zero (``2026-03-01T17:05:09.250000Z``). Calendar dates are ``YYYY-MM-DD``
  (body weight and plan dates are days, not instants).
- A value that was not recorded is ``null`` (JSON) or an empty cell (CSV); every key listed
  below is always present.
- An exercise is referred to as ``{"slug": "back-squat"}`` when it is a built-in exercise (the
  catalogue slug, stable across installations) or ``{"name": "Log carry uphill"}`` when it is
  one of the user's own exercises (own names are unique per user and are listed in
  ``exercises``).
- The output is deterministic: the same data exports to the same bytes (``exported_at`` aside).
  Lists are ordered as stated below; numbers are written in Python's shortest round-trip form.

JSON (``/data/export.json``, ``manage.py export_history --format json``)
=========================================================================

UTF-8, no BOM. One object; top-level keys in this order::

    {
      "format": "montage",
      "version": 1,
      "exported_at": "2026-11-29T20:45:00Z",
      "account": {                       # informational; an importer ignores it
        "username": "rocky",
        "email": "rocky@example.com",    # "" when none
        "date_joined": "2024-01-02T09:00:00Z"
      },
      "profile": {
        "weight_unit": "kg",             # "kg" | "lb": how the user wants loads shown
        "distance_unit": "km",           # "km" | "mi"
        "time_zone": "Europe/Moscow",    # IANA name
        "week_start": 0,                 # 0 Monday, 6 Sunday, 5 Saturday (Python weekday)
        "default_rest_s": 90
      },
      "exercises": [                     # the user's own exercises, ordered by name
        {
          "name": "Log carry uphill",
          "style": "natural",            # "natural" | "high_tech" | "both"
          "category": "conditioning",    # "strength" | "conditioning" | "cardio" | "boxing"
                                         # | "mobility"
          "equipment": "log",
          "howto": "",
          "measures_reps": false,        # at least one measures_* is true
          "measures_load": true,
          "measures_duration": true,
          "measures_distance": true,
          "reads_force": false,
          "reads_power": false,
          "reads_heart_rate": false
        }
      ],
      "body_weight": [                   # ordered by date
        {"date": "2026-03-01", "weight_kg": 82.5}
      ],
      "enrolments": [                    # ordered by created_at, then id
        {
          "key": 1,                      # export-local number, 1, 2, 3... in this order
          "plan": "siberian-natural",    # built-in plan slug
          "start_date": "2026-01-05",
          "fight_date": "2026-02-15",    # or null
          "status": "active",            # "active" | "paused" | "completed" | "ended"
          "paused_on": null,             # date or null
          "created_at": "2026-01-04T18:00:00Z",
          "ended_at": null,              # timestamp or null
          "skipped_days": [              # ordered by week, day
            {"week": 1, "day": 3, "skipped_at": "2026-01-07T07:00:00Z"}
          ]
        }
      ],
      "sessions": [                      # ordered by started_at, then id
        {
          "key": 1,                      # export-local number, 1, 2, 3... in this order
          "title": "Barn strength",
          "started_at": "2026-01-05T16:00:00Z",
          "finished_at": "2026-01-05T17:10:00Z",   # or null (never finished)
          "notes": "Snow up to the knees.\\nFelt strong.",
          "rpe": 8,                      # integer 1-10 or null
          "style": "natural",            # "natural" | "high_tech" | "both" | "" (derived)
          "enrolment": 1,                # key of an enrolment above, or null
          "plan_day": {"plan": "siberian-natural", "week": 1, "day": 1},   # or null
          "entries": [                   # ordered by order, then id
            {
              "exercise": {"slug": "back-squat"},   # or {"name": "<own exercise>"}
              "order": 0,
              "plan_item": {"plan": "siberian-natural", "week": 1, "day": 1, "order": 2},
                                         # or null; "order" is the item's place in its day
              "note": "",                # about this exercise in this session ("" when none)
              "sets": [                  # ordered by position, then id
                {
                  "position": 1,
                  "logged_at": "2026-01-05T16:12:00Z",
                  "kind": "working",     # "working" | "warmup" | "drop" | "failure"
                  "is_warmup": false,    # true exactly when kind is "warmup"
                  "reps": 5,
                  "load_kg": 100.0,
                  "duration_s": null,
                  "distance_m": null,
                  "force_psi": null,
                  "power_w": null,
                  "heart_rate_bpm": null,
                  "rpe": 8.5,            # number with at most one decimal, or null
                  "note": ""
                }
              ]
            }
          ]
        }
      ],
      "quotes": [                        # unlocked quotes, ordered by unlocked_at, then number
        {
          "number": 7,                   # the quote's number in the film's list (stable)
          "rule": "first_session",       # the rule that unlocked it (informational)
          "unlocked_at": "2026-01-05T17:10:00Z",
          "session": 1                   # key of the session that earned it, or null
        }
      ]
    }

What is left out on purpose: derived data (personal records, session and entry roll-ups: an
importer recomputes them), the private calendar-feed token (a secret), the password.

Layout: the JSON is written as a stream. Each session object stands on one line of its own, so
that large files can be read line by line; the document as a whole is ordinary JSON.

CSV (``/data/export.csv``, ``manage.py export_history --format csv``)
=====================================================================

Every logged set, one row each (sessions and entries without sets have no row: the JSON has
everything). UTF-8 with a BOM (so spreadsheets read accents), comma separated, fields quoted
only when needed (RFC 4180: notes keep their commas, quotes and newlines), CRLF line ends.
Rows are ordered by session (started_at, id), entry (order, id), set (position, id).

Columns, in this order (the header row is exactly these names)::

    session_key            1, 2, 3... as in the JSON (sessions with sets only, so gaps occur)
    session_title
    session_started_at     UTC timestamp as above
    session_finished_at    UTC timestamp, or empty
    session_local_date     YYYY-MM-DD of the start in the user's time zone (for spreadsheets)
    session_notes
    session_rpe            1-10, or empty
    exercise_slug          built-in slug; empty for an own exercise
    exercise_name          the exercise's name (own exercises are matched by this name)
    own_exercise           "yes" for the user's own exercise, "no" for a built-in
    entry_order            the entry's order within its session
    entry_note             the note about this exercise in this session (same on each of its rows)
    set_position           the set's position within its entry
    set_logged_at          UTC timestamp
    set_kind               "working" | "warmup" | "drop" | "failure"
    reps
    load_kg                kilograms
    duration_s             seconds
    distance_m             metres
    force_psi
    power_w
    heart_rate_bpm
    rpe                    e.g. 8.5
    note

Every measured column names its unit; empty means not recorded. Booleans are "yes"/"no".
"""

import csv
import datetime as dt
import io
import json
from collections import defaultdict

from django.db.models import Q

from workouts.rules import timeutils

from ..models import (
    BodyWeight,
    Enrolment,
    Exercise,
    LoggedSet,
    PlanDay,
    PlanItem,
    Profile,
    QuoteUnlock,
    SessionExercise,
    SkippedDay,
    WorkoutSession,
)

FORMAT = "montage"
VERSION = 1
CHUNK_SESSIONS = 200  # sessions read per round of queries (about 6,000 sets in a busy year)

# What a set holds, in the order both files write it (the reader takes the same lists).
SET_VALUES = [
    "reps",
    "load_kg",
    "duration_s",
    "distance_m",
    "force_psi",
    "power_w",
    "heart_rate_bpm",
    "rpe",
    "note",
]
EXERCISE_FLAGS = [
    "measures_reps",
    "measures_load",
    "measures_duration",
    "measures_distance",
    "reads_force",
    "reads_power",
    "reads_heart_rate",
]
CSV_COLUMNS = [
    "session_key",
    "session_title",
    "session_started_at",
    "session_finished_at",
    "session_local_date",
    "session_notes",
    "session_rpe",
    "exercise_slug",
    "exercise_name",
    "own_exercise",
    "entry_order",
    "entry_note",
    "set_position",
    "set_logged_at",
    "set_kind",
    *SET_VALUES,
]
EXERCISE_FIELDS = ["name", "style", "category", "equipment", "howto", *EXERCISE_FLAGS]
SESSION_FIELDS = [
    "pk",
    "title",
    "started_at",
    "finished_at",
    "notes",
    "rpe",
    "style",
    "enrolment_id",
    "plan_day_id",
]

ENTRY_FIELDS = ["pk", "session_id", "exercise_id", "order", "plan_item_id", "note"]
SET_FIELDS = [
    "entry_id",
    "position",
    "logged_at",
    "is_warmup",
    *SET_VALUES,
    "kind",
]


def iso(moment):
    """A UTC ISO 8601 timestamp with a Z; microseconds only when there are some."""
    if moment is None:
        return None
    if moment.utcoffset() or moment.tzinfo is None:
        moment = moment.astimezone(dt.UTC)
    # isoformat() writes microseconds only when there are some, and is faster than strftime.
    return moment.isoformat()[:-6] + "Z"  # "+00:00" -> "Z"


def day(value):
    return value.isoformat() if value is not None else None


def decimal_number(value):
    """RPE is a Decimal in the database: a plain JSON number here (8.5, 9.0)."""
    return float(value) if value is not None else None


def set_kind(row):
    if row["is_warmup"]:
        return "warmup"
    return row.get("kind") or "working"


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self):
        self.buffer = io.StringIO()

    def write(self, text):
        self.buffer.write(text)

    def take(self):
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


class Exporter:
    """Streams one user's data in Montage's format. `json_chunks()` and `csv_chunks()` are
    generators of text: each round reads `chunk` sessions with a fixed number of queries (the
    sessions, their entries, their sets), so memory and queries per round do not grow with the
    history; only small lookups (plan days, the user's exercises) are read once up front."""

    def __init__(self, user, *, profile=None, now=None, chunk=CHUNK_SESSIONS):
        self.user = user
        self.profile = profile
        self.now = now
        self.chunk = chunk

    # ---------- lookups read once ----------

    def _profile(self):
        if self.profile is not None:
            return self.profile
        profile = Profile.objects.filter(user=self.user).first()
        return profile or Profile(user=self.user)

    def _exercise_refs(self):
        """Exercise pk -> (reference, slug, name, own) for the built-ins and the user's own."""
        refs = {}
        for pk, slug, name, owner_id in Exercise.objects.visible_to(self.user).values_list(
            "pk", "slug", "name", "owner_id"
        ):
            refs[pk] = self._exercise_ref(slug, name, owner_id)
        return refs

    def _exercise_ref(self, slug, name, owner_id):
        if owner_id is None:
            return ({"slug": slug}, slug, name, False)
        return ({"name": name}, "", name, True)

    def _resolve_missing(self, refs, ids):
        """Exercises an entry points at that are neither built-in nor the user's (not expected;
        kept readable by name rather than failing the export)."""
        missing = set(ids) - refs.keys()
        if missing:
            for pk, name in Exercise.objects.filter(pk__in=missing).values_list("pk", "name"):
                refs[pk] = ({"name": name}, "", name, True)

    def _plan_days(self):
        return {
            pk: {"plan": plan, "week": week, "day": number}
            for pk, plan, week, number in PlanDay.objects.values_list(
                "pk", "plan__slug", "week", "day"
            )
        }

    def _plan_items(self):
        return {
            pk: {"plan": plan, "week": week, "day": number, "order": order}
            for pk, plan, week, number, order in PlanItem.objects.values_list(
                "pk", "day__plan__slug", "day__week", "day__day", "order"
            )
        }

    # ---------- sessions, chunk by chunk ----------

    def _session_chunks(self):
        """Lists of session rows (dicts) in (started_at, pk) order, `chunk` at a time."""
        base = WorkoutSession.objects.filter(user=self.user).order_by("started_at", "pk")
        after = None
        while True:
            query = base
            if after is not None:
                started, pk = after
                query = query.filter(Q(started_at__gt=started) | Q(started_at=started, pk__gt=pk))
            rows = list(query.values(*SESSION_FIELDS)[: self.chunk])
            if rows:
                yield rows
            if len(rows) < self.chunk:
                return
            after = (rows[-1]["started_at"], rows[-1]["pk"])

    def _entries_and_sets(self, session_ids):
        entries = defaultdict(list)
        for row in (
            SessionExercise.objects.filter(session_id__in=session_ids)
            .order_by("session_id", "order", "pk")
            .values(*ENTRY_FIELDS)
        ):
            entries[row["session_id"]].append(row)
        sets = defaultdict(list)
        for row in (
            LoggedSet.objects.filter(session_id__in=session_ids)
            .order_by("entry_id", "position", "pk")
            .values(*SET_FIELDS)
        ):
            sets[row["entry_id"]].append(row)
        return entries, sets

    # ---------- JSON ----------

    def json_chunks(self):
        user = self.user
        profile = self._profile()
        exported_at = self.now or dt.datetime.now(dt.UTC)
        head = {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": iso(exported_at),
        }
        yield _dumps(head)[:-1] + ",\n"
        yield (
            '"account":'
            + _dumps(
                {
                    "username": user.get_username(),
                    "email": user.email or "",
                    "date_joined": iso(user.date_joined),
                }
            )
            + ",\n"
        )
        yield (
            '"profile":'
            + _dumps(
                {
                    "weight_unit": profile.weight_unit,
                    "distance_unit": profile.distance_unit,
                    "time_zone": profile.time_zone,
                    "week_start": profile.week_start,
                    "default_rest_s": profile.default_rest_s,
                }
            )
            + ",\n"
        )
        yield (
            '"exercises":'
            + self._json_list(
                {field: row[field] for field in EXERCISE_FIELDS}
                for row in Exercise.objects.filter(owner=user)
                .order_by("name", "pk")
                .values(*EXERCISE_FIELDS)
            )
            + ",\n"
        )
        yield (
            '"body_weight":'
            + self._json_list(
                {"date": day(row["date"]), "weight_kg": row["weight_kg"]}
                for row in BodyWeight.objects.filter(user=user)
                .order_by("date")
                .values("date", "weight_kg")
            )
            + ",\n"
        )

        enrolment_keys = {}
        enrolments = list(
            Enrolment.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values(
                "pk",
                "plan__slug",
                "start_date",
                "fight_date",
                "status",
                "paused_on",
                "created_at",
                "ended_at",
            )
        )
        skipped = defaultdict(list)
        for row in (
            SkippedDay.objects.filter(enrolment__user=user)
            .order_by("plan_day__week", "plan_day__day", "pk")
            .values("enrolment_id", "plan_day__week", "plan_day__day", "created_at")
        ):
            skipped[row["enrolment_id"]].append(
                {
                    "week": row["plan_day__week"],
                    "day": row["plan_day__day"],
                    "skipped_at": iso(row["created_at"]),
                }
            )
        items = []
        for key, row in enumerate(enrolments, start=1):
            enrolment_keys[row["pk"]] = key
            items.append(
                {
                    "key": key,
                    "plan": row["plan__slug"],
                    "start_date": day(row["start_date"]),
                    "fight_date": day(row["fight_date"]),
                    "status": row["status"],
                    "paused_on": day(row["paused_on"]),
                    "created_at": iso(row["created_at"]),
                    "ended_at": iso(row["ended_at"]),
                    "skipped_days": skipped.get(row["pk"], []),
                }
            )
        yield '"enrolments":' + self._json_list(items) + ",\n"

        # Only the sessions that earned a quote need their key remembered.
        unlocks = list(
            QuoteUnlock.objects.filter(user=user)
            .order_by("unlocked_at", "quote__number")
            .values("quote__number", "quote__rule", "unlocked_at", "session_id")
        )
        wanted = {row["session_id"] for row in unlocks if row["session_id"] is not None}
        session_keys = {}
        refs = self._exercise_refs()
        plan_days = self._plan_days()
        plan_items = self._plan_items()
        yield '"sessions":['
        key = 0
        for rows in self._session_chunks():
            entries, sets = self._entries_and_sets([row["pk"] for row in rows])
            self._resolve_missing(
                refs,
                {
                    entry["exercise_id"]
                    for session_entries in entries.values()
                    for entry in session_entries
                },
            )
            out = []
            for row in rows:
                key += 1
                if row["pk"] in wanted:
                    session_keys[row["pk"]] = key
                out.append(
                    ("\n" if key == 1 else ",\n")
                    + _dumps(
                        self._session(
                            key,
                            row,
                            entries.get(row["pk"], []),
                            sets,
                            refs,
                            plan_days,
                            plan_items,
                            enrolment_keys,
                        )
                    )
                )
            yield "".join(out)
        yield ("\n" if key else "") + "],\n"
        yield (
            '"quotes":'
            + self._json_list(
                {
                    "number": row["quote__number"],
                    "rule": row["quote__rule"],
                    "unlocked_at": iso(row["unlocked_at"]),
                    "session": session_keys.get(row["session_id"]),
                }
                for row in unlocks
            )
            + "\n}\n"
        )

    @staticmethod
    def _json_list(items):
        parts = [_dumps(item) for item in items]
        if not parts:
            return "[]"
        return "[\n" + ",\n".join(parts) + "\n]"

    @staticmethod
    def _session(key, row, entries, sets, refs, plan_days, plan_items, enrolment_keys):
        return {
            "key": key,
            "title": row["title"],
            "started_at": iso(row["started_at"]),
            "finished_at": iso(row["finished_at"]),
            "notes": row["notes"],
            "rpe": row["rpe"],
            "style": row["style"],
            "enrolment": enrolment_keys.get(row["enrolment_id"]),
            "plan_day": plan_days.get(row["plan_day_id"]),
            "entries": [
                {
                    "exercise": refs[entry["exercise_id"]][0],
                    "order": entry["order"],
                    "plan_item": plan_items.get(entry["plan_item_id"]),
                    "note": entry.get("note", ""),
                    "sets": [
                        {
                            "position": logged["position"],
                            "logged_at": iso(logged["logged_at"]),
                            "kind": set_kind(logged),
                            "is_warmup": logged["is_warmup"],
                            "reps": logged["reps"],
                            "load_kg": logged["load_kg"],
                            "duration_s": logged["duration_s"],
                            "distance_m": logged["distance_m"],
                            "force_psi": logged["force_psi"],
                            "power_w": logged["power_w"],
                            "heart_rate_bpm": logged["heart_rate_bpm"],
                            "rpe": decimal_number(logged["rpe"]),
                            "note": logged["note"],
                        }
                        for logged in sets.get(entry["pk"], [])
                    ],
                }
                for entry in entries
            ],
        }

    # ---------- CSV ----------

    def csv_chunks(self):
        zone = self._profile().zone
        refs = self._exercise_refs()
        sink = _Line()
        writer = csv.writer(sink, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        yield "\ufeff" + sink.take()
        key = 0
        for rows in self._session_chunks():
            entries, sets = self._entries_and_sets([row["pk"] for row in rows])
            self._resolve_missing(
                refs,
                {
                    entry["exercise_id"]
                    for session_entries in entries.values()
                    for entry in session_entries
                },
            )
            for row in rows:
                key += 1
                head = [
                    key,
                    row["title"],
                    iso(row["started_at"]),
                    iso(row["finished_at"]) or "",
                    timeutils.local_date(row["started_at"], zone).isoformat(),
                    row["notes"],
                    _cell(row["rpe"]),
                ]
                for entry in entries.get(row["pk"], []):
                    _, slug, name, own = refs[entry["exercise_id"]]
                    for logged in sets.get(entry["pk"], []):
                        writer.writerow(
                            head
                            + [
                                slug or "",
                                name,
                                "yes" if own else "no",
                                entry["order"],
                                entry.get("note", ""),
                                logged["position"],
                                iso(logged["logged_at"]),
                                set_kind(logged),
                                _cell(logged["reps"]),
                                _cell(logged["load_kg"]),
                                _cell(logged["duration_s"]),
                                _cell(logged["distance_m"]),
                                _cell(logged["force_psi"]),
                                _cell(logged["power_w"]),
                                _cell(logged["heart_rate_bpm"]),
                                _cell(decimal_number(logged["rpe"])),
                                logged["note"],
                            ]
                        )
            yield sink.take()


def _cell(value):
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def export_json(user, **options):
    """The whole JSON export as one string (tests, small histories); prefer `json_chunks`."""
    return "".join(Exporter(user, **options).json_chunks())


def export_csv(user, **options):
    return "".join(Exporter(user, **options).csv_chunks())
