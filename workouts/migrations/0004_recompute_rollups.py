"""Recomputes every roll-up: 0003's backfill summed warm-up distance into SessionSummary,
which the live code (stats.py) leaves out. The same sums as stats.py, on historical models."""

from django.db import migrations


def recompute(apps, schema_editor):
    from django.db.models import Case, Count, F, FloatField, Max, Min, Q, Sum, When
    from django.db.models.functions import Coalesce

    LoggedSet = apps.get_model("workouts", "LoggedSet")
    SessionSummary = apps.get_model("workouts", "SessionSummary")
    EntrySummary = apps.get_model("workouts", "EntrySummary")
    working, load = Q(is_warmup=False), Q(load_kg__gt=0)
    volume = Case(When(working & Q(reps__gt=0) & load, then=F("reps") * F("load_kg")),
                  output_field=FloatField())
    totals = LoggedSet.objects.values("session_id").annotate(
        volume_kg=Coalesce(Sum(volume), 0.0),
        distance_m=Coalesce(Sum("distance_m", filter=working), 0.0),
        set_count=Count("id", filter=working)).order_by()
    SessionSummary.objects.all().delete()
    SessionSummary.objects.bulk_create([SessionSummary(**row) for row in totals], batch_size=500)
    e1rm = Case(When(load & Q(reps=1), then=F("load_kg")),
                When(load & Q(reps__gte=2, reps__lte=12),
                     then=F("load_kg") * (1 + F("reps") / 30.0)), output_field=FloatField())
    pace = Case(When(Q(distance_m__gt=0, duration_s__gt=0),
                     then=F("duration_s") * 1.0 / F("distance_m")), output_field=FloatField())
    bests = (LoggedSet.objects.filter(working)
             .values("entry_id", "session_id", "user_id", "exercise_id")
             .annotate(at=Min("logged_at"), set_count=Count("id"), e1rm_kg=Max(e1rm),
                       top_load_kg=Max("load_kg", filter=load), pace_s_per_m=Min(pace),
                       distance_m=Max("distance_m", filter=Q(distance_m__gt=0)),
                       duration_s=Max("duration_s", filter=Q(duration_s__gt=0)),
                       reps=Max("reps"), force_psi=Max("force_psi"), power_w=Max("power_w"))
             .order_by())
    EntrySummary.objects.all().delete()
    EntrySummary.objects.bulk_create([EntrySummary(**row) for row in bests], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [("workouts", "0003_dashboard_rollups")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
