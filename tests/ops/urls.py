"""A URL configuration for the ops tests: the site's URLs plus views that fail on purpose."""

from django.db import OperationalError
from django.urls import path

from montage.urls import handler500  # noqa: F401
from montage.urls import urlpatterns as site_urls


def boom(request):
    raise ValueError("the bar snapped")


def database_gone(request):
    raise OperationalError("connection refused")


urlpatterns = [
    path("ops-test/boom/", boom),
    path("ops-test/database-gone/", database_gone),
    path("api/ops-test/database-gone/", database_gone),
    *site_urls,
]
