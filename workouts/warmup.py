"""Work a worker would otherwise do on its first request, done when it boots (issue 15).

The first request after a worker starts cost about 95 ms more than the next: building the URL
configuration imports every view module (and what they import), the models' field maps are
built on the first query, and each template (and every template it includes) is parsed on first
use. `warm_up()` does all that at boot (`montage.wsgi`, `montage.asgi`), so no visitor pays it.
It touches no database and renders nothing.
"""

import importlib
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

from workouts.rules import timeutils

logger = logging.getLogger(__name__)

# Modules imported where they are used (not at the import of the URL configuration) but costly
# enough to load at boot: icalendar alone is about 40 ms.
HEAVY_MODULES = ("icalendar",)


def project_templates():
    """Every template of the project's own templates folder (pages, partials, includes)."""
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))


def _render_widgets():
    """Form widgets render through the form renderer's own templates, loaded on first use: one
    unbound form with each kind of widget the pages use loads them all."""
    from django import forms

    choices = [("a", "A"), ("b", "B")]

    class Every(forms.Form):
        text = forms.CharField()
        email = forms.EmailField()
        password = forms.CharField(widget=forms.PasswordInput)
        hidden = forms.CharField(widget=forms.HiddenInput)
        number = forms.IntegerField()
        decimal = forms.DecimalField()
        note = forms.CharField(widget=forms.Textarea)
        flag = forms.BooleanField()
        pick = forms.ChoiceField(choices=choices)
        radio = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
        upload = forms.FileField()

    str(Every())


def warm_up():
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018  imports every view, builds the lookup tables
    resolver.resolve("/")
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    # The list of time zones (read from the tz database's folders, cached once per process):
    # every logged-in request checks the user's zone against it, the settings page lists it.
    timeutils.zone_names()
    timeutils.is_valid_zone("UTC")
    # The field maps and reverse relations Django builds on a model's first query.
    for model in apps.get_models():
        model._meta.get_fields()
        model._meta.fields_map  # noqa: B018
        model._meta._forward_fields_map  # noqa: B018
    _render_widgets()
    for engine in engines.all():
        for name in project_templates():
            try:
                engine.get_template(name)
            except TemplateDoesNotExist:  # another engine's folder
                continue
            except TemplateSyntaxError:
                logger.exception("warm_up: template %s does not parse", name)
