"""Work a worker would otherwise do on its first request, done when it boots (issue 15).

The first request after a worker starts cost about 95 ms more than the next: building the URL
configuration imports every view module (and what they import), and each page's templates are
parsed on first use. `warm_up()` does that at boot (`montage.wsgi`, `montage.asgi`), so no
visitor pays it. It touches no database and renders nothing.
"""

import importlib
import logging

from django.template import TemplateDoesNotExist, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)

# Modules imported where they are used (not at the import of the URL configuration) but costly
# enough to load at boot: icalendar alone is about 40 ms.
HEAVY_MODULES = ("icalendar",)

# The templates of the pages people open most: parsed once here, kept by the cached loader.
TEMPLATES = (
    "base.html",
    "home.html",
    "registration/login.html",
    "workouts/today.html",
    "workouts/dashboard.html",
    "workouts/session_detail.html",
    "workouts/session_list.html",
    "workouts/settings.html",
    "workouts/exercise_list.html",
    "workouts/exercise_detail.html",
)


def warm_up():
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018  imports every view, builds the lookup tables
    resolver.resolve("/")
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    for engine in engines.all():
        for name in TEMPLATES:
            try:
                engine.get_template(name)
            except TemplateDoesNotExist:
                logger.warning("warm_up: no template %s", name)
