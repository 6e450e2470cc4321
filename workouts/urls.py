from django.urls import path

from .views import accounts, exercises, home, logbook, placeholders, plans, quotes

app_name = "workouts"

urlpatterns = [
    path("today/", home.today, name="today"),
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
    path("dashboard/", placeholders.dashboard, name="dashboard"),
    path("quotes/", quotes.gallery, name="quotes"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan-detail"),
]
