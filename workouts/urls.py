from django.urls import path

from .views import accounts, exercises, home, placeholders, plans

app_name = "workouts"

urlpatterns = [
    path("today/", home.today, name="today"),
    path("settings/", accounts.settings_view, name="settings"),
    path("exercises/", exercises.exercise_list, name="exercise-list"),
    path("exercises/new/", exercises.exercise_create, name="exercise-create"),
    path("exercises/<int:pk>/", exercises.exercise_detail, name="exercise-detail"),
    path("exercises/<int:pk>/edit/", exercises.exercise_edit, name="exercise-edit"),
    path("exercises/<int:pk>/delete/", exercises.exercise_delete, name="exercise-delete"),
    path("sessions/", placeholders.session_list, name="session-list"),
    path("dashboard/", placeholders.dashboard, name="dashboard"),
    path("quotes/", placeholders.quotes, name="quotes"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", plans.plan_detail, name="plan-detail"),
]
