"""Django's admin, for the operator of an instance (at /admin/, staff only).

Users (with their profile), exercises and plans are edited here; sessions are read-mostly: their
sets, roll-ups and records are derived data that only `actions` may write, so the admin shows
them and offers one repair, "Rebuild roll-ups and records", on users.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User
from django.db.models import Count

from . import integrity
from .logbook import actions as logbook_actions
from .models import (
    Exercise,
    Plan,
    PlanDay,
    PlanItem,
    Profile,
    SessionExercise,
    WorkoutSession,
)

# ---------- users ----------


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["weight_unit", "distance_unit", "time_zone", "week_start", "default_rest_s"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
    actions = ["rebuild_rollups_and_records"]

    def save_related(self, request, form, formsets, change):
        """The profile inline can change the time zone: the sessions' local dates follow it."""
        super().save_related(request, form, formsets, change)
        if any("time_zone" in inline.changed_data for formset in formsets for inline in formset):
            logbook_actions.restamp_sessions(form.instance.pk)

    @admin.action(description="Rebuild roll-ups and records of the selected users")
    def rebuild_rollups_and_records(self, request, queryset):
        users = list(queryset)
        for user in users:
            integrity.rebuild_user(user)
        self.message_user(
            request,
            f"Rebuilt the roll-ups and records of {len(users)} "
            f"user{'s' if len(users) != 1 else ''}.",
            messages.SUCCESS,
        )


# ---------- exercises ----------


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "style", "category", "equipment"]
    list_filter = ["style", "category", ("owner", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "owner__username"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]


# ---------- plans ----------


class PlanDayInline(admin.TabularInline):
    model = PlanDay
    extra = 0
    fields = ["week", "day", "title", "note"]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "style", "weeks"]
    list_filter = ["style"]
    search_fields = ["name", "slug"]
    inlines = [PlanDayInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = [
        "order",
        "exercise",
        "sets",
        "reps",
        "load_kg",
        "duration_s",
        "distance_m",
        "intensity",
        "rest_s",
        "note",
    ]
    raw_id_fields = ["exercise"]


@admin.register(PlanDay)
class PlanDayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "week", "day"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [PlanItemInline]


# ---------- sessions (read-mostly) ----------


class EntryInline(admin.TabularInline):
    model = SessionExercise
    fields = ["order", "exercise", "set_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("exercise").annotate(n_sets=Count("sets"))
        )

    @admin.display(description="sets")
    def set_count(self, entry):
        return entry.n_sets

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkoutSession)
class WorkoutSessionAdmin(admin.ModelAdmin):
    """Sessions are shown, not edited: their sets and roll-ups go through `actions`."""

    list_display = ["title", "user", "started_at", "finished_at", "style", "volume_kg", "set_count"]
    list_filter = ["style", ("finished_at", admin.EmptyFieldListFilter), "started_at"]
    search_fields = ["title", "user__username"]
    date_hierarchy = "started_at"
    list_select_related = ["user", "summary"]
    fields = [
        "user",
        "title",
        "started_at",
        "finished_at",
        "style",
        "rpe",
        "notes",
        "enrolment",
        "plan_day",
        "volume_kg",
        "distance_m",
        "set_count",
        "created_at",
    ]
    readonly_fields = [
        "user",
        "started_at",
        "finished_at",
        "style",
        "enrolment",
        "plan_day",
        "volume_kg",
        "distance_m",
        "set_count",
        "created_at",
    ]
    inlines = [EntryInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a session rebuilds records: do it as the user, in the app

    @staticmethod
    def _summary(session):
        return getattr(session, "summary", None)

    @admin.display(description="volume (kg)")
    def volume_kg(self, session):
        summary = self._summary(session)
        return round(summary.volume_kg, 1) if summary else 0

    @admin.display(description="distance (m)")
    def distance_m(self, session):
        summary = self._summary(session)
        return round(summary.distance_m) if summary else 0

    @admin.display(description="working sets")
    def set_count(self, session):
        summary = self._summary(session)
        return summary.set_count if summary else 0
