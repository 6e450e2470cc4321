import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
application = get_asgi_application()

from workouts.warmup import warm_up  # noqa: E402

warm_up()
