"""Quote unlock rules. Pure: a plain `Facts` snapshot in, True or False out; no queries, no clock.

Each rule is one `Rule` entry in `RULES`: the id a quote names in `data/quotes.json`, a one-line
description, the events that can change its answer, the `Facts` fields it reads, and a predicate.
`quotes.evaluate.evaluate` loads only the facts the pending rules of an event need, so a rule must
list every field its predicate reads. Adding a quote with a new rule is one entry here (plus a
fact loader in `quotes.facts` only if it needs a fact nobody loads yet).

Conventions, in plain words:
- Totals (volume, distance) are running totals over every working (non-warm-up) set ever logged.
  Readings (punch force, power, heart rate, RPE) count from any set.
- A session counts once finished. Its *day* is the local date it started, in the user's zone.
- A session in both styles counts as natural and as high-tech.
- Facts a loader did not load are None; every predicate reads None as "not achieved".
"""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

SET_LOGGED = "set_logged"
SESSION_FINISHED = "session_finished"
PLAN_DAY_DONE = "plan_day_done"
EVENTS = (SET_LOGGED, SESSION_FINISHED, PLAN_DAY_DONE)

NATURAL, HIGH_TECH, BOTH = "natural", "high_tech", "both"

# Streaks are counted within this many days either side of the session's day. Every streak rule's
# threshold must fit inside it (a test checks the longest one).
STREAK_HORIZON_DAYS = 45


@dataclass(frozen=True)
class Facts:
    """What the rules may know about one user's training at the moment of an event."""

    # Running totals and best readings over all the user's logged sets.
    total_volume_kg: float | None = None  # sum of load × reps, working sets
    total_distance_m: float | None = None  # working sets
    max_force_psi: float | None = None
    max_power_w: float | None = None
    max_heart_rate_bpm: float | None = None
    max_set_rpe: float | None = None
    own_exercise_sets: int | None = None  # sets logged of the user's own exercises
    has_record: bool | None = None
    # Finished sessions, all time.
    finished_sessions: int | None = None
    natural_sessions: int | None = None  # style natural or both
    high_tech_sessions: int | None = None  # style high_tech or both
    max_session_rpe: int | None = None
    # The session of the event, in the user's local time.
    session_started_local: dt.datetime | None = None  # naive local wall-clock time
    session_duration_s: int | None = None  # None while unfinished
    week_styles: frozenset = frozenset()  # styles of finished sessions in its user-week
    streak_days: int | None = None  # run of consecutive training days through its day
    days_since_previous: int | None = None  # days from the previous finished session's day
    # Newest first: did each of the latest finished sessions (up to this one) set a record?
    recent_sessions_set_records: tuple = ()
    # The enrolment of the event's session: {week: (days done, days in the week)}.
    plan_weeks: Mapping = field(default_factory=dict)


FACT_NAMES = frozenset(f.name for f in fields(Facts))


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    events: tuple
    needs: tuple
    predicate: Callable[[Facts], bool]

    def holds(self, facts: Facts) -> bool:
        return bool(self.predicate(facts))


def _at_least(value: float | None, threshold: float) -> bool:
    return value is not None and value >= threshold


def streak_through(days: Iterable[dt.date], day: dt.date) -> int:
    """Length of the run of consecutive dates in `days` that contains `day` (0 if absent)."""
    days = set(days)
    if day not in days:
        return 0
    length, before, after = 1, day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    while before in days:
        length, before = length + 1, before - dt.timedelta(days=1)
    while after in days:
        length, after = length + 1, after + dt.timedelta(days=1)
    return length


def _both_styles(styles: frozenset[str]) -> bool:
    return bool(styles & {NATURAL, BOTH}) and bool(styles & {HIGH_TECH, BOTH})


def _records_in_a_row(flags: Sequence[bool], count: int = 3) -> bool:
    return len(flags) >= count and all(flags[:count])


def _any_week_complete(plan_weeks: Mapping[int, tuple[int, int]]) -> bool:
    return any(total and done >= total for done, total in plan_weeks.values())


def _plan_complete(plan_weeks: Mapping[int, tuple[int, int]]) -> bool:
    return bool(plan_weeks) and all(done >= total for done, total in plan_weeks.values())


def _on_christmas(facts: Facts) -> bool:
    start = facts.session_started_local
    return start is not None and (start.month, start.day) == (12, 25)


def _before_six(facts: Facts) -> bool:
    start = facts.session_started_local
    return start is not None and start.time() < dt.time(6, 0)


S, F, P = (SET_LOGGED,), (SESSION_FINISHED,), (SESSION_FINISHED, PLAN_DAY_DONE)

RULES = (
    # ---- sets: totals and readings ----
    Rule(
        "volume_10t",
        "Lifted 10 tonnes in total (load × reps over all working sets).",
        S,
        ("total_volume_kg",),
        lambda f: _at_least(f.total_volume_kg, 10_000),
    ),
    Rule(
        "volume_100t",
        "Lifted 100 tonnes in total (load × reps over all working sets).",
        S,
        ("total_volume_kg",),
        lambda f: _at_least(f.total_volume_kg, 100_000),
    ),
    Rule(
        "distance_42k",
        "Covered 42 km in total over all working sets.",
        S,
        ("total_distance_m",),
        lambda f: _at_least(f.total_distance_m, 42_000),
    ),
    Rule(
        "punch_force_700",
        "Logged a punch-force reading of 700 psi or more.",
        S,
        ("max_force_psi",),
        lambda f: _at_least(f.max_force_psi, 700),
    ),
    Rule(
        "punch_force_1850",
        "Logged a punch-force reading of 1,850 psi or more.",
        S,
        ("max_force_psi",),
        lambda f: _at_least(f.max_force_psi, 1850),
    ),
    Rule(
        "punch_force_2150",
        "Logged a punch-force reading of 2,150 psi or more.",
        S,
        ("max_force_psi",),
        lambda f: _at_least(f.max_force_psi, 2150),
    ),
    Rule(
        "power_reading",
        "Logged a set with a power reading above 0 W.",
        S,
        ("max_power_w",),
        lambda f: _at_least(f.max_power_w, 1),
    ),
    Rule(
        "heart_rate_reading",
        "Logged a set with a heart-rate reading.",
        S,
        ("max_heart_rate_bpm",),
        lambda f: _at_least(f.max_heart_rate_bpm, 1),
    ),
    Rule(
        "rpe_10",
        "Logged an RPE of 10, on a set or on a finished session.",
        S + F,
        ("max_set_rpe", "max_session_rpe"),
        lambda f: _at_least(f.max_set_rpe, 10) or _at_least(f.max_session_rpe, 10),
    ),
    Rule(
        "first_record",
        "Set a first personal record.",
        S,
        ("has_record",),
        lambda f: bool(f.has_record),
    ),
    Rule(
        "first_custom_exercise",
        "Logged a set of an exercise of one's own.",
        S,
        ("own_exercise_sets",),
        lambda f: _at_least(f.own_exercise_sets, 1),
    ),
    # ---- finished sessions: counts ----
    Rule(
        "first_session",
        "Finished a first workout.",
        F,
        ("finished_sessions",),
        lambda f: _at_least(f.finished_sessions, 1),
    ),
    Rule(
        "sessions_10",
        "Finished 10 workouts.",
        F,
        ("finished_sessions",),
        lambda f: _at_least(f.finished_sessions, 10),
    ),
    Rule(
        "sessions_25",
        "Finished 25 workouts.",
        F,
        ("finished_sessions",),
        lambda f: _at_least(f.finished_sessions, 25),
    ),
    Rule(
        "sessions_50",
        "Finished 50 workouts.",
        F,
        ("finished_sessions",),
        lambda f: _at_least(f.finished_sessions, 50),
    ),
    Rule(
        "sessions_100",
        "Finished 100 workouts.",
        F,
        ("finished_sessions",),
        lambda f: _at_least(f.finished_sessions, 100),
    ),
    Rule(
        "first_natural_session",
        "Finished a first natural (or mixed) workout.",
        F,
        ("natural_sessions",),
        lambda f: _at_least(f.natural_sessions, 1),
    ),
    Rule(
        "natural_sessions_10",
        "Finished 10 natural (or mixed) workouts.",
        F,
        ("natural_sessions",),
        lambda f: _at_least(f.natural_sessions, 10),
    ),
    Rule(
        "first_high_tech_session",
        "Finished a first high-tech (or mixed) workout.",
        F,
        ("high_tech_sessions",),
        lambda f: _at_least(f.high_tech_sessions, 1),
    ),
    Rule(
        "high_tech_sessions_10",
        "Finished 10 high-tech (or mixed) workouts.",
        F,
        ("high_tech_sessions",),
        lambda f: _at_least(f.high_tech_sessions, 10),
    ),
    # ---- finished sessions: calendar and shape ----
    Rule(
        "both_styles_one_week",
        "Finished natural and high-tech work in one week (the user's week start).",
        F,
        ("week_styles",),
        lambda f: _both_styles(f.week_styles),
    ),
    Rule(
        "streak_3",
        "Trained on 3 consecutive local days.",
        F,
        ("streak_days",),
        lambda f: _at_least(f.streak_days, 3),
    ),
    Rule(
        "streak_7",
        "Trained on 7 consecutive local days.",
        F,
        ("streak_days",),
        lambda f: _at_least(f.streak_days, 7),
    ),
    Rule(
        "streak_30",
        "Trained on 30 consecutive local days.",
        F,
        ("streak_days",),
        lambda f: _at_least(f.streak_days, 30),
    ),
    # 14 days off between two sessions puts their local dates 15 days apart.
    Rule(
        "comeback_14",
        "Finished a workout after 14 or more days off.",
        F,
        ("days_since_previous",),
        lambda f: _at_least(f.days_since_previous, 15),
    ),
    Rule(
        "christmas_session",
        "Finished a workout started on 25 December, local time.",
        F,
        ("session_started_local",),
        _on_christmas,
    ),
    Rule(
        "early_session",
        "Finished a workout started before 06:00, local time.",
        F,
        ("session_started_local",),
        _before_six,
    ),
    Rule(
        "long_session_90min",
        "Finished a workout lasting 90 minutes or more.",
        F,
        ("session_duration_s",),
        lambda f: _at_least(f.session_duration_s, 90 * 60),
    ),
    Rule(
        "records_three_sessions_running",
        "Set a personal record in each of three consecutive finished workouts.",
        F,
        ("recent_sessions_set_records",),
        lambda f: _records_in_a_row(f.recent_sessions_set_records),
    ),
    # ---- plans ----
    Rule(
        "plan_week_complete",
        "Finished every training day of one week of a plan.",
        P,
        ("plan_weeks",),
        lambda f: _any_week_complete(f.plan_weeks),
    ),
    Rule(
        "plan_complete",
        "Finished every training day of a whole plan.",
        P,
        ("plan_weeks",),
        lambda f: _plan_complete(f.plan_weeks),
    ),
)

BY_ID = {rule.id: rule for rule in RULES}


def rules_for(event: str, rule_ids: Collection[str] | None = None) -> list[Rule]:
    """The rules an event can affect, optionally only those among `rule_ids`."""
    return [
        rule for rule in RULES if event in rule.events and (rule_ids is None or rule.id in rule_ids)
    ]


def needed_facts(rules: Iterable[Rule]) -> set[str]:
    return {name for rule in rules for name in rule.needs}


def passing(rules: Iterable[Rule], facts: Facts) -> list[str]:
    """Ids of the rules whose predicate holds for `facts`."""
    return [rule.id for rule in rules if rule.holds(facts)]
