"""Conversions between what the user types or reads and what we store (kg, metres, seconds)."""

import math
import re

KG_PER_LB = 0.45359237
M_PER_MI = 1609.344

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")
_SUFFIXED = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*s(?:ec)?)?$")


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


def format_duration(seconds: float | None) -> str:
    """'45s', '1:30', '1:05:00'."""
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    if minutes:
        return f"{minutes}:{secs:02d}"
    return f"{secs}s"


def kg_from(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def kg_to(value_kg: float, unit: str) -> float:
    return value_kg / KG_PER_LB if unit == "lb" else value_kg


def metres_from(value: float, unit: str) -> float:
    return value * M_PER_MI if unit == "mi" else value * 1000.0


def metres_to(value_m: float, unit: str) -> float:
    return value_m / M_PER_MI if unit == "mi" else value_m / 1000.0


def tidy(number: float | None, places: int = 1) -> str:
    """A number without trailing zeros: 100.0 -> '100', 62.5 -> '62.5'."""
    if number is None:
        return ""
    text = f"{number:,.{places}f}" if abs(number) >= 10000 else f"{number:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_weight(value_kg: float | None, unit: str, places: int = 1) -> str:
    if value_kg is None:
        return ""
    return f"{tidy(kg_to(value_kg, unit), places)} {unit}"


def format_distance(value_m: float | None, unit: str, places: int = 2) -> str:
    if value_m is None:
        return ""
    return f"{tidy(metres_to(value_m, unit), places)} {unit}"


def format_pace(seconds_per_metre: float | None, unit: str) -> str:
    """Pace as minutes per km or mile, e.g. '5:12 /km'."""
    if not seconds_per_metre:
        return ""
    per_unit = seconds_per_metre * (M_PER_MI if unit == "mi" else 1000.0)
    return f"{format_duration(per_unit)} /{unit}"
