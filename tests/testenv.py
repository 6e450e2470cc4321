"""Loaded with `-p tests.testenv` before Django starts: the test-only environment."""

import os

os.environ.setdefault("MONTAGE_TESTING", "True")
os.environ.setdefault("DJANGO_DEBUG", "True")
# Playwright's sync API keeps an event loop in the main thread; Django's ORM calls from the
# test body are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
