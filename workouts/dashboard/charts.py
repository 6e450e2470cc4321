"""Dashboard presentation: chart data (volume, time, progress, body weight), the progress table,
heat-map labels and grouped records, in the user's units.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat

from workouts.dashboard.periods import is_short
from workouts.rules import measures, units

# English day and month names, as strftime's %a and %b give them (Python never sets LC_TIME):
# a table lookup per heat-map day instead of three strftime calls (issue 15).
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def whole(value):
    """A number rounded to a whole one and grouped by thousands, exactly what the template
    filter `floatformat:"0g"` renders ('1,235' for 1234.5: half away from zero, on the number's
    decimal text), without the filter's per-call cost (the dashboard's tables show some 80 of
    them; issue 15). A number of over 200 digits and exponent (1e-175) the filter gives back
    as it is, so it gets the filter."""
    number = Decimal(str(value))
    _sign, digits, exponent = number.as_tuple()
    if len(digits) + abs(exponent) > 200:
        return floatformat(value, "0g")
    return f"{int(number.quantize(ONE, ROUND_HALF_UP)):,}"


ONE = Decimal(1)


def heat_labels(heat, weight_unit):
    """Each day's hover and screen-reader text: 'Mon 3 Mar 2025: 2 sessions, 5,400 kg'."""
    for cell in heat.days:
        day = cell.day
        when = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        if not cell.sessions:
            cell.label = f"{when}: rest day"
            continue
        text = f"{when}: {cell.sessions} session{'s' if cell.sessions != 1 else ''}"
        text += f", {round(cell.minutes)} min"
        if cell.volume_kg:
            text += f", {units.format_weight(cell.volume_kg, weight_unit, 0)} volume"
        cell.label = text
    return heat


def _label(day, unit):
    return day.strftime("%b %Y") if unit == "month" else f"{day.day} {day:%b}"


def volume_chart(board, weight_unit):
    labels = [_label(b.start, board.period.unit) for b in board.buckets]

    def series(name, label, style):
        return {
            "label": label,
            "style": style,
            "data": [round(units.kg_to(getattr(b, name), weight_unit), 1) for b in board.buckets],
        }

    every = [
        series("natural", "Siberian natural", "natural"),
        series("high_tech", "Drago high-tech", "high_tech"),
        series("mixed", "Mixed / general", "mixed"),
    ]
    # A style with no volume in the range stays out of the legend (one series stays, at least).
    shown = [s for s in every if any(s["data"])] or every[:1]
    return {"type": "bar", "stacked": True, "unit": weight_unit, "labels": labels, "series": shown}


def time_chart(board):
    return {
        "type": "bar",
        "stacked": False,
        "unit": "min",
        "labels": [_label(b.start, board.period.unit) for b in board.buckets],
        "series": [
            {
                "label": "Minutes trained",
                "style": "time",
                "data": [round(b.minutes) for b in board.buckets],
            }
        ],
    }


def progress_value(key, value, weight_unit, distance_unit):
    """A progress value in the user's units: pace as minutes per km/mi, the rest plain."""
    if value is None:
        return None
    if key in ("e1rm", "top_load"):
        return round(units.kg_to(value, weight_unit), 1)
    if key == "pace":
        return round(value * (units.M_PER_MI if distance_unit == "mi" else 1000) / 60, 2)
    if key == "distance":
        return round(units.metres_to(value, distance_unit), 2)
    if key == "duration":
        return round(value / 60, 1)
    return round(value, 1)


def progress_unit(key, weight_unit, distance_unit):
    return {
        "e1rm": weight_unit,
        "top_load": weight_unit,
        "pace": f"min/{distance_unit}",
        "distance": distance_unit,
        "duration": "min",
        "force": "psi",
        "power": "W",
        "reps": "reps",
    }[key]


def _progress_text(key, value, weight_unit, distance_unit):
    if value is None:
        return "–"
    if key in ("e1rm", "top_load"):
        return units.format_weight(value, weight_unit)
    if key == "pace":
        return units.format_pace(value, distance_unit)
    if key == "distance":
        return units.format_distance(value, distance_unit)
    if key == "duration":
        return units.format_duration(value)
    return f"{value:,.0f} {progress_unit(key, weight_unit, distance_unit)}"


def progress_table(board, weight_unit, distance_unit):
    """The progress chart as table rows: (date label, [value text per series])."""
    keys = [key for key, _label, _lower in board.progress.series]
    rows = []
    for day, values in board.progress.points:
        label = (
            f"{day.day} {day:%b %Y}"
            if board.progress.per_day or board.period.unit == "week"
            else f"{day:%b %Y}"
        )
        if not board.progress.per_day and board.period.unit == "week":
            label = f"Week of {label}"
        rows.append(
            (label, [_progress_text(k, values.get(k), weight_unit, distance_unit) for k in keys])
        )
    return rows


def progress_chart(board, weight_unit, distance_unit):
    points = board.progress.points
    unit = "week" if board.progress.per_day else board.period.unit
    labels = [
        f"{day.day} {day:%b %y}" if board.progress.per_day else _label(day, unit)
        for day, _values in points
    ]
    series, first_unit = [], None
    for index, (key, label, lower) in enumerate(board.progress.series):
        unit_label = progress_unit(key, weight_unit, distance_unit)
        first_unit = first_unit or unit_label
        series.append(
            {
                "label": label,
                "style": "primary" if index == 0 else "secondary",
                # Series in the same unit (1RM and top load, both kg) share one axis.
                "axis": "y" if unit_label == first_unit else "y1",
                "reverse": lower,
                "format": "pace" if key == "pace" else "number",
                "unit": unit_label,
                "data": [
                    progress_value(key, values.get(key), weight_unit, distance_unit)
                    for _day, values in points
                ],
            }
        )
    return {"type": "line", "labels": labels, "series": series}


def weight_label(board, day):
    if is_short(board.period):
        return f"{day.day} {day:%b %y}"
    return _label(day, board.period.unit)


def weight_rows(board):
    """The body-weight chart as table rows: (label, kg)."""
    if is_short(board.period):
        return [(f"{day.day} {day:%b %Y}", kg) for day, kg in board.body_weights]
    prefix = "Month of" if board.period.unit == "month" else "Week of"
    return [(f"{prefix} {_label(day, board.period.unit)}", kg) for day, kg in board.body_weights]


def body_weight_chart(board, weight_unit):
    return {
        "type": "line",
        "labels": [weight_label(board, day) for day, _kg in board.body_weights],
        "series": [
            {
                "label": "Body weight",
                "style": "body",
                "axis": "y",
                "unit": weight_unit,
                "format": "number",
                "reverse": False,
                "data": [round(units.kg_to(kg, weight_unit), 1) for _day, kg in board.body_weights],
            }
        ],
    }


def record_value(record, weight_unit, distance_unit):
    """A record's value as the user reads it: '140 kg', '5:02 /km', '1,650 psi'."""
    return measures.format_record(record.kind, record.value, weight_unit, distance_unit)


def grouped_records(records_list, weight_unit, distance_unit, limit=5):
    """Recent records, one line per set, newest first: (exercise, when, ["Heaviest 140 kg"])."""
    grouped, order = defaultdict(list), []
    for record in records_list:
        if record.logged_set_id not in grouped:
            order.append(record.logged_set_id)
        grouped[record.logged_set_id].append(
            f"{record.get_kind_display()} {record_value(record, weight_unit, distance_unit)}"
        )
    first = {record.logged_set_id: record for record in reversed(records_list)}
    return [(first[key].exercise, first[key].achieved_at, grouped[key]) for key in order[:limit]]
