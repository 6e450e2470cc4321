"""Montage's tables. Everything is stored in SI units (kg, metres, seconds) and UTC."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from workouts.rules import measures, timeutils


class Style(models.TextChoices):
    NATURAL = "natural", "Siberian natural"
    HIGH_TECH = "high_tech", "Drago high-tech"
    BOTH = "both", "Both"


class Category(models.TextChoices):
    STRENGTH = "strength", "Strength"
    CONDITIONING = "conditioning", "Conditioning"
    CARDIO = "cardio", "Cardio"
    BOXING = "boxing", "Boxing"
    MOBILITY = "mobility", "Mobility"


class Profile(models.Model):
    class WeightUnit(models.TextChoices):
        KG = "kg", "Kilograms (kg)"
        LB = "lb", "Pounds (lb)"

    class DistanceUnit(models.TextChoices):
        KM = "km", "Kilometres (km)"
        MI = "mi", "Miles (mi)"

    class WeekStart(models.IntegerChoices):
        MONDAY = 0, "Monday"
        SUNDAY = 6, "Sunday"
        SATURDAY = 5, "Saturday"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    weight_unit = models.CharField(max_length=2, choices=WeightUnit, default=WeightUnit.KG)
    distance_unit = models.CharField(max_length=2, choices=DistanceUnit, default=DistanceUnit.KM)
    time_zone = models.CharField(max_length=64, default="UTC")
    week_start = models.PositiveSmallIntegerField(choices=WeekStart, default=WeekStart.MONDAY)
    default_rest_s = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(0), MaxValueValidator(3600)]
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The plate step plan targets round to, in the user's weight unit; empty: 2.5 kg / 5 lb.
    load_step = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.1), MaxValueValidator(50)]
    )

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def zone(self):
        return timeutils.zone_of(self.time_zone)

    def regenerate_calendar_token(self):
        self.calendar_token = secrets.token_urlsafe(32)


class ExerciseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Built-in exercises plus the user's own."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def builtin(self):
        return self.filter(owner__isnull=True)


class Exercise(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exercises",
    )
    # NULL for custom exercises: the slug is unique among built-ins only.
    slug = models.SlugField(max_length=80, null=True, blank=True)  # noqa: DJ001
    name = models.CharField(max_length=80)
    style = models.CharField(max_length=10, choices=Style, default=Style.BOTH)
    category = models.CharField(max_length=12, choices=Category, default=Category.STRENGTH)
    equipment = models.CharField(max_length=60, blank=True)
    howto = models.TextField(blank=True)
    measures_reps = models.BooleanField(default=True)
    measures_load = models.BooleanField(default=False)
    measures_duration = models.BooleanField(default=False)
    measures_distance = models.BooleanField(default=False)
    reads_force = models.BooleanField("punch force (psi)", default=False)
    reads_power = models.BooleanField("power (watts)", default=False)
    reads_heart_rate = models.BooleanField("heart rate (bpm)", default=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(owner__isnull=True),
                name="builtin_exercise_slug_unique",
            ),
            # Case-insensitively: "Sled drag" and "sled DRAG" are one exercise to its owner.
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                condition=Q(owner__isnull=False),
                name="custom_exercise_name_unique_ci",
                violation_error_message="You already have an exercise with this name.",
            ),
            models.CheckConstraint(
                condition=Q(measures_reps=True)
                | Q(measures_load=True)
                | Q(measures_duration=True)
                | Q(measures_distance=True),
                name="exercise_measures_something",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workouts:exercise-detail", args=[self.pk])

    @property
    def is_builtin(self):
        return self.owner_id is None

    @property
    def measure_names(self):
        return [m.name for m in measures.measures() if getattr(self, m.exercise_flag)]

    @property
    def reading_names(self):
        return [m.name for m in measures.readings() if getattr(self, m.exercise_flag)]


class PlanQuerySet(models.QuerySet):
    def themed(self):
        return self.filter(owner__isnull=True)

    def visible_to(self, user):
        """The themed plans, plus the user's own (anonymous: the themed ones)."""
        if user is None or not user.is_authenticated:
            return self.themed()
        return self.filter(Q(owner__isnull=True) | Q(owner=user))


class Plan(models.Model):
    """A themed plan (no owner, shipped as data) or a user's own (copied or built)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plans",
    )
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    style = models.CharField(max_length=10, choices=Style)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    weeks = models.PositiveSmallIntegerField(default=6)
    week_focus = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workouts:plan-detail", args=[self.slug])

    @property
    def length_days(self):
        return self.weeks * 7

    @property
    def is_themed(self):
        return self.owner_id is None


class PlanDay(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="days")
    week = models.PositiveSmallIntegerField()
    day = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(7)])
    title = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    rest_day = models.BooleanField(default=False)  # a named rest day: nothing to train or miss

    class Meta:
        ordering = ["plan", "week", "day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "week", "day"], name="plan_day_unique"),
        ]

    def __str__(self):
        return f"{self.plan.name} W{self.week}D{self.day}: {self.title}"

    @property
    def offset(self):
        """Days from the plan's first day (0-based)."""
        return (self.week - 1) * 7 + (self.day - 1)


class CurrentPlanItems(models.Manager):
    """The items a plan prescribes now (`day.items` too); retired ones stay for past sessions."""

    def get_queryset(self):
        return super().get_queryset().filter(current=True)


class PlanItem(models.Model):
    """One exercise of a plan day. `key` names it across catalogue reloads (its exercise's slug,
    `-2` for a second one that day, unless the plan file gives a key). A reload that changes
    an item which sessions were started from retires it (`current=False`; still their target)
    and adds a new one, so a past session's target never changes or points elsewhere."""

    day = models.ForeignKey(PlanDay, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=100, default="")
    current = models.BooleanField(default=True)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(default=1)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_s = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    load_kg = models.FloatField(null=True, blank=True)
    intensity = models.CharField(max_length=40, blank=True)
    rest_s = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    # Own plans (workouts.rules.progression): reps..reps_max is a rep range; the load rule says
    # what the load is (empty: read from load_kg and the intensity, as the themed plans write
    # it); the progression says how it moves week to week.
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    load_rule = models.CharField(max_length=10, blank=True, default="")
    load_percent = models.FloatField(null=True, blank=True)  # of the e1RM
    progression = models.CharField(max_length=12, blank=True, default="")
    progression_amount = models.FloatField(default=0)  # kg, or percent
    deload_week = models.PositiveSmallIntegerField(null=True, blank=True)
    deload_percent = models.FloatField(default=60)

    objects = CurrentPlanItems()  # PlanItem._base_manager (an entry's plan_item) sees all

    class Meta:
        ordering = ["day", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "key"], condition=Q(current=True), name="plan_item_key_unique"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} x{self.sets}"

    @property
    def load_rule_value(self):
        """This item's load as a `progression.LoadRule`."""
        from workouts.rules import progression

        if not self.load_rule:
            return progression.rule_from_intensity(self.intensity, self.load_kg)
        value = self.load_kg if self.load_rule == progression.ABSOLUTE else self.load_percent
        return progression.LoadRule(self.load_rule, value)

    @property
    def progression_value(self):
        from workouts.rules import progression

        return progression.Progression(
            self.progression, self.progression_amount or 0.0, self.deload_week, self.deload_percent
        )


class EnrolmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED])


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Left"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="enrolments")
    start_date = models.DateField()
    fight_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    paused_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # "Run it back": {item key: kg}, the loads the previous cycle ended on (progression Facts).
    start_loads = models.JSONField(default=dict, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["active", "paused"]),
                name="one_current_enrolment_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.plan} from {self.start_date}"


class SkippedDay(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="skipped")
    plan_day = models.ForeignKey(PlanDay, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "plan_day"], name="skip_once"),
        ]

    def __str__(self):
        return f"Skipped {self.plan_day_id} of enrolment {self.enrolment_id}"


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def finished(self):
        return self.filter(finished_at__isnull=False)


class WorkoutSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sessions"
    )
    title = models.CharField(max_length=120)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    rpe = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    style = models.CharField(max_length=10, choices=Style, blank=True)
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    plan_day = models.ForeignKey(
        PlanDay, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Derived at write time (`logbook.actions`, kept true when the user's zone changes): the
    # local date of its start in the user's zone, and its length in minutes once finished. The
    # dashboard reads them instead of converting every session's timestamps on every request.
    local_date = models.DateField(null=True, blank=True, editable=False)
    minutes = models.FloatField(null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            models.Index(fields=["enrolment", "plan_day"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                name="session_finishes_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=1, rpe__lte=10), name="session_rpe_range"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workouts:session-detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def duration_s(self):
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds())

    def stamp(self, zone):
        """Sets the derived `local_date` and `minutes` from the times, in the user's `zone`."""
        self.local_date, self.minutes = local_fields(self.started_at, self.finished_at, zone)
        return self


def local_fields(started_at, finished_at, zone):
    """(local date of the start in `zone`, minutes from start to finish or None)."""
    minutes = None if finished_at is None else (finished_at - started_at).total_seconds() / 60
    return timeutils.local_date(started_at, zone), minutes


class SessionExercise(models.Model):
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="entries")
    note = models.TextField(blank=True)  # about this exercise in this session (e.g. imported)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        PlanItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.exercise} in {self.session}"


class LoggedSet(models.Model):
    class Kind(models.TextChoices):
        WORKING = "working", "Working set"
        WARMUP = "warmup", "Warm-up"
        DROP = "drop", "Drop set"
        FAILURE = "failure", "To failure"

    entry = models.ForeignKey(SessionExercise, on_delete=models.CASCADE, related_name="sets")
    # Denormalised for record and statistics queries without joins.
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="sets")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)
    reps = models.PositiveIntegerField(null=True, blank=True)
    load_kg = models.FloatField(null=True, blank=True)
    duration_s = models.PositiveIntegerField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    force_psi = models.PositiveIntegerField(null=True, blank=True)
    power_w = models.PositiveIntegerField(null=True, blank=True)
    heart_rate_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    is_warmup = models.BooleanField(default=False)
    # is_warmup is the warm-up flag every query reads; kind says more and agrees with it
    # (save() keeps them in step, a constraint guards bulk writes).
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.WORKING)
    note = models.CharField(max_length=1000, blank=True)
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["user", "exercise", "logged_at"]),
            models.Index(fields=["user", "logged_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="set_position_unique"),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0), name="set_load_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(distance_m__isnull=True) | Q(distance_m__gte=0),
                name="set_distance_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_warmup=True, kind="warmup")
                | (Q(is_warmup=False) & ~Q(kind="warmup")),
                name="set_kind_matches_warmup",
            ),
        ]

    def __str__(self):
        return f"Set {self.position} of {self.exercise}"

    def save(self, *args, **kwargs):
        self.sync_kind()
        super().save(*args, **kwargs)

    def sync_kind(self):
        """The kind follows the warm-up flag (the two are one fact, held in step)."""
        if self.is_warmup:
            self.kind = self.Kind.WARMUP
        elif self.kind == self.Kind.WARMUP:
            self.kind = self.Kind.WORKING
        return self.kind

    @property
    def volume_kg(self):
        if self.is_warmup or not self.reps or not self.load_kg:
            return 0.0
        return self.reps * self.load_kg


class PersonalRecord(models.Model):
    """A set that beat the user's previous best of one kind for one exercise, when logged.

    The newest row of a (user, exercise, kind) is the current record. Rows are rebuilt for an
    exercise whenever one of its sets is edited or deleted, so a row never points at a set that
    no longer holds it.
    """

    class Kind(models.TextChoices):
        HEAVIEST = "heaviest", "Heaviest load"
        E1RM = "e1rm", "Best estimated 1RM"
        REPS = "reps", "Most reps"
        SET_VOLUME = "set_volume", "Best set volume"
        DISTANCE = "distance", "Longest distance"
        DURATION = "duration", "Longest duration"
        PACE = "pace", "Fastest pace"
        FORCE = "force", "Highest punch force"
        POWER = "power", "Highest power"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="records"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    logged_set = models.ForeignKey(LoggedSet, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=12, choices=Kind)
    value = models.FloatField()
    achieved_at = models.DateTimeField()

    class Meta:
        ordering = ["-achieved_at"]
        indexes = [
            models.Index(fields=["user", "exercise", "kind"]),
            models.Index(fields=["user", "-achieved_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["logged_set", "kind"], name="record_once_per_set"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value} on {self.exercise}"


class Quote(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    speaker = models.CharField(max_length=80)
    scene = models.CharField(max_length=200)
    confidence = models.CharField(max_length=10)
    rule = models.CharField(max_length=40, unique=True)
    hint = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"“{self.text}” ({self.speaker})"


class QuoteUnlock(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unlocks"
    )
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="unlocks")
    unlocked_at = models.DateTimeField()
    session = models.ForeignKey(
        WorkoutSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-unlocked_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quote"], name="unlock_once"),
        ]

    def __str__(self):
        return f"{self.quote_id} unlocked by {self.user_id}"


class BodyWeight(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_weights"
    )
    date = models.DateField()
    weight_kg = models.FloatField(validators=[MinValueValidator(20), MaxValueValidator(400)])

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_weight_per_day"),
        ]

    def __str__(self):
        return f"{self.weight_kg} kg on {self.date}"


class SessionSummary(models.Model):
    """Totals of one session's sets, kept for the dashboard (a roll-up, rebuilt on every write).

    `dashboard.rollups.refresh_session_summary()` recomputes a row from the session's sets; the
    dashboard then reads one row per session instead of every set. A session without sets has no
    row, which reads as zero.
    """

    session = models.OneToOneField(
        WorkoutSession, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    volume_kg = models.FloatField(default=0)  # sum of reps x load over working sets
    distance_m = models.FloatField(default=0)  # over working sets (warm-ups count for nothing)
    set_count = models.PositiveIntegerField(default=0)  # working sets

    def __str__(self):
        return f"Totals of session {self.session_id}"


class EntrySummary(models.Model):
    """The best values of one exercise's working sets in one session (a roll-up for the
    dashboard's progress chart), rebuilt with its session's `SessionSummary`."""

    entry = models.OneToOneField(
        SessionExercise, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    session = models.ForeignKey(WorkoutSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()  # when its first working set was logged
    set_count = models.PositiveIntegerField(default=0)
    e1rm_kg = models.FloatField(null=True)
    top_load_kg = models.FloatField(null=True)
    pace_s_per_m = models.FloatField(null=True)  # fastest: fewest seconds per metre
    distance_m = models.FloatField(null=True)
    duration_s = models.PositiveIntegerField(null=True)
    reps = models.PositiveIntegerField(null=True)
    force_psi = models.PositiveIntegerField(null=True)
    power_w = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["user", "exercise", "at"])]

    def __str__(self):
        return f"Bests of entry {self.entry_id}"


class ExerciseBests(models.Model):
    """A user's best value of each record kind for one exercise over all their working sets
    (`records.merge_bests` over the history, baselines included: the first value of a kind is
    a best but not a record, so `PersonalRecord` alone cannot say it). Derived data: written by
    `logbook.records_store` under the lock order, so saving a set compares against one row
    instead of aggregating the exercise's whole history. No row: no working set with a value."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)  # {kind: best value}, kinds of `rules.records`

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="bests_once_per_exercise"),
        ]

    def __str__(self):
        return f"Bests of {self.user_id} at {self.exercise_id}"


# ---------- the JSON API (workouts/api/) ----------


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once.

    A token reads the user's data; with `can_write` it also writes. Deleting the row revokes it.
    """

    PREFIX = "mtg_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)  # the secret's first characters, to tell tokens apart
    can_write = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"API token {self.name!r} of {self.user_id}"

    @property
    def scope(self):
        return "read+write" if self.can_write else "read"

    @staticmethod
    def hash(secret):
        import hashlib

        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name, *, can_write):
        """A new token and its secret (the only time the secret exists in clear)."""
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, can_write=can_write, key_hash=cls.hash(secret), hint=secret[:10]
        )
        return token, secret


class IdempotencyKey(models.Model):
    """A create request made with an Idempotency-Key: the same key again replays its result.

    Unique per (user, key): of two identical requests at once, the second waits on the first's
    insert and then replays it (PostgreSQL), or waits for the write lock (SQLite).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once"),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"Idempotency key {self.key} of {self.user_id}"


from .transfer.models import ImportedWorkout, PendingImport  # noqa: E402, F401  (registered here)
