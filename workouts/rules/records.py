"""Personal-record rules. Pure: plain values in, plain values out; no queries, no clock.

A set's *values* are what it could be a record for. A record is a value that strictly beats the
user's previous best of that kind for that exercise. The first time an exercise is done sets the
baseline and is not a record. Warm-up sets never count.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

HEAVIEST, E1RM, REPS, SET_VOLUME = "heaviest", "e1rm", "reps", "set_volume"
DISTANCE, DURATION, PACE, FORCE, POWER = "distance", "duration", "pace", "force", "power"
KINDS = (HEAVIEST, E1RM, REPS, SET_VOLUME, DISTANCE, DURATION, PACE, FORCE, POWER)
LOWER_IS_BETTER = {PACE}
SHORT_LABELS = {
    HEAVIEST: "Heaviest",
    E1RM: "e1RM",
    REPS: "Reps",
    SET_VOLUME: "Volume",
    DISTANCE: "Distance",
    DURATION: "Duration",
    PACE: "Pace",
    FORCE: "Force",
    POWER: "Power",
}
E1RM_MAX_REPS = 12

Key = TypeVar("Key")


@dataclass(frozen=True)
class SetValues:
    """What a set measured, in SI units."""

    reps: int | None = None
    load_kg: float | None = None
    duration_s: int | None = None
    distance_m: float | None = None
    force_psi: int | None = None
    power_w: int | None = None
    is_warmup: bool = False


class Measured(Protocol):
    """Anything with a set's measures: SetValues, or a LoggedSet row."""

    @property
    def reps(self) -> int | None: ...
    @property
    def load_kg(self) -> float | None: ...
    @property
    def duration_s(self) -> int | None: ...
    @property
    def distance_m(self) -> float | None: ...
    @property
    def force_psi(self) -> int | None: ...
    @property
    def power_w(self) -> int | None: ...
    @property
    def is_warmup(self) -> bool: ...


def epley(load_kg: float, reps: int) -> float:
    """Estimated one-rep max (Epley); a single is its own 1RM."""
    if reps == 1:
        return float(load_kg)
    return load_kg * (1 + reps / 30)


def values_of(s: Measured) -> dict[str, float]:
    """{kind: value} a set could set a record for."""
    if s.is_warmup:
        return {}
    values: dict[str, float] = {}
    if s.load_kg and s.load_kg > 0:
        values[HEAVIEST] = float(s.load_kg)
        if s.reps and 1 <= s.reps <= E1RM_MAX_REPS:
            values[E1RM] = epley(s.load_kg, s.reps)
        if s.reps:
            values[SET_VOLUME] = s.load_kg * s.reps
    if s.reps:
        values[REPS] = float(s.reps)
    if s.distance_m and s.distance_m > 0:
        values[DISTANCE] = float(s.distance_m)
        if s.duration_s and s.duration_s > 0:
            values[PACE] = s.duration_s / s.distance_m  # seconds per metre
    if s.duration_s and s.duration_s > 0:
        values[DURATION] = float(s.duration_s)
    if s.force_psi:
        values[FORCE] = float(s.force_psi)
    if s.power_w:
        values[POWER] = float(s.power_w)
    return values


def beats(kind: str, value: float, best: float | None) -> bool:
    if best is None:
        return False
    return value < best - 1e-9 if kind in LOWER_IS_BETTER else value > best + 1e-9


def better(kind: str, a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b) if kind in LOWER_IS_BETTER else max(a, b)


def new_records(previous_bests: Mapping[str, float | None], logged: Measured) -> dict[str, float]:
    """{kind: value} of the records `logged` sets over `previous_bests` ({kind: value})."""
    return {
        kind: value
        for kind, value in values_of(logged).items()
        if beats(kind, value, previous_bests.get(kind))
    }


def merge_bests(bests: Mapping[str, float | None], logged: Measured) -> dict[str, float | None]:
    """Bests after `logged`; the first value of a kind becomes its baseline."""
    merged = dict(bests)
    for kind, value in values_of(logged).items():
        merged[kind] = better(kind, merged.get(kind), value)
    return merged


def rebuild(history: Iterable[tuple[Key, Measured]]) -> list[tuple[Key, str, float]]:
    """Records over a chronological history of (key, SetValues): a list of (key, kind, value)."""
    return replay(history)[0]


def replay(
    history: Iterable[tuple[Key, Measured]],
) -> tuple[list[tuple[Key, str, float]], dict[str, float]]:
    """`rebuild`'s records, and the bests at the end of the history ({kind: value}, baselines
    included): what the next set is compared against."""
    bests: dict[str, float | None] = {}
    found: list[tuple[Key, str, float]] = []
    for key, logged in history:
        for kind, value in new_records(bests, logged).items():
            found.append((key, kind, value))
        bests = merge_bests(bests, logged)
    return found, {kind: value for kind, value in bests.items() if value is not None}
