"""/data/export.json and /data/export.csv: the logged-in user's own data, as a download."""

import datetime as dt
import json

import pytest
import time_machine
from django.http import StreamingHttpResponse

from tests.factories import build_history
from workouts.models import WorkoutSession

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize("url", ["/data/export.json", "/data/export.csv"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/data/export.json", "/data/export.csv"])
def test_it_refuses_post(auth_client, url):
    assert auth_client.post(url).status_code == 405


def test_the_json_export_is_a_streamed_download(auth_client):
    response = auth_client.get("/data/export.json")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="montage-export-')
    assert response["Content-Disposition"].endswith('.json"')


def test_the_json_export_holds_the_users_sessions(auth_client, user, bench):
    build_history(user, bench, sessions=3, sets=2)
    document = json.loads(body(auth_client.get("/data/export.json")))
    assert document["account"]["username"] == "rocky"
    assert len(document["sessions"]) == 3


def test_the_csv_export_is_a_streamed_download(auth_client):
    response = auth_client.get("/data/export.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')


def test_the_csv_export_has_a_row_per_set(auth_client, user, bench):
    build_history(user, bench, sessions=3, sets=2)
    lines = body(auth_client.get("/data/export.csv")).splitlines()
    assert len(lines) == 1 + 6


def test_the_download_is_named_after_the_users_local_day(auth_client, in_los_angeles):
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)):  # 1 March in LA
        response = auth_client.get("/data/export.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="montage-export-2026-03-01.csv"'
    )


def test_another_users_history_is_not_in_my_export(auth_client, other_user, bench):
    build_history(other_user, bench, sessions=3, sets=2)
    WorkoutSession.objects.filter(user=other_user).update(title="Drago's secret session")
    assert "Drago's secret" not in body(auth_client.get("/data/export.json"))
    assert "Drago's secret" not in body(auth_client.get("/data/export.csv"))


def test_the_export_is_not_cached(auth_client):
    directives = auth_client.get("/data/export.json")["Cache-Control"].split(", ")
    assert "no-store" in directives and "private" in directives


def test_settings_links_to_both_exports_and_to_deleting_the_account(auth_client):
    html = auth_client.get("/settings/").content.decode()
    assert 'href="/data/export.json"' in html
    assert 'href="/data/export.csv"' in html
    assert 'href="/settings/delete/"' in html
