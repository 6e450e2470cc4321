"""Tables of the import: uploads waiting for review, and the keys of imported workouts.

Imported from `workouts.models` so Django registers them with the `workouts` app.
"""

from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """A parsed upload owned by one user, waiting on the review screen.

    `payload` is the parsed file (`formats.base.Parsed.to_json()`); nothing of it is written to
    the training tables until the user confirms, and then all of it in one transaction.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        DONE = "done", "Imported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20)  # strong, hevy, fitnotes, montage
    format_label = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    summary = models.JSONField(default=dict)  # small: counts, dates, exercise names, keys
    payload = models.JSONField(default=dict)  # the whole parsed file
    result = models.JSONField(default=dict, blank=True)  # counts written, once done

    class Meta:
        ordering = ["-created_at"]
        app_label = "workouts"

    def __str__(self):
        return f"{self.format_label} upload by {self.user_id}"


class ImportedWorkout(models.Model):
    """The identity of a workout brought in from a file: source + local start + title.

    A re-import skips workouts whose key is here; deleting the session deletes its key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.OneToOneField(
        "workouts.WorkoutSession", on_delete=models.CASCADE, related_name="import_key"
    )
    key = models.CharField(max_length=400)

    class Meta:
        app_label = "workouts"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="imported_workout_once"),
        ]

    def __str__(self):
        return self.key
