"""/data/: upload, review, confirm; bad files refused with a reason; another user's upload 404s."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workouts.models import Exercise, LoggedSet, WorkoutSession
from workouts.transfer.models import PendingImport

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def upload(client, name, content=None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return client.post("/data/", {"file": SimpleUploadedFile(Path(name).name, data), "token": "t1"})


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def confirm_data(pending, **extra):
    data = {
        f"map-{n}": str(item["match_id"] or "new")
        for n, item in enumerate(pending.summary["exercises"])
    }
    data.update(extra)
    return data


def test_the_data_page_offers_an_upload_and_a_place_for_the_export(auth_client):
    response = auth_client.get("/data/")
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_the_account_menu_links_to_the_data_page(auth_client):
    assert 'href="/data/"' in auth_client.get("/settings/").content.decode()


def test_the_empty_dashboard_links_to_the_import(auth_client):
    assert "Import from Strong, Hevy or FitNotes" in text(auth_client.get("/dashboard/"))


def test_an_upload_leads_to_its_review_and_writes_no_workout(auth_client, user):
    response = upload(auth_client, "hevy-kg.csv")
    pending = PendingImport.objects.get(user=user)
    assert response.url == f"/data/imports/{pending.pk}/"
    assert not WorkoutSession.objects.exists()


def test_the_review_shows_format_dates_counts_and_matches(auth_client, user):
    upload(auth_client, "hevy-kg.csv")
    page = text(auth_client.get(f"/data/imports/{PendingImport.objects.get().pk}/"))
    assert "Hevy (kilograms, kilometres)" in page
    assert "5 Dec 2025 to 6 Dec 2025" in page
    assert "<dt>Workouts</dt><dd>2</dd>" in page
    assert '<dt>Sets</dt><dd>6 <span class="muted">(1 warm-up, 1 drop, 1 to failure)' in page
    assert re.search(r'<option value="\d+" selected>Bench press</option>', page)
    assert "Montage has no supersets yet" in page


def test_the_review_asks_for_units_a_file_lacks_with_none_preselected(auth_client):
    upload(auth_client, "strong-classic.csv")
    page = text(auth_client.get(f"/data/imports/{PendingImport.objects.get().pk}/"))
    assert "The file&#x27;s weights are in" in page and "The file&#x27;s distances are in" in page
    assert "checked" not in re.search(r'name="weight_unit".*?</fieldset>', page).group(0)


def test_confirming_without_the_units_is_refused_beside_the_field(auth_client, field_error):
    upload(auth_client, "strong-classic.csv")
    pending = PendingImport.objects.get()
    response = auth_client.post(f"/data/imports/{pending.pk}/confirm/", confirm_data(pending))
    assert response.status_code == 422
    assert "Montage will not guess" in field_error(response, "weight_unit")
    assert not WorkoutSession.objects.exists()


def test_confirming_imports_with_the_users_mapping_and_lands_on_the_dashboard(auth_client, user):
    upload(auth_client, "strong-classic.csv")
    pending = PendingImport.objects.get()
    plank = Exercise.objects.get(slug="snow-run")
    names = [item["name"] for item in pending.summary["exercises"]]
    data = confirm_data(pending, weight_unit="kg", distance_unit="km")
    data[f"map-{names.index('Running')}"] = str(plank.pk)
    response = auth_client.post(f"/data/imports/{pending.pk}/confirm/", data, follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Imported 2 workouts and 7 sets from Strong (classic)" in text(response)
    assert LoggedSet.objects.get(exercise=plank).distance_m == 5200
    assert not Exercise.objects.filter(owner=user).exists()


def test_creating_an_exercise_from_the_review_uses_the_files_columns(auth_client, user):
    upload(auth_client, "hevy-kg.csv")
    pending = PendingImport.objects.get()
    auth_client.post(f"/data/imports/{pending.pk}/confirm/", confirm_data(pending))
    assert Exercise.objects.get(owner=user).measure_names == ["duration", "distance"]


def test_the_same_file_twice_says_nothing_was_added(auth_client):
    for _ in range(2):
        upload(auth_client, "hevy-kg.csv")
        pending = PendingImport.objects.filter(status="pending").get()
        review = text(auth_client.get(f"/data/imports/{pending.pk}/"))
        response = auth_client.post(
            f"/data/imports/{pending.pk}/confirm/", confirm_data(pending), follow=True
        )
    assert "All 2 workouts in this file are already in your history" in review
    assert "Nothing added: all 2 workouts in this file were already in your history" in text(
        response
    )
    assert WorkoutSession.objects.count() == 2


def test_a_confirmed_upload_cannot_be_imported_again(auth_client):
    upload(auth_client, "hevy-kg.csv")
    pending = PendingImport.objects.get()
    auth_client.post(f"/data/imports/{pending.pk}/confirm/", confirm_data(pending))
    auth_client.post(f"/data/imports/{pending.pk}/confirm/", confirm_data(pending))
    assert WorkoutSession.objects.count() == 2


def test_a_tampered_mapping_is_refused(auth_client, other_user):
    own = Exercise.objects.create(owner=other_user, name="Secret")
    upload(auth_client, "hevy-kg.csv")
    pending = PendingImport.objects.get()
    response = auth_client.post(
        f"/data/imports/{pending.pk}/confirm/", confirm_data(pending, **{"map-0": str(own.pk)})
    )
    assert response.status_code == 422
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad/not-a-csv.png", "This is not a CSV or JSON export (it is not text)."),
        ("bad/empty.csv", "The submitted file is empty."),
        ("bad/unknown-header.csv", "Montage does not know this file&#x27;s columns"),
        ("bad/truncated-quote.csv", "it looks cut off"),
        ("bad/truncated-row.csv", "Line 3: the last row has 6 of 12 columns"),
        ("bad/non-numeric-weight.csv", "Line 3: weight “heavy” is not a number"),
        ("bad/impossible-date.csv", "Line 2: “2024-02-31 18:30:00” is not a real date"),
        ("bad/mixed-units.csv", "This file mixes weight units"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_kept(auth_client, name, message):
    response = upload(auth_client, name)
    assert response.status_code == 422
    assert message in text(response)
    assert not PendingImport.objects.exists() and not WorkoutSession.objects.exists()


def test_a_file_over_the_limit_is_refused_saying_the_limit(auth_client, settings):
    from workouts.transfer.formats import detect

    response = upload(auth_client, "big.csv", b"x" * (detect.MAX_BYTES + 1))
    assert response.status_code == 422
    assert "the limit is 25 MB" in text(response)


def test_another_users_review_is_a_404(client, other_user, user):
    client.force_login(other_user)
    upload(client, "hevy-kg.csv")
    pending = PendingImport.objects.get()
    client.force_login(user)
    assert client.get(f"/data/imports/{pending.pk}/").status_code == 404
    assert (
        client.post(f"/data/imports/{pending.pk}/confirm/", confirm_data(pending)).status_code
        == 404
    )
    assert client.post(f"/data/imports/{pending.pk}/discard/").status_code == 404
    assert not WorkoutSession.objects.exists()


def test_progress_is_per_user(client, user, other_user):
    from django.core.cache import cache

    cache.set(f"montage:import-progress:{other_user.pk}:abc", {"percent": 50, "label": "x"})
    client.force_login(user)
    assert client.get("/data/progress/abc/").json()["percent"] == 0


def test_discarding_an_upload_keeps_nothing(auth_client):
    upload(auth_client, "hevy-kg.csv")
    pending = PendingImport.objects.get()
    auth_client.post(f"/data/imports/{pending.pk}/discard/")
    assert not PendingImport.objects.exists()


def test_the_review_page_costs_the_same_queries_for_a_big_file(
    auth_client, user, django_assert_max_num_queries
):
    upload(auth_client, "strong-classic.csv")
    pending = PendingImport.objects.get()
    with django_assert_max_num_queries(8):
        auth_client.get(f"/data/imports/{pending.pk}/")


def test_data_pages_need_a_login(client):
    assert client.get("/data/").status_code == 302


def test_import_js_gets_the_next_address_as_json_so_the_message_survives(auth_client):
    response = auth_client.post(
        "/data/",
        {
            "file": SimpleUploadedFile("h.csv", (FIXTURES / "hevy-kg.csv").read_bytes()),
            "token": "t1",
        },
        headers={"X-Montage-Progress": "1"},
    )
    assert response.json() == {"location": f"/data/imports/{PendingImport.objects.get().pk}/"}


def test_imported_drop_and_failure_sets_and_the_exercise_note_show_on_the_session(auth_client):
    upload(auth_client, "strong-classic.csv")
    pending = PendingImport.objects.get()
    auth_client.post(
        f"/data/imports/{pending.pk}/confirm/",
        confirm_data(pending, weight_unit="kg", distance_unit="km"),
    )
    session = WorkoutSession.objects.get(title="Evening Strength")
    page = text(auth_client.get(f"/sessions/{session.pk}/"))
    assert 'D<span class="visually-hidden">rop set</span>' in page
    assert 'F<span class="visually-hidden">: to failure</span>' in page
    assert '<p class="entry-note">Belt on for top sets</p>' in page
