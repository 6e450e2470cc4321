"""Display tags and filters: every number reaches the page in the user's units.

The rows a page lists by the dozen or hundred (a plan's days and items, the editor's buttons, a
session's sets) are written by tags in Python rather than by template loops and includes, the
same bytes (tests/test_display_tags.py compares each with the template it replaced): Django's
template engine costs several microseconds a variable (issue 15, bench/pages.py)."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from workouts.escaping import escaped
from workouts.rules import units as u

register = template.Library()


def _unit(context, kind):
    return context.get("units", {}).get(kind, "kg" if kind == "weight" else "km")


@register.simple_tag(takes_context=True)
def weight(context, value_kg, places=1):
    return u.format_weight(value_kg, _unit(context, "weight"), places)


@register.simple_tag(takes_context=True)
def weight_value(context, value_kg, places=1):
    """The bare number in the user's unit, for prefilling inputs."""
    return "" if value_kg is None else u.plain(u.kg_to(value_kg, _unit(context, "weight")), places)


@register.simple_tag(takes_context=True)
def target_weight(context, value_kg):
    """A plan's target load in the user's unit, rounded to a loadable step ('87.5 lb')."""
    return u.format_target_weight(value_kg, _unit(context, "weight"))


@register.simple_tag(takes_context=True)
def target_weight_value(context, value_kg):
    """The same number bare, for the fill-from-target button."""
    return "" if value_kg is None else u.plain(u.loadable(value_kg, _unit(context, "weight")), 2)


@register.simple_tag(takes_context=True)
def distance(context, value_m, places=2):
    return u.format_distance(value_m, _unit(context, "distance"), places)


@register.simple_tag(takes_context=True)
def distance_value(context, value_m, places=2):
    if value_m is None:
        return ""
    return u.plain(u.metres_to(value_m, _unit(context, "distance")), places)


@register.simple_tag(takes_context=True)
def set_summary(context, logged):
    """A set's values as they read in a list ('100 kg × 5', '5.2 km · 25 min 30 s')."""
    return u.format_set(logged, _unit(context, "weight"), _unit(context, "distance"))


_WARMUP_MARK = 'W<span class="visually-hidden">arm-up</span>'
_KIND_MARK = {
    "drop": 'D<span class="visually-hidden">rop set</span>',
    "failure": 'F<span class="visually-hidden">: to failure</span>',
}


@register.simple_tag(takes_context=True)
def set_row(context, s):
    """One logged set in a session's list: its kind, values, RPE, note and record badge, with
    edit and delete. Written here rather than by the template: the logging page lists every
    set of the session, and each saved set answers with its row (issue 15, bench/pages.py; the
    same bytes, tests/test_display_tags.py)."""
    pk, position = s.pk, s.position
    mark = _WARMUP_MARK if s.is_warmup else _KIND_MARK.get(s.kind, "")
    values = escaped(set_summary(context, s))
    if s.rpe:
        values += f' <span class="muted">@ RPE {escaped(u.tidy(s.rpe, 1))}</span>'
    if s.note:
        values += f' <span class="set-note">{escaped(s.note)}</span>'
    badge = ""
    if s.record_labels:
        full = ", ".join(escaped(name) for _, name in s.record_labels)
        kinds = "".join(
            f'<span class="pr-kind">{escaped(short)}</span>' for short, _ in s.record_labels
        )
        badge = (
            f'<span class="badge-pr" title="Personal record: {full}"><span aria-hidden="true">'
            f'★</span> PR <span class="visually-hidden">Personal record:</span>{kinds}</span>'
        )
    edit_url = url_id("workouts:set-edit", pk)
    delete_url = url_id("workouts:set-delete", pk)
    return mark_safe(
        f'<li class="set-row{" is-warmup" if s.is_warmup else ""}" id="set-{pk}">\n'
        f'      <span class="set-number">{mark}</span>\n'
        f'      <span class="set-values">{values}</span>\n'
        f"      {badge}\n"
        '      <span class="set-actions">\n'
        f'        <a href="{edit_url}" hx-get="{edit_url}" hx-target="#set-{pk}"'
        f' hx-swap="outerHTML" class="small-link" aria-label="Edit set {position}">Edit</a>\n'
        f'        <form method="get" action="{delete_url}" hx-post="{delete_url}"\n'
        f'              hx-target="#entry-{s.entry_id}" hx-swap="outerHTML"'
        ' hx-confirm="Delete this set?">\n'
        '          <button type="submit" class="small-link danger"'
        f' aria-label="Delete set {position}">Delete</button>\n'
        "        </form>\n"
        "      </span>\n"
        "    </li>"
    )


@register.simple_tag(takes_context=True)
def dose(context, item):
    """A plan item's prescription ('5 × 3–5 reps @ 100 kg · rest 2 min')."""
    return u.format_dose(item, _unit(context, "weight"), _unit(context, "distance"))


@register.simple_tag(takes_context=True)
def dose_and_rule(context, item):
    """A plan item's dose and, when `plans.targets.describe_items` gave it one, the load rule
    beside it ('3 × 5 reps (75% e1RM)'): the plan page without targets, and the editor."""
    text = escaped(u.format_dose(item, _unit(context, "weight"), _unit(context, "distance")))
    rule_text = getattr(item, "rule_text", "")
    if rule_text and item.load_rule and item.load_rule != "absolute":
        text += f'&nbsp;<span class="target-rule">({escaped(rule_text)})</span>'
    return mark_safe(text)


@register.simple_tag(takes_context=True)
def target(context, t):
    """A resolved plan target (plans.targets.Resolved): this user's numbers this week, the load
    in bold and rounded to their loadable step, the rule that found it beside it."""
    weight_unit, distance_unit = _unit(context, "weight"), _unit(context, "distance")
    parts = [escaped(f"{t.sets} ×")]
    if t.reps:
        parts.append(f" {t.reps}–{t.reps_max} reps" if t.reps_max else f" {t.reps} reps")
    if t.duration_s:
        parts.append(" " + u.format_duration(t.duration_s))
    if t.distance_m:
        parts.append(" " + escaped(u.format_distance(t.distance_m, distance_unit)))
    if t.load_kg:
        load = u.format_weight(t.load_kg, weight_unit, 2)
        parts.append(f' @ <strong class="target-load">{escaped(load)}</strong>')
    if t.rule:
        why = ""
        if t.needs_e1rm:
            why = ": log this lift once to get a number"
        elif t.needs_history:
            why = ": no earlier session yet"
        parts.append(f'&nbsp;<span class="target-rule">({escaped(t.rule)}{escaped(why)})</span>')
    if t.intensity and not t.item.load_rule:
        parts.append(" · " + escaped(u.in_units(t.intensity, weight_unit, distance_unit)))
    if t.rest_s:
        parts.append(" · rest " + u.format_duration(t.rest_s))
    return mark_safe("".join(parts))


ID_MARKER = "2147483647"  # an id no row will have, to find where a URL's id goes


@lru_cache(maxsize=256)
def _around_id(name, urlconf, prefix):
    """(before, after) the id in the URL of view `name` taking one integer (for this URL
    configuration and script prefix, which `reverse` reads)."""
    before, marker, after = reverse(name, args=[int(ID_MARKER)], urlconf=urlconf).partition(
        ID_MARKER
    )
    if not marker or ID_MARKER in after:
        raise ValueError(f"{name} does not take one id")
    return before, after


def url_maker(*names):
    """For views taking one id: a function per name, id -> the URL `url_id` gives, with the
    URL configuration and script prefix read once (the tags that write many rows)."""
    urlconf, prefix = get_urlconf(), get_script_prefix()
    makers = []
    for name in names:
        before, after = _around_id(name, urlconf, prefix)
        makers.append(lambda pk, before=before, after=after: f"{before}{int(pk)}{after}")
    return makers


@register.simple_tag
def url_id(name, pk):
    """`{% url name pk %}` for a view taking one id, reversed once per view rather than once
    per row: a logging page reverses two URLs for each set and the plan editor three for each
    item (issue 15, bench/pages.py)."""
    before, after = _around_id(name, get_urlconf(), get_script_prefix())
    return f"{before}{int(pk)}{after}"


@register.simple_tag(takes_context=True)
def plan_items(context, items):
    """A plan day's prescription: each exercise (linked), its dose and its cue. An item with
    `resolved` (plans.targets.attach) shows this user's numbers and the rule beside them; one
    with `rule_text` (plans.targets.describe_items) its load rule. Built here rather than by a
    template per item: the plan page lists about 130 of them (issue 15, bench/pages.py)."""
    weight_unit, distance_unit = _unit(context, "weight"), _unit(context, "distance")
    (exercise_url,) = url_maker("workouts:exercise-detail")
    rows = []
    for item in items:
        resolved = getattr(item, "resolved", None)
        dose_html = target(context, resolved) if resolved else dose_and_rule(context, item)
        extras = ""
        progression = getattr(item, "progression_text", "")
        if progression:
            extras += f' <span class="progression-rule">{escaped(progression)}</span>'
        if item.note:
            cue = u.in_units(item.note, weight_unit, distance_unit)
            extras += f' <span class="cue">{escaped(cue)}</span>'
        url = exercise_url(item.exercise_id)
        rows.append(
            f'<li><a href="{escaped(url)}">{escaped(item.exercise.name)}</a>'
            f' <span class="dose">{escaped(dose_html)}</span>{extras}</li>'
        )
    return mark_safe(f'<ul class="prescription">{"".join(rows)}</ul>')


@lru_cache(maxsize=1024)
def _day_and_month(day, language):
    """'Mon 30 Nov' (the `date` filter's "D j M", remembered: a plan page shows 28 dates, the
    same ones request after request)."""
    return date_filter(day, "D j M")


def _day_state(context, slot, enrolment):
    """A plan day's date and state on the user's schedule: its badge (linked to the session
    that did it), and a link to the session in progress or to link a finished one."""
    when = slot.when
    if slot.session_id:
        late = f" · {date_filter(when.done_on, 'j M')}" if when.state == "done_late" else ""
        badge = (
            f'<a class="state-badge" href="{url_id("workouts:session-detail", slot.session_id)}">'
            f"{escaped(when.label)}{late}</a>\n  "
        )
    else:
        badge = f'<span class="state-badge">{escaped(when.label)}</span>'
    link = ""
    if slot.in_progress_id:
        link = (
            f'<a class="small-link" href="{url_id("workouts:session-detail", slot.in_progress_id)}'
            '">Session in progress</a>\n  '
        )
    elif enrolment.status == "active" and not when.is_finished and when.state != "upcoming":
        url = reverse("workouts:plan-day-link", args=[enrolment.pk, slot.plan_day.pk])
        path = urlencode(context["request"].path)
        link = f'<a class="small-link" href="{url}?next={path}">Link a finished session</a>'
    state = escaped(when.state)
    return f'\n<p class="day-state state-{state}">\n  {badge}\n  {link}\n</p>\n'


@register.simple_tag(takes_context=True)
def plan_day(context, day, enrolment=None):
    """One day of the plan page: its number, and with `day.slot` (the user follows this plan)
    its date and state, then its title, note and prescription (`plan_items`). Written here
    rather than by a template and an include per day: a plan page lists 28 of them (issue 15,
    bench/pages.py; the same bytes, tests/test_display_tags.py)."""
    weight_unit, distance_unit = _unit(context, "weight"), _unit(context, "distance")
    slot = getattr(day, "slot", None)
    state = label = day_state = ""
    if slot:
        when = slot.when
        state = f" is-{escaped(when.state)}"
        label = (
            f' · <time datetime="{when.date.isoformat()}">'
            f"{_day_and_month(when.date, get_language())}</time>"
        )
        day_state = _day_state(context, slot, enrolment)
    note = ""
    if day.note:
        text = escaped(u.in_units(day.note, weight_unit, distance_unit))
        note = f'<p class="muted small">{text}</p>'
    return mark_safe(
        f'<li class="plan-day card{state}">\n'
        f'      <p class="day-label">Day {day.day}{label}</p>\n'
        f"      <h3>{escaped(u.in_units(day.title, weight_unit, distance_unit))}</h3>\n"
        f"      {day_state}\n"
        f"      {note}\n"
        f"      {plan_items(context, day.item_list)}\n"
        "    </li>"
    )


def _csrf_field(context):
    """What `{% csrf_token %}` writes (the token is masked once per response)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


_BUTTON = "button button-ghost button-small"
_HX_WEEKS = 'hx-target="#plan-weeks" hx-swap="outerHTML"'


@register.simple_tag(takes_context=True)
def editor_day(context, day):
    """One day of the plan editor (`day.item_list`, with `rule_text` and `progression_text`
    from `plans.targets.describe_items`): its head with edit, move, duplicate and remove, then
    each item with edit, move and remove, then "Add an exercise". Written here rather than by
    template loops: a 28-day plan's editor draws some 130 items and 900 buttons and links
    (issue 15, bench/pages.py; the same bytes, tests/test_display_tags.py)."""
    csrf = _csrf_field(context)
    pk, title = day.pk, escaped(day.title)
    rest = day.rest_day
    edit_url = url_id("workouts:plan-day-edit", pk)
    move_url = url_id("workouts:plan-day-move", pk)
    duplicate_url = url_id("workouts:plan-day-duplicate", pk)
    remove_url = url_id("workouts:plan-day-remove", pk)
    note = f'<p class="muted small">{escaped(day.note)}</p>' if day.note else ""
    lines = [
        f'<li class="plan-day card editor-day{" is-rest" if rest else ""}" id="day-{pk}">',
        f'        <div class="editor-day-head" id="day-head-{pk}">',
        f'          <p class="day-label">Day {day.day}{" · rest day" if rest else ""}</p>',
        f"          <h3>{title}</h3>",
        f"          {note}",
        '          <div class="editor-buttons">',
        f'            <a class="{_BUTTON}" href="{edit_url}" hx-get="{edit_url}"'
        f' hx-target="#day-head-{pk}" hx-swap="outerHTML">Edit day</a>',
        f'            <form method="post" action="{move_url}" hx-post="{move_url}" {_HX_WEEKS}'
        f' class="move-buttons">{csrf}<button type="submit" name="direction" value="up"'
        f' class="{_BUTTON}" aria-label="Move {title} a day earlier"'
        f'{" disabled" if day.day == 1 else ""}>↑</button><button type="submit"'
        f' name="direction" value="down" class="{_BUTTON}" aria-label="Move {title} a day'
        f' later"{" disabled" if day.day == 7 else ""}>↓</button></form>',
        f'            <form method="post" action="{duplicate_url}" hx-post="{duplicate_url}"'
        f' {_HX_WEEKS}>{csrf}<button type="submit" class="{_BUTTON}"'
        f' aria-label="Duplicate {title}">Duplicate</button></form>',
        f'            <form method="post" action="{remove_url}" hx-post="{remove_url}"'
        f' {_HX_WEEKS} hx-confirm="Remove {title}?">{csrf}<button type="submit"'
        f' class="{_BUTTON}" aria-label="Remove {title}">Remove</button></form>',
        "          </div>",
        "        </div>",
    ]
    if not rest:
        lines += ["        ", '        <ul class="editor-items">']
        items = day.item_list
        edit_of, move_of, remove_of = url_maker(
            "workouts:plan-item-edit", "workouts:plan-item-move", "workouts:plan-item-remove"
        )
        for index, item in enumerate(items):
            ipk, name = item.pk, escaped(item.exercise.name)
            progression = getattr(item, "progression_text", "")
            if progression:
                progression = f'<span class="progression-rule">{escaped(progression)}</span>'
            item_edit, item_move, item_remove = edit_of(ipk), move_of(ipk), remove_of(ipk)
            lines += [
                "          ",
                f'          <li class="editor-item" id="item-{ipk}">',
                '            <div class="editor-item-text">',
                f"              <strong>{name}</strong>",
                f'              <span class="dose">{dose_and_rule(context, item)}</span>',
                f"              {progression}",
                "            </div>",
                '            <div class="editor-buttons">',
                f'              <a class="{_BUTTON}" href="{item_edit}" hx-get="{item_edit}"'
                f' hx-target="#item-{ipk}" hx-swap="outerHTML" aria-label="Edit {name}">Edit</a>',
                f'              <form method="post" action="{item_move}" hx-post="{item_move}"'
                f' {_HX_WEEKS} class="move-buttons">{csrf}<button type="submit"'
                f' name="direction" value="up" class="{_BUTTON}" aria-label="Move {name} up"'
                f'{" disabled" if index == 0 else ""}>↑</button><button type="submit"'
                f' name="direction" value="down" class="{_BUTTON}" aria-label="Move {name}'
                f' down"{" disabled" if index == len(items) - 1 else ""}>↓</button></form>',
                f'              <form method="post" action="{item_remove}"'
                f' hx-post="{item_remove}" {_HX_WEEKS}>{csrf}<button type="submit"'
                f' class="{_BUTTON}" aria-label="Remove {name}">✕</button></form>',
                "            </div>",
                "          </li>",
            ]
        if not items:
            lines += ["          ", '          <li class="muted small">No exercises yet.</li>']
        new_url = url_id("workouts:plan-item-new", pk)
        lines += [
            "          ",
            "        </ul>",
            f'        <p id="add-item-{pk}"><a class="button button-small" href="{new_url}"'
            f' hx-get="{new_url}" hx-target="#add-item-{pk}" hx-swap="outerHTML">Add an'
            " exercise</a></p>",
        ]
    lines += ["        ", "      </li>"]
    return mark_safe("\n".join(lines))


@register.simple_tag(takes_context=True)
def pace(context, seconds_per_metre):
    return u.format_pace(seconds_per_metre, _unit(context, "distance"))


@register.filter
def duration(seconds):
    return u.format_duration(seconds)


@register.simple_tag(takes_context=True)
def in_units(context, text):
    """A metric sentence ('Lift 10 tonnes') in the user's units ('Lift 22,046 lb')."""
    return u.in_units(text, _unit(context, "weight"), _unit(context, "distance"))


@register.filter
def clock(seconds):
    """A duration for an input: '1:30' (the fill buttons put it in the time field)."""
    return u.format_clock(seconds)


@register.filter
def tidy(number, places=1):
    return u.tidy(number, places)


@register.filter
def style_class(style):
    return {"natural": "theme-natural", "high_tech": "theme-drago"}.get(style, "theme-both")


@register.simple_tag(takes_context=True)
def fill_rows(context, rows, target=False):
    """The values a "Fill from last time" (logged sets) or "Fill from target" (a plan item)
    button puts in the set form, as the form shows them; the page passes them to logging.js
    through json_script."""
    if target:
        rows = [rows]
    load = target_weight_value if target else weight_value
    if target and getattr(rows[0], "is_resolved", False):
        load = weight_value  # already rounded to the user's own loadable step
    return [
        {
            "reps": "" if row.reps is None else str(row.reps),
            "load": load(context, row.load_kg, 2)
            if load is weight_value
            else load(context, row.load_kg),
            "duration": clock(row.duration_s),
            "distance": distance_value(context, row.distance_m, 3),
        }
        for row in rows
    ]
