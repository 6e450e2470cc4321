"""The installable app's two public URLs: the manifest and the service worker (at the site's
root, so its scope is the whole site). Both are the same for everyone; neither reads user data."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .. import pwa


@require_GET
def manifest(request):
    response = JsonResponse(pwa.manifest(), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def service_worker(request):
    response = HttpResponse(pwa.worker_script(), content_type="text/javascript; charset=utf-8")
    # The browser must see a new release at once: never a cached copy of the worker itself.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
