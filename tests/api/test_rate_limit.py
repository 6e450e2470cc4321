"""Writes are limited per token per minute (in the cache); beyond it, 429 with Retry-After."""

import pytest
from django.core.cache import cache

from workouts.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_writes_a_minute(settings):
    cache.clear()
    settings.MONTAGE_API_WRITES_PER_MINUTE = 3
    yield
    cache.clear()


def test_a_write_beyond_the_limit_is_429_with_retry_after(api):
    for _ in range(3):
        assert api.post("/sessions", {"title": "Barn"}).status_code == 201
    response = api.post("/sessions", {"title": "Barn"})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_refused_write_creates_nothing(api, user):
    for _ in range(4):
        api.post("/sessions", {"title": "Barn"})
    assert user.workout_sessions.count() == 3


def test_reads_are_not_limited(api):
    for _ in range(3):
        api.post("/sessions", {"title": "Barn"})
    assert api.get("/sessions").status_code == 200


def test_each_token_has_its_own_count(api, user):
    for _ in range(3):
        api.post("/sessions", {"title": "Barn"})
    second = ApiClient(ApiToken.issue(user, "second", can_write=True)[1])
    assert second.post("/sessions", {"title": "Barn"}).status_code == 201


def test_the_count_starts_again_the_next_minute(api):
    import time_machine

    with time_machine.travel(1_800_000_000, tick=False):
        for _ in range(3):
            api.post("/sessions", {"title": "Barn"})
        assert api.post("/sessions", {"title": "Barn"}).status_code == 429
    with time_machine.travel(1_800_000_060, tick=False):
        assert api.post("/sessions", {"title": "Barn"}).status_code == 201


def test_a_new_token_never_inherits_a_revoked_tokens_count(api, user):
    for _ in range(3):
        api.post("/sessions", {"title": "Barn"})
    revoked = ApiToken.objects.get(user=user)
    revoked_pk = revoked.pk
    revoked.delete()
    token, secret = ApiToken.issue(user, "new", can_write=True)
    ApiToken.objects.filter(pk=token.pk).update(id=revoked_pk)  # as SQLite may reuse the id
    assert ApiClient(secret).post("/sessions", {"title": "Barn"}).status_code == 201
