from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ..models import Plan


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("workouts:today")
    return render(request, "home.html", {"plans": Plan.objects.themed()})
