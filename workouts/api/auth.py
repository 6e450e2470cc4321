"""Who is calling: a personal token (Authorization: Bearer …), or the site's own session cookie.

Token requests need no CSRF token (a browser never sends the header by itself); cookie requests
keep Django's CSRF check on unsafe methods. A read-only token, or a session without a token,
may write only where its scope allows; writes are rate-limited per token in the cache.
"""

import datetime as dt
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.errors import AuthenticationError, Throttled
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ..models import ApiToken, Profile
from .errors import ApiError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LAST_USED_EVERY = dt.timedelta(minutes=1)  # last use is written at most this often
RATE_WINDOW = 60  # seconds


def _refuse_nul(request):
    """PostgreSQL text cannot hold NUL bytes: refuse them in the path, query and JSON body
    (a 400) rather than let the database fail on them (a 500)."""
    query = [text for key, values in request.GET.lists() for text in (key, *values)]
    if "\x00" in request.path or any("\x00" in text for text in query):
        raise ApiError(400, "nul_character", "Text may not contain NUL characters.")
    body = request.body
    if b"\\u0000" in body or b"\x00" in body:
        try:
            parsed = json.loads(body)
        except ValueError:
            return  # not JSON: the parser answers 400
        if _has_nul(parsed):
            raise ApiError(400, "nul_character", "Text may not contain NUL characters.")


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _attach(request, user, token=None):
    _refuse_nul(request)
    request.user, request.api_token = user, token
    try:
        request.profile = user.profile
    except Profile.DoesNotExist:
        request.profile, _ = Profile.objects.get_or_create(user=user)
    timezone.activate(request.profile.zone)
    return user


class TokenAuth(HttpBearer):
    """A personal API token; a present but unknown or revoked token is a 401 (no fallback)."""

    def authenticate(self, request, token):
        token = (token or "").strip()
        if not token or len(token) > 200:
            raise AuthenticationError(message="The token is malformed.")
        found = (
            ApiToken.objects.select_related("user__profile")
            .filter(key_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if found is None:
            raise AuthenticationError(message="The token is unknown or was revoked.")
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        if request.method not in SAFE_METHODS:
            if not found.can_write:
                raise ApiError(
                    403,
                    "read_only_token",
                    "This token may only read; create a read and write token.",
                )
            count_write(found)
        return _attach(request, found.user, found)


class SessionCookieAuth(APIKeyCookie):
    """The logged-in browser (the site's own JS): CSRF applies to unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise ApiError(
                403,
                "csrf_failed",
                "CSRF check failed: send the X-CSRFToken header with a cookie login.",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if key is None:
            return None
        return _attach(request, request.user)


def write_rate():
    return int(getattr(settings, "MONTAGE_API_WRITES_PER_MINUTE", 120))


def count_write(token):
    """Counts one write for the token in a fixed one-minute window shared through the cache."""
    limit = write_rate()
    now = time.time()
    window = int(now // RATE_WINDOW)
    # By the token's hash, not its id: a database may hand a deleted token's id to a new one.
    key = f"api-writes:{token.key_hash[:32]}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW * 2)
        count = 1
    if count > limit:
        raise Throttled(wait=(window + 1) * RATE_WINDOW - now)


token_auth = TokenAuth()
session_auth = SessionCookieAuth()
