"""Constraints the code relies on, in the database: a set's position is unique in its entry;
a custom exercise name is unique per owner, case-insensitively (replacing the exact-case
constraint and the index it made redundant); plan items get a stable key (unique among a day's
current items) so reloading the catalogue never repoints a past session's target.

Existing rows are made to fit first: duplicate positions renumbered in their entry's order,
case-insensitive name twins renamed "Name (2)", keys derived as `catalogue.item_keys` does."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def make_rows_fit(apps, schema_editor):
    from collections import Counter

    from django.db.models import Count
    from django.db.models.functions import Lower

    LoggedSet = apps.get_model("workouts", "LoggedSet")
    Exercise = apps.get_model("workouts", "Exercise")
    PlanItem = apps.get_model("workouts", "PlanItem")
    crowded = (LoggedSet.objects.values("entry_id").annotate(n=Count("id"),
                                                              positions=Count("position", distinct=True))
               .filter(n__gt=1).order_by())
    for row in crowded:
        if row["n"] == row["positions"]:
            continue
        sets = list(LoggedSet.objects.filter(entry_id=row["entry_id"]).order_by("position", "id"))
        for position, logged in enumerate(sets, start=1):
            logged.position = position
        LoggedSet.objects.bulk_update(sets, ["position"])

    twins = (Exercise.objects.filter(owner__isnull=False)
             .values("owner_id", lowered=Lower("name")).annotate(n=Count("id"))
             .filter(n__gt=1).order_by())
    for row in twins:
        taken = {name.lower() for name in Exercise.objects.filter(
            owner_id=row["owner_id"]).values_list("name", flat=True)}
        same = (Exercise.objects.filter(owner_id=row["owner_id"])
                .annotate(lowered=Lower("name")).filter(lowered=row["lowered"]).order_by("id"))
        for number, exercise in enumerate(list(same)[1:], start=2):
            name = f"{exercise.name[:74]} ({number})"
            while name.lower() in taken:
                number += 1
                name = f"{exercise.name[:74]} ({number})"
            taken.add(name.lower())
            exercise.name = name
            exercise.save(update_fields=["name"])

    seen = Counter()
    items = list(PlanItem.objects.select_related("exercise").order_by("day_id", "order", "id"))
    for item in items:
        slug = item.exercise.slug or f"exercise-{item.exercise_id}"
        seen[(item.day_id, slug)] += 1
        count = seen[(item.day_id, slug)]
        item.key = slug if count == 1 else f"{slug}-{count}"
    PlanItem.objects.bulk_update(items, ["key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('workouts', '0004_recompute_rollups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='exercise',
            name='custom_exercise_name_unique',
        ),
        migrations.RemoveIndex(
            model_name='exercise',
            name='workouts_ex_owner_i_c22d94_idx',
        ),
        migrations.AddField(
            model_name='planitem',
            name='current',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='planitem',
            name='key',
            field=models.CharField(default='', max_length=100),
        ),
        migrations.RunPython(make_rows_fit, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='exercise',
            constraint=models.UniqueConstraint(models.F('owner'), django.db.models.functions.text.Lower('name'), condition=models.Q(('owner__isnull', False)), name='custom_exercise_name_unique_ci', violation_error_message='You already have an exercise with this name.'),
        ),
        migrations.AddConstraint(
            model_name='loggedset',
            constraint=models.UniqueConstraint(fields=('entry', 'position'), name='set_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='planitem',
            constraint=models.UniqueConstraint(condition=models.Q(('current', True)), fields=('day', 'key'), name='plan_item_key_unique'),
        ),
    ]
