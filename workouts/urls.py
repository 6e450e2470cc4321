from django.urls import path

from .api import token_views
from .transfer import views as transfer_views
from .views import (
    accounts,
    bodyweight,
    calendar,
    dashboard,
    enrolment,
    exercises,
    logbook,
    plans,
    quotes,
    transfer_export,
)
from .views import today as today_views

app_name = "workouts"

urlpatterns = [
    path("today/", today_views.today, name="today"),
    path("settings/", accounts.settings_view, name="settings"),
    path("exercises/", exercises.exercise_list, name="exercise-list"),
    path("exercises/new/", exercises.exercise_create, name="exercise-create"),
    path("exercises/<int:pk>/", exercises.exercise_detail, name="exercise-detail"),
    path("exercises/<int:pk>/edit/", exercises.exercise_edit, name="exercise-edit"),
    path("exercises/<int:pk>/delete/", exercises.exercise_delete, name="exercise-delete"),
    path("sessions/", logbook.session_list, name="session-list"),
    path("sessions/new/", logbook.session_new, name="session-new"),
    path("sessions/<int:pk>/", logbook.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", logbook.session_edit, name="session-edit"),
    path("sessions/<int:pk>/finish/", logbook.session_finish, name="session-finish"),
    path("sessions/<int:pk>/delete/", logbook.session_delete, name="session-delete"),
    path("sessions/<int:pk>/exercises/", logbook.exercise_add, name="entry-add"),
    path("entries/<int:pk>/delete/", logbook.exercise_remove, name="entry-delete"),
    path("entries/<int:pk>/sets/", logbook.set_add, name="set-add"),
    path("sets/<int:pk>/edit/", logbook.set_edit, name="set-edit"),
    path("sets/<int:pk>/delete/", logbook.set_delete, name="set-delete"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("bodyweight/", bodyweight.bodyweight, name="bodyweight"),
    path("bodyweight/<int:pk>/delete/", bodyweight.bodyweight_delete, name="bodyweight-delete"),
    path("quotes/", quotes.gallery, name="quotes"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan-detail"),
    path("plans/<slug:slug>/enrol/", enrolment.plan_enrol, name="plan-enrol"),
    path("enrolments/<int:pk>/pause/", enrolment.enrolment_pause, name="enrolment-pause"),
    path("enrolments/<int:pk>/resume/", enrolment.enrolment_resume, name="enrolment-resume"),
    path("enrolments/<int:pk>/restart/", enrolment.enrolment_restart, name="enrolment-restart"),
    path("enrolments/<int:pk>/leave/", enrolment.enrolment_leave, name="enrolment-leave"),
    path("enrolments/<int:pk>/complete/", enrolment.enrolment_complete, name="enrolment-complete"),
    path(
        "enrolments/<int:pk>/days/<int:day_pk>/start/",
        enrolment.plan_day_start,
        name="plan-day-start",
    ),
    path(
        "enrolments/<int:pk>/days/<int:day_pk>/skip/", enrolment.plan_day_skip, name="plan-day-skip"
    ),
    path(
        "enrolments/<int:pk>/days/<int:day_pk>/link/", enrolment.plan_day_link, name="plan-day-link"
    ),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
    path("settings/calendar/", calendar.calendar_token, name="calendar-token"),
    path("data/", transfer_views.data_page, name="data"),
    path("data/imports/<int:pk>/", transfer_views.import_review, name="import-review"),
    path("data/imports/<int:pk>/confirm/", transfer_views.import_confirm, name="import-confirm"),
    path("data/imports/<int:pk>/discard/", transfer_views.import_discard, name="import-discard"),
    path("data/progress/<slug:token>/", transfer_views.import_progress, name="import-progress"),
    path("settings/delete/", transfer_export.account_delete, name="account-delete"),
    path("data/export.json", transfer_export.export_json, name="export-json"),
    path("data/export.csv", transfer_export.export_csv, name="export-csv"),
    path("settings/api-tokens/", token_views.token_create, name="api-token-create"),
    path("settings/api-tokens/<int:pk>/revoke/", token_views.token_revoke, name="api-token-revoke"),
]
