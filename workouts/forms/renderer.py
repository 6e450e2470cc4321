"""The form renderer: Django's own, with the plain `<input>` widgets written out in Python.

Django renders every widget through a template (`text.html` includes `input.html`, which
includes `attrs.html`). The logging page draws a set form per exercise, so a page of ten
exercises rendered some twenty such templates per request; writing the same markup directly
takes a fraction of the time (issue 15, bench/pages.py). Only the widgets whose template is
exactly `{% include "django/forms/widgets/input.html" %}` are written here, byte for byte what
those templates give (tests/test_form_renderer.py compares them), and so are selects (the
history's filters list every exercise); every other widget (radios, check box lists, text
areas) goes through Django's templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value):
    """`{{ value }}` in a template: localised, then escaped."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs, parts):
    """`django/forms/widgets/attrs.html`."""
    for name, value in attrs.items():
        if value is False:
            continue
        parts += [" ", _text(name)]
        if value is not True:
            parts += ['="', conditional_escape(str(value)), '"']


def input_html(widget):
    """What `django/forms/widgets/input.html` (with `attrs.html`) renders for `widget`."""
    parts = ['<input type="', _text(widget["type"]), '" name="', _text(widget["name"]), '"']
    if widget["value"] is not None:
        parts += [' value="', conditional_escape(str(widget["value"])), '"']
    _attrs(widget["attrs"], parts)
    parts.append(">")
    return "".join(parts)


def select_html(widget):
    """What `select.html` renders (each option by `select_option.html`); None when an option
    has a template of its own, left to Django's templates."""
    parts = ['<select name="', _text(widget["name"]), '"']
    _attrs(widget["attrs"], parts)
    parts.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts += ['\n  <optgroup label="', _text(group_name), '">']
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts += ['\n  <option value="', conditional_escape(str(option["value"])), '"']
            _attrs(option["attrs"], parts)
            parts += [">", _text(option["label"]), "</option>\n"]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts).strip()


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        if template_name == SELECT:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
