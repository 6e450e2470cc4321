"""The quotes gallery: what the user has unlocked, and honest hints for the rest."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Quote, QuoteUnlock


@login_required
@require_GET
def gallery(request):
    unlocks = {
        unlock.quote_id: unlock
        for unlock in QuoteUnlock.objects.filter(user=request.user).select_related("session")
    }
    unlocked, locked = [], []
    for quote in Quote.objects.all():
        quote.unlock = unlocks.get(quote.pk)
        (unlocked if quote.unlock else locked).append(quote)
    unlocked.sort(key=lambda quote: quote.unlock.unlocked_at, reverse=True)
    return render(
        request,
        "workouts/quotes.html",
        {
            "unlocked": unlocked,
            "locked": locked,
            "unlocked_count": len(unlocked),
            "total": len(unlocked) + len(locked),
        },
    )
