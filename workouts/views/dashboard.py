"""/dashboard/: tiles, charts, heat map and records. One page; htmx swaps its range region
(the range switch) or its progress panel (the exercise picker)."""

from html import escape as html_escape

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from workouts.dashboard import charts, periods, queries
from workouts.escaping import escaped
from workouts.rules import units

from ..responses import page_or_partial

PARTIALS = ("dashboard-range", "progress-panel")


def _heat_cells(heat):
    """The heat map's squares, built here rather than in a template loop of 365 (it is faster),
    and with plain string formatting rather than format_html_join, which escapes every number
    (a third of the dashboard's Python time at 5 years; issue 15). The level and coordinates are
    integers this code computed; the label is escaped (`html.escape`: the bytes Django's `escape`
    gives a str, without its lazy-string wrapper per call). Each has its day's figures on hover;
    screen readers get the month table instead."""
    return mark_safe(  # noqa: S308  integers and an escaped label only
        "".join(
            f'<rect class="heat-{int(c.level)}" x="{int(c.x)}" y="{int(c.y)}" width="11" '
            f'height="11" rx="2"><title>{html_escape(c.label)}</title></rect>'
            for c in heat.days
        )
    )


def _table_rows(rows):
    """A table body's rows from (heading, [cells]): what a template loop of `<tr><th>..</th>
    <td>..</td></tr>` renders, escaped the same way, without the template engine's per-value
    cost (the dashboard's five tables hold up to a few hundred cells; issue 15)."""
    return mark_safe(  # noqa: S308  every value is escaped unless already safe
        "".join(
            f'<tr><th scope="row">{escaped(heading)}</th>'
            + "".join(f"<td>{escaped(cell)}</td>" for cell in cells)
            + "</tr>"
            for heading, cells in rows
        )
    )


def _options(choices, selected):
    """The exercise picker's options: what the template loop of `<option value="{{ pk }}"
    {% if pk == selected %} selected{% endif %}>{{ name }}</option>` renders, the name escaped,
    without the engine's lookups per option (a user with years of history has dozens)."""
    return mark_safe(  # noqa: S308  integer ids and escaped names only
        "".join(
            f'<option value="{int(pk)}"{" selected" if pk == selected else ""}>'
            f"{html_escape(name)}</option>"
            for pk, name in choices
        )
    )


def _exercise_id(request):
    value = request.GET.get("exercise", "")
    # ASCII digits only ("²".isdigit() is true) and within a database integer.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@login_required
@require_GET
def dashboard(request):
    profile = request.profile
    board = queries.dashboard(
        request.user,
        profile,
        timezone.now(),
        request.GET.get("range", periods.DEFAULT_RANGE),
        _exercise_id(request),
    )
    weight_unit, distance_unit = profile.weight_unit, profile.distance_unit

    def kg(value, places=1):
        return units.format_weight(value, weight_unit, places)

    buckets = board.buckets
    progress_rows = charts.progress_table(board, weight_unit, distance_unit)
    context = {
        "board": board,
        "ranges": [(key, label) for key, (label, _weeks) in periods.RANGES.items()],
        "volume_chart": charts.volume_chart(board, weight_unit),
        "time_chart": charts.time_chart(board),
        "progress_chart": charts.progress_chart(board, weight_unit, distance_unit),
        "progress_rows": progress_rows,
        "progress_body": _table_rows(progress_rows),
        "progress_options": _options(
            board.progress.choices, board.progress.exercise and board.progress.exercise.pk
        ),
        "weight_chart": charts.body_weight_chart(board, weight_unit),
        "recent_records": charts.grouped_records(board.recent_records, weight_unit, distance_unit),
        "volume_rows": _table_rows(
            (b.label, [kg(b.natural, 0), kg(b.high_tech, 0), kg(b.mixed, 0), kg(b.volume_kg, 0)])
            for b in buckets
        ),
        "time_rows": _table_rows((b.label, [b.sessions, charts.whole(b.minutes)]) for b in buckets),
        "weight_rows": _table_rows(
            (label, [kg(value)]) for label, value in charts.weight_rows(board)
        ),
        "heat_cells": _heat_cells(board.heat),
        "heat_month_rows": _table_rows(
            (
                f"{charts.MONTH_NAMES[row.month.month - 1]} {row.month.year}",
                [row.training_days, row.sessions, charts.whole(row.minutes), kg(row.volume_kg, 0)],
            )
            for row in periods.heat_months(board.heat)
        ),
        "weekdays": periods.weekday_labels(profile.week_start),
    }
    return page_or_partial(request, "workouts/dashboard.html", PARTIALS, context)
