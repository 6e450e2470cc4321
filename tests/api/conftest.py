import pytest
from django.test import Client

from workouts.models import ApiToken


@pytest.fixture
def token(user):
    """A read and write token of `user` (rocky): its secret."""
    return ApiToken.issue(user, "tests", can_write=True)[1]


@pytest.fixture
def read_token(user):
    return ApiToken.issue(user, "read only", can_write=False)[1]


@pytest.fixture
def api(token):
    """A client that sends rocky's token and JSON bodies."""
    return ApiClient(token)


@pytest.fixture
def other_api(other_user):
    return ApiClient(ApiToken.issue(other_user, "drago's", can_write=True)[1])


class ApiClient:
    def __init__(self, token):
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {token}"}

    def _call(self, method, path, data=None, headers=None, **query):
        url = f"/api/v1{path}"
        call = getattr(self.client, method)
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if method == "get":
            return call(url, query or None, **kwargs)
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        if query:
            from urllib.parse import urlencode

            url += "?" + urlencode(query)
        return call(url, **kwargs)

    def get(self, path, **query):
        return self._call("get", path, **query)

    def post(self, path, data=None, headers=None, **query):
        return self._call("post", path, data if data is not None else {}, headers, **query)

    def patch(self, path, data=None, headers=None, **query):
        return self._call("patch", path, data if data is not None else {}, headers, **query)

    def delete(self, path, headers=None):
        return self._call("delete", path, None, headers)
