"""Plan files: export a plan as versioned JSON with no user data; another user imports their
own copy; bad and hostile files are refused with a reason."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import ExerciseFactory, UserFactory
from workouts.models import Exercise, Plan, PlanDay, PlanItem
from workouts.plans import editing, planfile


@pytest.fixture
def mine(user):
    return editing.copy_plan(Plan.objects.get(slug="drago-high-tech"), user, timezone.now())


def upload(client, data, name="plan.json"):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post("/plans/import/", {"file": SimpleUploadedFile(name, raw)})


def minimal(**plan):
    return {
        "format": "montage-plan",
        "version": 1,
        "plan": {
            "name": "Barn block",
            "weeks": [
                {
                    "days": [
                        {
                            "day": 1,
                            "title": "Barn strength",
                            "items": [{"exercise": "bench-press", "sets": 3, "reps": 5}],
                        }
                    ]
                }
            ],
            **plan,
        },
    }


def test_export_is_a_versioned_json_download(auth_client, mine):
    response = auth_client.get(f"/plans/{mine.slug}/export.json")
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("montage-plan", 1)
    assert "attachment" in response["Content-Disposition"]


def test_export_holds_no_user_data(auth_client, user, mine):
    body = auth_client.get(f"/plans/{mine.slug}/export.json").content.decode()
    assert "rocky" not in body
    assert '"owner"' not in body and '"user"' not in body and mine.slug not in body


def test_an_own_exercise_travels_as_name_and_measures_without_its_notes(auth_client, user, mine):
    own = ExerciseFactory(owner=user, name="Barn door pull", howto="My secret cue")
    day = mine.days.first()
    editing.save_item(PlanItem(day=day, exercise=own, sets=3, reps=8))
    body = auth_client.get(f"/plans/{mine.slug}/export.json").content.decode()
    assert "Barn door pull" in body
    assert "My secret cue" not in body


def test_another_user_imports_their_own_copy_of_an_exported_plan(client, mine):
    exported = planfile.dumps(mine).encode()
    apollo = UserFactory(username="apollo")
    client.force_login(apollo)
    response = upload(client, exported)
    copy = Plan.objects.get(owner=apollo)
    assert response.status_code == 302
    assert copy.name == mine.name and copy.weeks == mine.weeks
    assert (
        PlanItem.objects.filter(day__plan=copy).count()
        == PlanItem.objects.filter(day__plan=mine).count()
    )
    bench = PlanItem.objects.get(day__plan=copy, day__week=1, day__day=2, key="bench-press")
    assert (bench.load_rule, bench.load_percent) == ("e1rm", 65.0)


def test_an_imported_own_exercise_becomes_the_importers_own(client, user, mine):
    own = ExerciseFactory(owner=user, name="Barn door pull")
    editing.save_item(PlanItem(day=mine.days.first(), exercise=own, sets=3, reps=8))
    apollo = UserFactory(username="apollo")
    client.force_login(apollo)
    upload(client, planfile.dumps(mine).encode())
    assert Exercise.objects.get(owner=apollo, name="Barn door pull")


def test_a_minimal_file_imports(auth_client, user):
    assert upload(auth_client, minimal()).status_code == 302
    assert PlanDay.objects.get(plan__owner=user).title == "Barn strength"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe not json", "not a JSON file"),
        (b"[1, 2]", "not a Montage plan file"),
        ({**minimal(), "version": 99}, "version 99"),
        (minimal(name=""), "“name” is missing"),
        (minimal(weeks=[]), "no weeks"),
        (minimal(weeks=[{"days": [{"day": n, "title": "x"} for n in range(1, 9)]}]), "seven"),
        (minimal(weeks=[{"days": [{"day": 9, "title": "x"}]}]), "between 1 and 7"),
        (
            minimal(weeks=[{"days": [{"day": 1, "title": "x", "rest_day": True}]}]),
            "no training day",
        ),
        (
            minimal(weeks=[{"days": [{"day": 1, "title": "x", "items": [{"exercise": "nope"}]}]}]),
            "does not have: nope",
        ),
        (
            minimal(
                weeks=[
                    {
                        "days": [
                            {
                                "day": 1,
                                "title": "x",
                                "items": [{"exercise": "bench-press", "sets": 1e308}],
                            }
                        ]
                    }
                ]
            ),
            "between 1 and 20",
        ),
        (minimal(weeks=[{"days": []}] * 60), "52 at most"),
        (
            b'{"format": "montage-plan", "version": 1, "plan": {"name": "x", "weeks": [{"days":'
            b' [{"day": 1, "title": "x", "items": [{"exercise": "bench-press", "sets": '
            + b"9" * 400
            + b"}]}]}]}}",
            "between 1 and 20",
        ),
        (
            b'{"format": "montage-plan", "version": 1, "plan": {"name": "x", "weeks": [{"days":'
            b' [{"day": 1, "title": "x", "items": [{"exercise": "bench-press", "sets": 1,'
            b' "load_kg": NaN}]}]}]}}',
            "between 0 and 1000",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "not a JSON file"),
        (b" " * (600 * 1024), "larger than 512 KB"),
        (minimal(name="x\x00y"), "NUL"),
    ],
)
def test_bad_and_hostile_files_are_refused_with_a_reason(
    auth_client, user, field_error, data, reason
):
    response = upload(auth_client, data)
    assert response.status_code == 422
    assert reason in (field_error(response, "file") or "")
    assert not Plan.objects.filter(owner=user).exists()


def test_a_themed_plan_can_be_exported(auth_client):
    response = auth_client.get("/plans/siberian-natural/export.json")
    assert json.loads(response.content)["plan"]["name"]
