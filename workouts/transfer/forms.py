"""Forms of the /data/ import: the upload, and the review's confirm (mapping and units)."""

import re
import secrets

from django import forms

from .formats import detect
from .importer import NEW

TOKEN = re.compile(r"\A[A-Za-z0-9_-]{1,40}\Z", re.ASCII)  # goes into the progress URL


def new_token():
    return secrets.token_urlsafe(12)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text=f"A CSV or JSON export from Strong, Hevy, FitNotes or Montage, up to "
        f"{detect.MAX_LABEL}. Nothing is saved until you have reviewed it.",
    )
    token = forms.RegexField(regex=TOKEN, widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > detect.MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{detect.MAX_LABEL}. Nothing was imported."
            )
        return upload


class ConfirmForm(forms.Form):
    """One choice per exercise of the file (`map-<n>`), the units the file lacks, and for
    Montage's own export whether to take its settings."""

    weight_unit = forms.ChoiceField(
        label="The file's weights are in",
        widget=forms.RadioSelect,
        choices=[("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")],
        error_messages={
            "required": "Choose kg or lb: the file does not say, and Montage will not guess."
        },
    )
    distance_unit = forms.ChoiceField(
        label="The file's distances are in",
        widget=forms.RadioSelect,
        choices=[("km", "Kilometres (km)"), ("mi", "Miles (mi)")],
        error_messages={
            "required": "Choose km or miles: the file does not say, and Montage will not guess."
        },
    )
    adopt_profile = forms.BooleanField(
        label="Also take the file's settings (units, time zone, first day of the week)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, summary, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        if not summary.get("needs_weight_unit"):
            del self.fields["weight_unit"]
        if not summary.get("needs_distance_unit"):
            del self.fields["distance_unit"]
        if not summary.get("has_profile"):
            del self.fields["adopt_profile"]
        builtin = [(str(e.pk), e.name) for e in exercises if e.owner_id is None]
        own = [(str(e.pk), e.name) for e in exercises if e.owner_id is not None]
        choices = [(NEW, "Create as my own exercise"), ("Catalogue", builtin)]
        if own:
            choices.append(("My exercises", own))
        self.rows = []
        for number, item in enumerate(summary.get("exercises", [])):
            name = f"map-{number}"
            self.fields[name] = forms.ChoiceField(
                label=f"Montage exercise for “{item['name']}”",
                choices=choices,
                initial=str(item["match_id"]) if item["match_id"] else NEW,
            )
            self.rows.append((item, name))

    def mapping(self, summary):
        mapping = {}
        for number, item in enumerate(summary.get("exercises", [])):
            choice = self.cleaned_data[f"map-{number}"]
            mapping[item["key"]] = NEW if choice == NEW else int(choice)
        return mapping

    def map_fields(self):
        return [(item, self[name]) for item, name in self.rows]
