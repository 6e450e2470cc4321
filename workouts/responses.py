"""How the server answers the page: the whole page or one of its regions, and what to tell the user.

- `page_or_partial` is the one place a fragment is chosen: the full page for a plain request, the
  region the htmx request targets (its element id) when a page has several, else its main one.
  `Vary` is patched (added to), never overwritten.
- Everything the user is told (records, unlocked quotes, errors, confirmations) is a Django
  message. A full-page request shows it on the next page; an htmx one gets it out of band
  (`middleware.HtmxMessagesMiddleware`). HX-Trigger carries only the events a region or script
  listens to (`set-logged`, `set-changed`), never text for the user.
"""

from django.contrib import messages
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event


def wants_fragment(request):
    """An htmx request that swaps a fragment. Not a boosted one, and not htmx restoring a page
    from history (Back to a pushed URL), which needs the whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def region(request, regions):
    """Which of `regions` (partial names, equal to their element ids) this htmx request targets,
    or None: a plain request, or a target that is none of them."""
    if not wants_fragment(request):
        return None
    target = request.htmx.target
    return target if target in regions else None


def page_or_partial(request, template, partial, context, status=200):
    """The full page for a plain request; for an htmx one, a partial of it.

    `partial` is the region's name, or a sequence of them where the page has several: the one
    the request targets is rendered, else the first. None renders the whole page.
    """
    if partial is None or not wants_fragment(request):
        name = template
    elif isinstance(partial, str):
        name = f"{template}#{partial}"
    else:
        name = f"{template}#{region(request, partial) or partial[0]}"
    response = render(request, name, context, status=status)
    vary = (
        ("HX-Request",)
        if partial is None or isinstance(partial, str)
        else ("HX-Request", "HX-Target")
    )
    patch_vary_headers(response, vary)
    return response


def fragment(request, template, partial, context, status=200):
    """Only a partial, for a view that answers htmx alone with it (a plain request was
    redirected before getting here)."""
    response = render(request, f"{template}#{partial}", context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def announce(response, event, payload=None):
    """Adds an htmx client event (HX-Trigger) that a region (hx-trigger) or script listens to."""
    return trigger_client_event(response, event, payload or {})


def remember_outcome(request, outcome):
    """Records and unlocked quotes become messages: on the next page for a full-page request,
    out of band in the htmx response otherwise."""
    record_names = [r.get_kind_display() for r in outcome.new_records]
    if record_names:
        messages.success(
            request, "New record: " + ", ".join(record_names) + ".", extra_tags="record"
        )
    for quote in outcome.unlocked_quotes:
        # The message carries its own markup (line, speaker, link to the gallery); the
        # template escapes the quote's text.
        body = render_to_string("workouts/_quote_toast.html", {"quote": quote}, request)
        messages.success(request, body, extra_tags="quote")
