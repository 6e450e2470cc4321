from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from workouts.forms.exercises import ExerciseFilterForm, ExerciseForm
from workouts.logbook import reads

from ..models import Exercise
from ..responses import page_or_partial


def visible_exercise_or_404(user, pk):
    return get_object_or_404(Exercise.objects.visible_to(user), pk=pk)


def own_exercise_or_404(user, pk):
    exercise = visible_exercise_or_404(user, pk)
    if exercise.owner_id != user.pk:
        raise Http404("Built-in exercises are read-only.")
    return exercise


@login_required
@require_GET
def exercise_list(request):
    form = ExerciseFilterForm(request.GET or None)
    exercises = form.filter(Exercise.objects.visible_to(request.user))
    return page_or_partial(
        request,
        "workouts/exercise_list.html",
        "exercise-results",
        {"form": form, "exercises": exercises},
    )


@login_required
@require_GET
def exercise_detail(request, pk):
    exercise = visible_exercise_or_404(request.user, pk)
    return render(
        request,
        "workouts/exercise_detail.html",
        {
            "exercise": exercise,
            "bests": reads.exercise_bests(request.user, exercise),
            "history": reads.exercise_history(request.user, exercise, request.GET.get("page")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exercise_create(request):
    form = ExerciseForm(request.POST or None, owner=request.user)
    if request.method == "POST":
        exercise = form.save_unless_name_taken() if form.is_valid() else None
        if exercise is not None:
            messages.success(request, f"“{exercise.name}” added to your exercises.")
            return redirect(exercise)
        return render(request, "workouts/exercise_form.html", {"form": form}, status=422)
    return render(request, "workouts/exercise_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def exercise_edit(request, pk):
    exercise = own_exercise_or_404(request.user, pk)
    form = ExerciseForm(request.POST or None, instance=exercise, owner=request.user)
    if request.method == "POST":
        if form.is_valid() and form.save_unless_name_taken() is not None:
            messages.success(request, "Exercise saved.")
            return redirect(exercise)
        return render(
            request, "workouts/exercise_form.html", {"form": form, "exercise": exercise}, status=422
        )
    return render(request, "workouts/exercise_form.html", {"form": form, "exercise": exercise})


@login_required
@require_http_methods(["GET", "POST"])
def exercise_delete(request, pk):
    exercise = own_exercise_or_404(request.user, pk)
    if request.method == "POST":
        return _delete(request, exercise)
    return render(request, "workouts/exercise_confirm_delete.html", {"exercise": exercise})


def _delete(request, exercise):
    try:
        exercise.delete()
    except ProtectedError:
        messages.error(
            request,
            f"“{exercise.name}” has logged sets, so it cannot be deleted "
            "(or it is in one of your plans: take it out of the plan first).",
        )
        return redirect(exercise)
    messages.success(request, f"“{exercise.name}” deleted.")
    return redirect("workouts:exercise-list")
