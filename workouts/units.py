"""Conversions between what the user types or reads and what we store (kg, metres, seconds)."""

import math
import re
from decimal import Decimal

KG_PER_LB = 0.45359237
M_PER_MI = 1609.344

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")
_SUFFIXED = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*s(?:ec)?)?$")


def parse_duration(text):
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


_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$|^[.,]\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$")


class NumberTyped(ValueError):
    """What the user typed is not a number we can read; the message says what to do.
    `code` is 'negative', 'ambiguous' (a thousands separator or a decimal mark?) or 'invalid'."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.code = code


def parse_number(text):
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
                "Type it without a thousands separator, e.g. 1000 or 1.5.", "ambiguous")
        return Decimal(text.replace(",", "."))
    if _THOUSANDS.match(text) or re.match(r"^\d{1,3}(?:[,.]\d{3})+[.,]\d+$", text):
        raise NumberTyped("Type the number without a thousands separator, e.g. 1250.5.",
                          "ambiguous")
    raise NumberTyped(f"Enter a number, like 62.5 or 62,5; “{text[:20]}” is not one.")


def format_duration(seconds):
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


def kg_from(value, unit):
    return value * KG_PER_LB if unit == "lb" else value


def kg_to(value_kg, unit):
    return value_kg / KG_PER_LB if unit == "lb" else value_kg


def metres_from(value, unit):
    return value * M_PER_MI if unit == "mi" else value * 1000.0


def metres_to(value_m, unit):
    return value_m / M_PER_MI if unit == "mi" else value_m / 1000.0


def tidy(number, places=1):
    """A number without trailing zeros: 100.0 -> '100', 62.5 -> '62.5'."""
    if number is None:
        return ""
    text = f"{number:,.{places}f}" if abs(number) >= 10000 else f"{number:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_weight(value_kg, unit, places=1):
    if value_kg is None:
        return ""
    return f"{tidy(kg_to(value_kg, unit), places)} {unit}"


def format_distance(value_m, unit, places=2):
    if value_m is None:
        return ""
    return f"{tidy(metres_to(value_m, unit), places)} {unit}"


def format_pace(seconds_per_metre, unit):
    """Pace as minutes per km or mile, e.g. '5:12 /km'."""
    if not seconds_per_metre:
        return ""
    per_unit = seconds_per_metre * (M_PER_MI if unit == "mi" else 1000.0)
    return f"{format_duration(per_unit)} /{unit}"
