"""Stores at write time what pages derived per request (issue 15): each session's local date and
minutes in its user's zone (`WorkoutSession.local_date`, `.minutes`), and each exercise's bests
(`ExerciseBests`), which a new set is compared against instead of aggregating its exercise's whole
history. Fills both from the existing data with the live rules (`workouts.rules`, pure)."""

import zoneinfo
from collections import defaultdict

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from workouts.rules import records, timeutils

    Profile = apps.get_model("workouts", "Profile")
    WorkoutSession = apps.get_model("workouts", "WorkoutSession")
    LoggedSet = apps.get_model("workouts", "LoggedSet")
    ExerciseBests = apps.get_model("workouts", "ExerciseBests")

    zones = {
        user_id: timeutils.zone_of(name)
        for user_id, name in Profile.objects.values_list("user_id", "time_zone")
    }
    utc = zoneinfo.ZoneInfo("UTC")
    batch = []
    for session in WorkoutSession.objects.only("pk", "user_id", "started_at", "finished_at"):
        zone = zones.get(session.user_id, utc)
        session.local_date = timeutils.local_date(session.started_at, zone)
        session.minutes = (
            None
            if session.finished_at is None
            else (session.finished_at - session.started_at).total_seconds() / 60
        )
        batch.append(session)
        if len(batch) >= 1000:
            WorkoutSession.objects.bulk_update(batch, ["local_date", "minutes"])
            batch = []
    WorkoutSession.objects.bulk_update(batch, ["local_date", "minutes"])

    # Bests: the rules' running bests over each (user, exercise) history, in its record order.
    bests = defaultdict(dict)
    history = (
        LoggedSet.objects.filter(is_warmup=False)
        .order_by("user_id", "exercise_id", "logged_at", "session__started_at", "position", "id")
        .values_list(
            "user_id", "exercise_id", "reps", "load_kg", "duration_s", "distance_m",
            "force_psi", "power_w",
        )
    )
    for user_id, exercise_id, reps, load, duration, distance, force, power in history.iterator(
        chunk_size=2000
    ):
        key = (user_id, exercise_id)
        bests[key] = records.merge_bests(
            bests[key],
            records.SetValues(
                reps=reps, load_kg=load, duration_s=duration, distance_m=distance,
                force_psi=force, power_w=power,
            ),
        )
    ExerciseBests.objects.bulk_create(
        [
            ExerciseBests(user_id=user_id, exercise_id=exercise_id, values=values)
            for (user_id, exercise_id), values in bests.items()
            if values
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0008_user_plans"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="workoutsession",
            name="local_date",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="workoutsession",
            name="minutes",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name="ExerciseBests",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("values", models.JSONField(default=dict)),
                (
                    "exercise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="workouts.exercise",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "exercise"), name="bests_once_per_exercise"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
