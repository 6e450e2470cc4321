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
    plan_editor,
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
    path("sessions/<int:pk>/repeat/", logbook.session_repeat, name="session-repeat"),
    path("sessions/from-plan-day/", logbook.session_from_day, name="session-from-day"),
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
    path("plans/new/", plan_editor.plan_new, name="plan-new"),
    path("plans/import/", plan_editor.plan_import, name="plan-import"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan-detail"),
    path("plans/<slug:slug>/copy/", plan_editor.plan_copy, name="plan-copy"),
    path("plans/<slug:slug>/edit/", plan_editor.plan_edit, name="plan-edit"),
    path("plans/<slug:slug>/delete/", plan_editor.plan_delete, name="plan-delete"),
    path("plans/<slug:slug>/export.json", plan_editor.plan_export, name="plan-export"),
    path("plans/<slug:slug>/weeks/add/", plan_editor.week_add, name="plan-week-add"),
    path(
        "plans/<slug:slug>/weeks/duplicate/", plan_editor.week_duplicate, name="plan-week-duplicate"
    ),
    path("plans/<slug:slug>/weeks/remove/", plan_editor.week_remove, name="plan-week-remove"),
    path("plans/<slug:slug>/days/new/", plan_editor.day_new, name="plan-day-new"),
    path("plan-days/<int:pk>/edit/", plan_editor.day_edit, name="plan-day-edit"),
    path("plan-days/<int:pk>/duplicate/", plan_editor.day_duplicate, name="plan-day-duplicate"),
    path("plan-days/<int:pk>/remove/", plan_editor.day_remove, name="plan-day-remove"),
    path("plan-days/<int:pk>/move/", plan_editor.day_move, name="plan-day-move"),
    path("plan-days/<int:pk>/items/new/", plan_editor.item_new, name="plan-item-new"),
    path("plan-items/<int:pk>/edit/", plan_editor.item_edit, name="plan-item-edit"),
    path("plan-items/<int:pk>/remove/", plan_editor.item_remove, name="plan-item-remove"),
    path("plan-items/<int:pk>/move/", plan_editor.item_move, name="plan-item-move"),
    path("plans/<slug:slug>/enrol/", enrolment.plan_enrol, name="plan-enrol"),
    path("enrolments/<int:pk>/pause/", enrolment.enrolment_pause, name="enrolment-pause"),
    path("enrolments/<int:pk>/resume/", enrolment.enrolment_resume, name="enrolment-resume"),
    path("enrolments/<int:pk>/restart/", enrolment.enrolment_restart, name="enrolment-restart"),
    path("enrolments/<int:pk>/leave/", enrolment.enrolment_leave, name="enrolment-leave"),
    path("enrolments/<int:pk>/run-it-back/", enrolment.run_it_back, name="enrolment-run-back"),
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
