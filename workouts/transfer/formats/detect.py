"""Reads an uploaded file: checks size and encoding, detects the format from its header."""

import csv
import io

from . import base, fitnotes, hevy, montage, strong

MAX_BYTES = 25 * 1024 * 1024
MAX_LABEL = "25 MB"
KNOWN = (
    "Strong (CSV, every variant), Hevy (CSV), FitNotes (CSV, Android and iOS) and "
    "Montage's own export (JSON or CSV)"
)


def decode(data):
    """The file's text; refuses what cannot be an export."""
    if len(data) > MAX_BYTES:
        raise base.ImportError_(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_LABEL}. "
            "Nothing was imported."
        )
    if not data.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise base.ImportError_("This file is empty. Nothing was imported.")
    if b"\x00" in data[:8192]:
        raise base.ImportError_(
            f"This is not a CSV or JSON export (it is not text). Montage reads {KNOWN}."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise base.ImportError_(
            f"This is not a CSV or JSON export Montage can read (it is not UTF-8 text). "
            f"Montage reads {KNOWN}."
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _header(text):
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        fields = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise base.ImportError_(
            f"This is not a CSV file Montage can read. Montage reads {KNOWN}."
        ) from exc
    return [f.strip().strip('"').strip().lower() for f in fields], delimiter


def read_upload(data, progress=None):
    """A `base.Parsed` from the bytes of an upload, or `base.ImportError_` saying why not."""
    text = decode(data)
    if text.lstrip().startswith(("{", "[")):
        return montage.read_json(text, progress)
    header, delimiter = _header(text)
    if len(header) < 2:
        raise base.ImportError_(
            f"This is not a CSV export: its first line has no columns. Montage reads {KNOWN}."
        )
    if text.strip().count("\n") == 0:
        raise base.ImportError_("This file has a header but no rows. Nothing was imported.")
    if set(header) >= montage.CSV_REQUIRED:
        return montage.read_csv(text, header, delimiter, progress)
    if hevy.matches(header):
        return hevy.read(text, header, delimiter, progress)
    if strong.matches(header):
        return strong.read(text, header, delimiter, progress)
    if fitnotes.matches(header):
        return fitnotes.read(text, header, delimiter, progress)
    shown = ", ".join(header[:6]) + ("…" if len(header) > 6 else "")
    raise base.ImportError_(
        f"Montage does not know this file's columns ({shown}). It reads {KNOWN}; "
        "export from one of those apps without changing the header row."
    )
