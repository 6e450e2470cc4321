"""The form renderer writes plain inputs exactly as Django's widget templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from workouts.forms.renderer import INPUT_TEMPLATES, Renderer


class Everything(forms.Form):
    text = forms.CharField(
        max_length=20,
        help_text="Help",
        widget=forms.TextInput(
            attrs={"placeholder": 'a "b" <c>', "autofocus": True, "data-off": False}
        ),
    )
    number = forms.DecimalField(
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"})
    )
    count = forms.IntegerField(min_value=0, max_value=999)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(widget=forms.TimeInput)
    when = forms.DateTimeField()
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}))
    site = forms.URLField()
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    upload = forms.FileField(required=False)
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A & co"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("", "Any"), ("Lifts", [("1", "Squat"), ("2", "Bench <press>")]), ("3", 3)],
        widget=forms.Select(attrs={"aria-label": "Exercise"}),
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    either = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea)


DATA = {
    "text": 'x"<script>&',
    "number": "60,5",
    "count": "1000",
    "password": "s3cret<>",
    "hidden": mark_safe("<b>safe</b>"),
    "day": "2026-11-30",
    "at": "18:00",
    "when": "nonsense",
    "colour": "#ff0000",
    "site": "http://a.example/?x=1&y=2",
    "phone": "+44 1",
    "search": "squat",
    "tick": "on",
    "choice": "b",
    "grouped": "2",
    "several": ["x", "y"],
    "either": "true",
    "note": "line\nline",
}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound with errors"])
def test_every_field_renders_as_djangos_templates_render_it(data):
    ours = Everything(data, renderer=Renderer())
    django = Everything(data, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name


def test_the_renderer_writes_only_widgets_whose_template_is_a_plain_input():
    from pathlib import Path

    import django

    widgets = Path(django.__file__).parent / "forms/templates"
    for template in INPUT_TEMPLATES - {"django/forms/widgets/input.html"}:
        text = (widgets / template).read_text().strip()
        assert text == '{% include "django/forms/widgets/input.html" %}', template


def test_the_site_renders_its_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
