"""Django's own Redis cache backend, made to fail soft: when Redis does not answer, the site goes
on without the shared cache instead of answering 500.

What the cache holds here is all expendable: throttle counters (log-in address cap, password
resets, API writes per minute), import progress for the progress bar and the import's
"already running" guard (the import itself is guarded by a row lock in the database). So a
Redis failure (refused, timed out, reset) logs one warning per outage and every cache call is
answered from this process's local memory instead; counters are then per process until Redis
is back. Redis is not tried again for `RETRY_SECONDS`, so an outage costs one connect timeout
per process per interval, not one per cache call. Sessions, log-in lock-outs (django-axes) and
idempotency keys are in the database and are not affected.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("montage.cache")

RETRY_SECONDS = 5.0


class FailoverRedisCache(RedisCache):
    retry_seconds = RETRY_SECONDS

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache(
            f"montage-fallback-{id(self)}",
            {
                key: params[key]
                for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
                if key in params
            },
        )
        self._lock = threading.Lock()
        self._down_until = 0.0  # monotonic time before which Redis is not tried again
        self._down = False

    @property
    def is_down(self):
        return self._down

    def _failed(self, exc):
        with self._lock:
            self._down_until = time.monotonic() + self.retry_seconds
            if not self._down:
                self._down = True
                logger.warning(
                    "Redis cache unreachable (%s: %s); serving from local memory without the "
                    "shared cache, retrying every %g s",
                    type(exc).__name__,
                    exc,
                    self.retry_seconds,
                    extra={"event": "cache_down"},
                )

    def _recovered(self):
        with self._lock:
            if self._down:
                self._down = False
                logger.warning("Redis cache reachable again", extra={"event": "cache_up"})

    def _call(self, name, *args, **kwargs):
        if self._down and time.monotonic() < self._down_until:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            self._failed(exc)
            return getattr(self.fallback, name)(*args, **kwargs)
        if self._down:
            self._recovered()
        return result

    def ping(self):
        """True when Redis answers now (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

    # Every public call goes through _call (RedisCache's own get_or_set, incr_version and
    # so on are built from these).
    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
