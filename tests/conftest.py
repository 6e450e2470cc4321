import pytest

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(username="rocky")


@pytest.fixture
def other_user(db):
    return UserFactory(username="drago")


@pytest.fixture
def auth_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def htmx_headers():
    return {"HX-Request": "true"}


@pytest.fixture
def field_error():
    """The error text shown beside a form field (`_field.html`), or None if there is none."""
    import html
    import re

    def find(response, name):
        pattern = rf'<p class="field-error" id="id_{re.escape(name)}_error"[^>]*>(.*?)</p>'
        match = re.search(pattern, response.content.decode(), re.S)
        return html.unescape(match.group(1)) if match else None

    return find


@pytest.fixture
def builtin_exercise(db):
    from workouts.models import Exercise

    return Exercise.objects.builtin().order_by("pk").first()
