"""Pages whose features land in later issues; each says honestly what is coming."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


def _page(title, blurb):
    @login_required
    @require_GET
    def view(request):
        return render(request, "workouts/coming_soon.html", {"title": title, "blurb": blurb})

    return view


session_list = _page("Training log", "Logging sessions and sets is coming next.")
dashboard = _page("Dashboard", "Charts of your progress arrive once you have logged sessions.")
quotes = _page("Quotes", "Movie quotes unlock as you train; the gallery is on its way.")
