"""Conversions between what the user types or reads and what we store (kg, metres, seconds)."""

import math
import re
from decimal import Decimal
from typing import Any

KG_PER_LB = 0.45359237
M_PER_MI = 1609.344

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")
_SUFFIXED = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*s(?:ec)?)?$"
)


def parse_duration(text: str | None) -> int:
    """Seconds from '90', '1:30', '1:05:00', '45s', '2m', '1h 5m'. Raises ValueError."""
    text = (text or "").strip().lower()
    if not text:
        raise ValueError("empty")
    if text.isdigit():
        return int(text)
    match = _CLOCK.match(text)
    if match:
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        if match.group(1) is not None and minutes >= 60:
            raise ValueError("minutes must be under 60")
        if seconds >= 60:
            raise ValueError("seconds must be under 60")
        return hours * 3600 + minutes * 60 + seconds
    match = _SUFFIXED.match(text)
    if match and any(match.groups()):
        hours, minutes, seconds = (float(part or 0) for part in match.groups())
        total = hours * 3600 + minutes * 60 + seconds
        if not math.isfinite(total):
            raise ValueError("too long")
        return round(total)
    raise ValueError("not a duration")


_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$|^[.,]\d+$", re.ASCII)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$", re.ASCII)


class NumberTyped(ValueError):
    """What the user typed is not a number we can read; the message says what to do.
    `code` is 'negative', 'ambiguous' (a thousands separator or a decimal mark?) or 'invalid'."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def parse_number(text: str | None) -> Decimal:
    """A non-negative number as typed: '60.5', '60,5' (decimal comma), ' 8 '. Returns a Decimal.

    Refuses, with a message for the user, anything that is not plainly one number: '1e', '--5',
    '-5', '1e3', 'inf', '60,5,5', and '1,000' or '1.250,5' (a thousands separator or a decimal
    mark? the user has to say).
    """
    text = (text or "").strip()
    if not text:
        raise NumberTyped("empty")
    if re.search(r"\s", text):
        raise NumberTyped("Type one number with no spaces in it, like 62.5.")
    if text.startswith("-") and _PLAIN_NUMBER.match(text.lstrip("-")):
        raise NumberTyped("Must be at least 0; no minus sign.", "negative")
    if _PLAIN_NUMBER.match(text):
        if "," in text and _THOUSANDS.match(text):
            raise NumberTyped(
                f"Is “{text}” {text.replace(',', '')} or {tidy(float(text.replace(',', '.')), 3)}? "
                "Type it without a thousands separator, e.g. 1000 or 1.5.",
                "ambiguous",
            )
        return Decimal(text.replace(",", "."))
    if _THOUSANDS.match(text) or re.match(r"^\d{1,3}(?:[,.]\d{3})+[.,]\d+$", text, re.ASCII):
        raise NumberTyped(
            "Type the number without a thousands separator, e.g. 1250.5.", "ambiguous"
        )
    raise NumberTyped(f"Enter a number, like 62.5 or 62,5; “{text[:20]}” is not one.")


def format_clock(seconds: float | None) -> str:
    """A duration for an input the user edits: '45', '1:30', '1:05:00' (parse_duration reads
    them back)."""
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    if minutes:
        return f"{minutes}:{secs:02d}"
    return str(secs)


def format_duration(seconds: float | None) -> str:
    """A duration to read, with its units: '45 s', '1 min 53 s', '2 min', '1 h 5 min'."""
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes else "",
        f"{secs} s" if secs or not (hours or minutes) else "",
    ]
    return " ".join(part for part in parts if part)


def kg_from(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def kg_to(value_kg: float, unit: str) -> float:
    return value_kg / KG_PER_LB if unit == "lb" else value_kg


def metres_from(value: float, unit: str) -> float:
    return value * M_PER_MI if unit == "mi" else value * 1000.0


def metres_to(value_m: float, unit: str) -> float:
    return value_m / M_PER_MI if unit == "mi" else value_m / 1000.0


def tidy(number: float | None, places: int = 1) -> str:
    """A number to read, without trailing zeros and grouped by thousands everywhere (one format
    on every page): 100.0 -> '100', 62.5 -> '62.5', 9932 -> '9,932'."""
    if number is None:
        return ""
    text = f"{number:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain(number: float | None, places: int = 1) -> str:
    """A number for an input the user edits: like tidy, but never grouped ('1250.5')."""
    if number is None:
        return ""
    text = f"{number:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_weight(value_kg: float | None, unit: str, places: int = 1) -> str:
    if value_kg is None:
        return ""
    return f"{tidy(kg_to(value_kg, unit), places)} {unit}"


M_PER_YD = 0.9144


def format_distance(value_m: float | None, unit: str, places: int = 2) -> str:
    """'5.2 km', '3.1 mi'; short distances in metres or yards ('500 m', '22 yd'), never
    '0.01 mi'."""
    if value_m is None:
        return ""
    if unit == "mi" and 0 < value_m < M_PER_MI / 4:
        return f"{tidy(value_m / M_PER_YD, 0)} yd"
    if unit != "mi" and 0 < value_m < 1000:
        return f"{tidy(value_m, 0)} m"
    return f"{tidy(metres_to(value_m, unit), places)} {unit}"


def format_set(logged: Any, weight_unit: str, distance_unit: str) -> str:
    """A set as it reads in a list, its measures in the user's units joined by ' · ':
    '100 kg × 5', '12 reps', '5.2 km · 25 min 30 s', '1,850 psi · 410 W'. Any object with the
    set's value attributes will do (a logged set, a plan target, a queued offline set)."""
    parts = []
    if logged.load_kg:
        load = format_weight(logged.load_kg, weight_unit, 2)
        parts.append(load if logged.reps is None else f"{load} × {logged.reps}")
    elif logged.reps is not None:
        parts.append(f"{logged.reps} reps")
    if logged.distance_m:
        parts.append(format_distance(logged.distance_m, distance_unit))
    if logged.duration_s:
        parts.append(format_duration(logged.duration_s))
    for value, unit in (
        (logged.force_psi, "psi"),
        (logged.power_w, "W"),
        (logged.heart_rate_bpm, "bpm"),
    ):
        if value:
            parts.append(f"{tidy(value, 0)} {unit}")
    return " · ".join(parts)


def format_dose(item: Any, weight_unit: str, distance_unit: str) -> str:
    """A plan item's prescription as it reads on the plan, /today/ and the calendar feed:
    '5 × 3–5 reps @ 100 kg · 75% · rest 2 min', '1 × 25 min · 5 km'. The load is rounded to a
    loadable step in the user's unit; a metric cue ('drag 40 kg') is put in their units."""
    text = f"{item.sets} ×"
    if item.reps:
        text += f" {item.reps}–{item.reps_max} reps" if item.reps_max else f" {item.reps} reps"
    if item.duration_s:
        text += " " + format_duration(item.duration_s)
    if item.distance_m:
        text += " " + format_distance(item.distance_m, distance_unit)
    if item.load_kg:
        text += " @ " + format_target_weight(item.load_kg, weight_unit)
    if item.intensity:
        text += " · " + in_units(item.intensity, weight_unit, distance_unit)
    if item.rest_s:
        text += " · rest " + format_duration(item.rest_s)
    return text


def loadable_step(value: float, unit: str) -> float:
    """The plate step a target load is rounded to in the user's unit: 2.5 lb (5 lb from
    100 lb), 0.5 kg."""
    if unit == "lb":
        return 5.0 if value >= 100 else 2.5
    return 0.5


def loadable(value_kg: float | None, unit: str) -> float | None:
    """A target load in the user's unit, rounded to a loadable step: 40 kg -> 87.5 lb."""
    if value_kg is None:
        return None
    value = kg_to(value_kg, unit)
    step = loadable_step(value, unit)
    return round(value / step) * step


def format_target_weight(value_kg: float | None, unit: str) -> str:
    if value_kg is None:
        return ""
    return f"{tidy(loadable(value_kg, unit), 1)} {unit}"


def format_pace(seconds_per_metre: float | None, unit: str) -> str:
    """Pace as minutes per km or mile, e.g. '5:12 min/km'."""
    if not seconds_per_metre:
        return ""
    per_unit = seconds_per_metre * (M_PER_MI if unit == "mi" else 1000.0)
    if per_unit < 60:
        return f"{round(per_unit)} s/{unit}"
    return f"{format_clock(per_unit)} min/{unit}"


_AMOUNT_IN_TEXT = re.compile(r"\b(\d+(?:\.\d+)?) (tonnes|kg|km|m)\b")


def in_units(text: str, weight_unit: str, distance_unit: str) -> str:
    """A sentence written in metric ('Lift 10 tonnes', 'Cover 42 km') in the user's units
    ('Lift 22,046 lb', 'Cover 26.1 mi'); unchanged for a metric user."""
    if weight_unit != "lb" and distance_unit != "mi":
        return text or ""  # nothing to convert (and the plan page asks ~200 times)

    def convert(match: re.Match[str]) -> str:
        number, unit = float(match.group(1)), match.group(2)
        if unit in ("tonnes", "kg"):
            if weight_unit != "lb":
                return match.group(0)
            kg = number * 1000 if unit == "tonnes" else number
            return f"{tidy(kg_to(kg, 'lb'), 0)} lb"
        if distance_unit != "mi":
            return match.group(0)
        metres = number * 1000 if unit == "km" else number
        return format_distance(metres, "mi", 1)

    return _AMOUNT_IN_TEXT.sub(convert, text or "")
