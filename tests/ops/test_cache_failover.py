"""The Redis cache fails soft: with Redis gone the site answers from local memory, with one
warning; a second app server shares what the first wrote while Redis is there."""

import logging
import socket
import time
import uuid

import pytest

from montage.cache import FailoverRedisCache

REDIS = "redis://127.0.0.1:6379/3"
OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


def node(location=REDIS, prefix=None):
    return FailoverRedisCache(location, {"OPTIONS": OPTIONS, "KEY_PREFIX": prefix or "t"})


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_with_redis_unreachable_the_cache_answers_from_local_memory():
    cache = node(f"redis://127.0.0.1:{closed_port()}/0")
    cache.set("counter", 1, 60)
    assert cache.incr("counter") == 2
    assert cache.add("lock", 1) is True
    assert cache.add("lock", 1) is False
    assert cache.get("counter") == 2
    assert cache.is_down


def test_with_redis_unreachable_one_warning_is_logged_not_one_per_call(caplog):
    cache = node(f"redis://127.0.0.1:{closed_port()}/0")
    with caplog.at_level(logging.WARNING, logger="montage.cache"):
        for _ in range(5):
            cache.get("anything")
    [warning] = [r for r in caplog.records if r.name == "montage.cache"]
    assert "Redis cache unreachable" in warning.getMessage()


def test_with_redis_unreachable_calls_do_not_wait_on_it_again_within_the_interval():
    cache = node(f"redis://127.0.0.1:{closed_port()}/0")
    cache.get("first")  # pays the refused connection once
    start = time.perf_counter()
    for _ in range(200):
        cache.get("again")
    assert time.perf_counter() - start < 0.5


@needs_redis
def test_a_second_node_sees_the_counter_the_first_node_wrote():
    prefix = uuid.uuid4().hex
    one, two = node(prefix=prefix), node(prefix=prefix)
    one.set("login-failures", 0, 60)
    one.incr("login-failures")
    assert two.incr("login-failures") == 2
    assert not one.is_down


@needs_redis
def test_after_the_retry_interval_redis_is_used_again_and_that_is_logged(caplog):
    prefix = uuid.uuid4().hex
    cache, other = node(prefix=prefix), node(prefix=prefix)
    cache._failed(ConnectionError("simulated"))
    cache.set("progress", 40, 60)  # within the interval: local memory only
    assert other.get("progress") is None
    cache._down_until = 0.0  # the interval has passed
    with caplog.at_level(logging.WARNING, logger="montage.cache"):
        cache.set("progress", 55, 60)
    assert other.get("progress") == 55
    assert not cache.is_down
    assert any("reachable again" in r.getMessage() for r in caplog.records)


@needs_redis
def test_ping_tells_whether_redis_answers():
    assert node().ping() is True
    assert node(f"redis://127.0.0.1:{closed_port()}/0").ping() is False
