import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
application = get_wsgi_application()

# Each worker imports this module when it boots (with or without gunicorn's --preload): warm it
# there rather than on a visitor's first request.
from workouts.warmup import warm_up  # noqa: E402

warm_up()
