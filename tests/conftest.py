import pytest

from tests.factories import PASSWORD, UserFactory
from workouts import outbox


@pytest.fixture(autouse=True)
def no_mail_outlives_its_test():
    """Mail goes out in background threads (workouts.outbox): none may land in a later test's
    mail.outbox. A test that reads mail.outbox calls outbox.wait_for_mail() first."""
    yield
    outbox.wait_for_mail()


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


@pytest.fixture
def set_field_error():
    """The error text beside one input of a set form (`e<entry>-reps`, `s<set>-load`…) or None."""
    import html
    import re

    def find(response, name):
        for block in response.content.decode().split('<div class="set-field')[1:]:
            block = block.split("</div>")[0]
            if f'name="{name}"' in block:
                match = re.search(r'<p class="field-error"[^>]*>(.*?)</p>', block, re.S)
                return html.unescape(match.group(1)) if match else None
        return None

    return find


@pytest.fixture
def bench(db):
    """Built-in; measured by reps and load."""
    from workouts.models import Exercise

    return Exercise.objects.get(slug="bench-press")


@pytest.fixture
def snow_run(db):
    """Built-in; measured by duration and distance."""
    from workouts.models import Exercise

    return Exercise.objects.get(slug="snow-run")


@pytest.fixture
def punch_test(db):
    """Built-in; measured by reps, with punch-force and power readings."""
    from workouts.models import Exercise

    return Exercise.objects.get(slug="punch-force-test")


@pytest.fixture
def in_pounds_and_miles(user):
    user.profile.weight_unit = "lb"
    user.profile.distance_unit = "mi"
    user.profile.save()
    return user.profile


@pytest.fixture
def in_los_angeles(user):
    user.profile.time_zone = "America/Los_Angeles"
    user.profile.save()
    return user.profile


@pytest.fixture
def set_row():
    """The HTML of one set's row (`<li id="set-<pk>">…</li>`) in a response, or ''."""
    import re

    def find(response, logged):
        match = re.search(
            rf'<li [^>]*id="set-{logged.pk}".*?</li>', response.content.decode(), re.S
        )
        return match.group(0) if match else ""

    return find


@pytest.fixture
def frozen(request, time_machine):
    """The clock stopped at the test module's `NOW` (a module freezing every test says
    `pytestmark = pytest.mark.usefixtures("frozen")`)."""
    time_machine.move_to(request.module.NOW, tick=False)


@pytest.fixture
def three_sets(user, entry):
    """Three working sets of the module's `entry`: 100 kg (baseline), 110 kg (the record),
    105 kg (not a record while 110 stands), with their records built."""
    from tests.factories import SetFactory
    from workouts.logbook.records_store import rebuild_records

    sets = [
        SetFactory(entry=entry, position=n, reps=5, load_kg=load)
        for n, load in enumerate((100, 110, 105), start=1)
    ]
    rebuild_records(user, entry.exercise_id)
    return sets
