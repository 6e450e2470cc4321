"""Montage's JSON API (django-ninja), mounted at /api/v1/.

One module per resource; `auth` (tokens, session cookie with CSRF, rate limits), `errors`
(one JSON error shape), `pagination` (cursors) and `idempotency` are shared. Every write goes
through `workouts.actions`, like the pages'. See the README's API section for curl examples.
"""

from django.http import JsonResponse
from ninja import NinjaAPI

from . import bodyweight, dashboard, errors, exercises, plans, quotes, sessions
from .auth import session_auth, token_auth

DESCRIPTION = """\
Your Montage data: sessions, sets, exercises, body weight, plans, records, quotes and the
dashboard's figures.

* **Auth**: a personal token from Settings → API tokens, sent as `Authorization: Bearer <token>`.
  A read token may only read. The site's own pages may call the API with their login cookie
  (CSRF applies).
* **Units**: SI throughout (kg, metres, seconds) and UTC ISO 8601 timestamps. Add
  `units=user` where offered to get a `display` object in the user's units as well.
* **Lists** are paged by cursor: pass `next_cursor` back as `cursor` until it is null.
* **Creates** accept an `Idempotency-Key` header (a UUID you make): a retry with the same key
  and body returns the first result and creates nothing; the same key with another body is a
  409. Keys are kept for at least 48 hours.
* **Errors** are `{"code", "message", "fields"}`; `fields` maps an input to its messages.
* **Values** are checked against fixed limits only (a load up to 1000 kg, up to 1000 reps...).
  The logging page asks the user before saving a value far above their best (605 kg after a
  best of 140 kg: a slipped key); here such a value is not asked about but stored as sent, since
  an API client is a program (an import, a sync) with nobody to ask. Check what you send.
* **Rate limit**: writes per token per minute (429 with Retry-After when exceeded).
"""

api = NinjaAPI(
    title="Montage API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[token_auth, session_auth],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (sessions, exercises, bodyweight, plans, quotes, dashboard):
    api.add_router("/", module.router)


def not_found(request, rest=""):
    """Any other path under /api/v1/: a JSON 404 rather than the site's HTML page."""
    return JsonResponse(
        {"code": "not_found", "message": "No such API endpoint.", "fields": {}}, status=404
    )
