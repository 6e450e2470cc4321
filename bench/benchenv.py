"""What an in-process benchmark sets up before anything of Django's is imported.

    import benchenv

    SCRATCH = benchenv.setup()
    import django ...  # noqa: E402 on each import after it

A scratch SQLite database in a temporary directory (never `data/`, never `DATABASE_URL`'s),
production-like settings (DEBUG off, so no query log; plain static storage, so no collectstatic),
Django set up, and no JSON request log line printed per request.
"""

import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(scratch=None, host="localhost", **environ):
    """Configures and sets up Django; returns the scratch directory (`scratch` to reuse one).
    `environ`: more settings, as environment variables."""
    sys.path.insert(0, str(ROOT))
    scratch = scratch or tempfile.mkdtemp(prefix="montage-bench-")
    os.environ["MONTAGE_DATA_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
    os.environ["DJANGO_DEBUG"] = "False"
    os.environ["MONTAGE_TESTING"] = "True"
    os.environ["DJANGO_SECRET_KEY"] = "bench-" + "x" * 60
    os.environ["DJANGO_ALLOWED_HOSTS"] = host
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
    os.environ.update(environ)
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    logging.getLogger("montage.request").setLevel(logging.WARNING)
    return scratch
