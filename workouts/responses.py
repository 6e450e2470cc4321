"""Page-or-partial rendering and htmx event helpers."""

from django.contrib import messages
from django.shortcuts import render
from django_htmx.http import trigger_client_event


def wants_fragment(request):
    """An htmx request that swaps a fragment. Not a boosted one, and not htmx restoring a page
    from history (Back to a pushed URL), which needs the whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def page_or_partial(request, template, partial, context, status=200):
    """The full page for a normal request, only `partial` for an htmx one."""
    name = f"{template}#{partial}" if wants_fragment(request) else template
    response = render(request, name, context, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


def announce(response, event, payload=None):
    """Adds an htmx client event (HX-Trigger) to a response."""
    return trigger_client_event(response, event, payload or {})



def remember_outcome(request, outcome):
    """A full-page request: records and unlocked quotes become messages on the next page."""
    record_names = [r.get_kind_display() for r in outcome.new_records]
    if record_names:
        messages.success(request, "New record: " + ", ".join(record_names) + ".")
    for quote in outcome.unlocked_quotes:
        messages.success(request, f"Quote unlocked: “{quote.text}” ({quote.speaker})")


def announce_outcome(request, response, outcome, *, events=()):
    """Tells the page what an action achieved.

    htmx: client events through HX-Trigger (`set-logged`, `record-broken`, `quote-unlocked`,
    plus any names in `events`). Full page: Django messages, shown on the next page.
    """
    if not request.htmx:
        remember_outcome(request, outcome)
        return response
    for event in events:
        name, payload = event if isinstance(event, tuple) else (event, {})
        trigger_client_event(response, name, payload)
    if outcome.new_records:
        trigger_client_event(response, "record-broken", {
            "records": [r.get_kind_display() for r in outcome.new_records]})
    if outcome.unlocked_quotes:
        trigger_client_event(response, "quote-unlocked", {"quotes": [
            {"text": q.text, "speaker": q.speaker} for q in outcome.unlocked_quotes]})
    return response
