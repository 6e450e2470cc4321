"""Plan targets: load rules, progression rules and rounding to the loadable step. Pure: no
queries, no clock; the caller passes the facts (the user's e1RM, last time's load, what was
logged for each week of an item).

Load rules (what an item's load is)
-----------------------------------
- ``absolute``: a number, stored in kg, shown in the user's unit.
- ``e1rm``: a percentage of the user's current estimated 1RM for the exercise ("75% e1RM").
- ``last``: the same as the last session of this exercise ("last time").
- none: no load (bodyweight, cardio).

The themed plans write "65% 1RM" in an item's intensity: `rule_from_intensity` reads it as an
``e1rm`` rule, and an item with a load in kg is ``absolute``, so one engine resolves both.

Progression rules (how an item's target moves week to week)
-----------------------------------------------------------
An item's *chain* is the same item (same key, same day of the week) in consecutive weeks. The
first link, and any link without a progression rule, is an anchor: its target comes from its own
load rule and its own duration and distance. Then, week by week:

- ``add_load`` (e.g. +2.5 kg): the previous week's target plus the amount when every prescribed
  set of it was completed; else the previous week's target again (repeat).
- ``add_percent`` (e.g. +10 %): the previous week's duration and distance grown by the percentage
  when every set was completed; else repeated.
- A deload week (e.g. week 4 at 60 %): that week's shown target is the carried target times the
  percentage; the week after carries on from the target before the deload.

Rounding: a resolved load is rounded to the user's loadable step in the user's unit (2.5 kg or
5 lb by default) and stored back in kg; a load that would round to nothing shows one step.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

KG_PER_LB = 0.45359237

NONE = ""
ABSOLUTE = "absolute"
E1RM = "e1rm"
LAST = "last"
LOAD_RULES = (NONE, ABSOLUTE, E1RM, LAST)

ADD_LOAD = "add_load"
ADD_PERCENT = "add_percent"
PROGRESSIONS = (NONE, ADD_LOAD, ADD_PERCENT)

DEFAULT_STEP = {"kg": 2.5, "lb": 5.0}
REPEAT = "repeat: last week not all done"
MAX_LOAD_KG = 1000.0

_INTENSITY_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%\s*(?:e?1RM)", re.IGNORECASE)


@dataclass(frozen=True)
class LoadRule:
    kind: str = NONE
    value: float | None = None  # kg for absolute, percent for e1rm


@dataclass(frozen=True)
class Progression:
    kind: str = NONE
    amount: float = 0.0  # kg for add_load, percent for add_percent
    deload_week: int | None = None
    deload_percent: float = 60.0


@dataclass(frozen=True)
class Link:
    """One week of an item's chain: what the plan prescribes and what was logged for it.

    `completed` is True when every prescribed set was done to target, False when it was logged
    short, None when it has not been logged (a missed week repeats, like a short one)."""

    week: int
    load: LoadRule = LoadRule()
    progression: Progression = Progression()
    duration_s: int | None = None
    distance_m: float | None = None
    completed: bool | None = None
    # "Run it back": what the last cycle actually lifted here (for an anchor that begins a
    # progression run, what it lifted at the run's end). An absolute or last-time anchor
    # starts from it; an e1RM anchor needs nothing, the e1RM already holds the results.
    start_kg: float | None = None


@dataclass(frozen=True)
class Facts:
    """The user's numbers for the item's exercise, in kg."""

    e1rm_kg: float | None = None
    last_kg: float | None = None


@dataclass(frozen=True)
class Target:
    load_kg: float | None = None
    duration_s: int | None = None
    distance_m: float | None = None
    deload: bool = False
    rule: str = ""  # how the load was found, for the page ("75% e1RM", "last time", "+2.5 kg")


def step_for(unit: str, step: float | None = None) -> float:
    """The loadable step in the user's unit: their setting, else 2.5 kg / 5 lb."""
    if step is not None and step > 0:
        return step
    return DEFAULT_STEP.get(unit, 2.5)


def round_load(kg: float | None, unit: str, step: float | None = None) -> float | None:
    """`kg` rounded to the nearest loadable step in the user's unit, returned in kg.

    The step is in the user's unit (2.5 means 2.5 kg for a kg user, 2.5 lb for a lb user); a
    positive load never rounds to zero (one step is the lightest you can load)."""
    if kg is None or not math.isfinite(kg):
        return None
    size = step_for(unit, step)
    per = KG_PER_LB if unit == "lb" else 1.0
    value = kg / per
    steps = max(math.floor(value / size + 0.5), 1 if value > 0 else 0)  # halves go up
    return steps * size * per


def in_unit(kg: float, unit: str) -> float:
    return kg / KG_PER_LB if unit == "lb" else kg


def tidy(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def describe_load(rule: LoadRule, unit: str) -> str:
    if rule.kind == E1RM and rule.value is not None:
        return f"{tidy(rule.value)}% e1RM"
    if rule.kind == LAST:
        return "last time"
    if rule.kind == ABSOLUTE and rule.value is not None:
        return f"{tidy(in_unit(rule.value, unit))} {unit}"
    return ""


def describe_progression(progression: Progression, unit: str) -> str:
    parts = []
    if progression.kind == ADD_LOAD:
        parts.append(f"+{tidy(in_unit(progression.amount, unit))} {unit} a week when all sets done")
    elif progression.kind == ADD_PERCENT:
        parts.append(f"+{tidy(progression.amount)}% a week when all sets done")
    if progression.deload_week:
        parts.append(
            f"deload week {progression.deload_week} at {tidy(progression.deload_percent)}%"
        )
    return "; ".join(parts)


def rule_from_intensity(intensity: str, load_kg: float | None) -> LoadRule:
    """The load rule of a themed plan item: "70% 1RM" is 70 % of the e1RM, a load is absolute."""
    if load_kg is not None:
        return LoadRule(ABSOLUTE, load_kg)
    match = _INTENSITY_PERCENT.search(intensity or "")
    if match:
        return LoadRule(E1RM, float(match.group(1)))
    return LoadRule()


def resolve_load(rule: LoadRule, facts: Facts) -> float | None:
    """The load a rule asks for, unrounded, in kg; None when it cannot be known yet (no e1RM,
    never done) or there is no load."""
    if rule.kind == ABSOLUTE:
        return rule.value
    if rule.kind == E1RM:
        if rule.value is None or facts.e1rm_kg is None:
            return None
        return facts.e1rm_kg * rule.value / 100.0
    if rule.kind == LAST:
        return facts.last_kg
    return None


def completed(
    prescribed_sets: int,
    reps: int | None,
    duration_s: int | None,
    distance_m: float | None,
    logged: Sequence[tuple[int | None, int | None, float | None]],
) -> bool:
    """Whether every prescribed set was done: at least `prescribed_sets` working sets, each
    reaching the prescribed reps (the low end of a range), duration and distance. `logged`
    holds each working set's (reps, duration_s, distance_m)."""

    def reached(done: float | None, target: float | None) -> bool:
        return target is None or (done is not None and done >= target)

    good = [
        row
        for row in logged
        if reached(row[0], reps) and reached(row[1], duration_s) and reached(row[2], distance_m)
    ]
    return len(good) >= max(prescribed_sets, 1)


def _grow(value: float | None, percent: float) -> float | None:
    return None if value is None else value * (1 + percent / 100.0)


def _scale(value: float | None, percent: float) -> float | None:
    return None if value is None else value * percent / 100.0


def chain_targets(
    links: Sequence[Link], facts: Facts, unit: str = "kg", step: float | None = None
) -> list[Target]:
    """The target of each link of one item's chain (in week order), rounded for `unit`."""
    targets: list[Target] = []
    load: float | None = None
    duration: float | None = None
    distance: float | None = None
    rule = ""
    for index, link in enumerate(links):
        progression = link.progression
        previous = links[index - 1] if index else None
        anchored = previous is None or progression.kind == NONE
        if anchored:
            load = resolve_load(link.load, facts)
            if link.start_kg is not None and link.load.kind in (ABSOLUTE, LAST):
                load = link.start_kg
            duration, distance = link.duration_s, link.distance_m
            # An absolute load is its own rule: nothing to say beside the number.
            rule = "" if link.load.kind == ABSOLUTE else describe_load(link.load, unit)
        elif previous is not None:
            was_deload = previous.progression.deload_week == previous.week
            grows = bool(previous.completed) and not was_deload
            if progression.kind == ADD_LOAD:
                # A load that needs a fact still unknown (no e1RM yet) starts from this link.
                if load is None:
                    load = resolve_load(link.load, facts)
                elif grows:
                    load += progression.amount
                step_text = "+" + tidy(in_unit(progression.amount, unit)) + f" {unit}"
                rule = f"{step_text}: last week all done" if grows else REPEAT
                duration, distance = link.duration_s, link.distance_m
            elif progression.kind == ADD_PERCENT:
                if grows:
                    duration, distance = (
                        _grow(duration, progression.amount),
                        _grow(distance, progression.amount),
                    )
                rule = f"+{tidy(progression.amount)}%: last week all done" if grows else REPEAT
                load = resolve_load(link.load, facts)
        # One Target per link, built whole (dataclasses.replace costs more than the rules).
        if progression.deload_week and progression.deload_week == link.week:
            pct = progression.deload_percent
            target = Target(
                load_kg=round_load(_scale(load, pct), unit, step),
                duration_s=None if duration is None else round(duration * pct / 100.0),
                distance_m=_scale(distance, pct),
                deload=True,
                rule=f"deload {tidy(pct)}%",
            )
        else:
            target = Target(
                load_kg=round_load(load, unit, step),
                duration_s=None if duration is None else round(duration),
                distance_m=distance,
                rule=rule,
            )
        targets.append(target)
    return targets
