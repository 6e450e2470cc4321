"""Page-or-partial rendering and htmx event helpers."""

import json

from django.shortcuts import render
from django_htmx.http import trigger_client_event


def page_or_partial(request, template, partial, context, status=200):
    """The full page for a normal request, only `partial` for an htmx one."""
    name = f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template
    response = render(request, name, context, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


def announce(response, event, payload=None):
    """Adds an htmx client event (HX-Trigger) to a response."""
    return trigger_client_event(response, event, payload or {})


def json_payload(data):
    return json.dumps(data, separators=(",", ":"))
