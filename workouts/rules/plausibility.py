"""When a typed value is implausible enough to ask about before it is saved. Pure: plain values
in, plain values out; no queries.

A slipped key makes a number ten times too big (605 for 60.5, 55 for 5) and stores a record
nobody can beat. So the set form asks, next to the field, before it saves such a value; the
user confirms with a tick and it is saved as typed (never refused: people do lift heavy).

A value is *implausible* when it is beyond its ceiling:

- with a best of that kind for the exercise (the user's history, `ExerciseBests`): more than
  twice the best and at least `margin` above it (140 kg asks above 280 kg; a 5 kg dumbbell
  above 25 kg; 40 reps above 80);
- with no best to compare with: above a generous absolute ceiling. 500 kg of load is about the
  heaviest deadlift ever (501 kg); a leg press can go beyond it, and then the first one is
  asked once and the next ones are compared with it. 100 reps.

Only load and reps are checked: that is where a slipped digit hides. Durations and distances
legitimately vary many-fold (a 5 km best, then a half marathon) and the form already bounds
them (24 h, 500 km).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from workouts.rules import records


@dataclass(frozen=True)
class Rule:
    measure: str  # the measure's name (`workouts.rules.measures`)
    kind: str  # the record kind holding the user's best of it (`workouts.rules.records`)
    factor: float  # asks above factor x best...
    margin: float  # ...and above best + margin (SI units)
    without_history: float  # asks above this with no best (SI units)


RULES: tuple[Rule, ...] = (
    Rule("load", records.HEAVIEST, factor=2, margin=20, without_history=500),
    Rule("reps", records.REPS, factor=2, margin=20, without_history=100),
)


@dataclass(frozen=True)
class Doubt:
    """A value to ask about: `best` is the user's best of it (None: no history), `ceiling` the
    value above which it is asked."""

    measure: str
    value: float
    best: float | None
    ceiling: float


def ceiling(rule: Rule, best: float | None) -> float:
    if best is None:
        return rule.without_history
    return max(best * rule.factor, best + rule.margin)


def doubts(values: Mapping[str, float | None], bests: Mapping[str, float]) -> list[Doubt]:
    """The implausible ones among `values` ({measure name: SI value}), given the user's
    `bests` for the exercise ({record kind: value}, as `ExerciseBests` stores them)."""
    found = []
    for rule in RULES:
        value = values.get(rule.measure)
        if value is None:
            continue
        best = bests.get(rule.kind) or None
        top = ceiling(rule, best)
        if value > top:
            found.append(Doubt(rule.measure, float(value), best, top))
    return found
