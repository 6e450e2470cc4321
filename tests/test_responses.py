"""Page-or-partial: htmx swaps get fragments; everything else gets whole pages."""

HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def test_an_htmx_filter_request_gets_only_the_results(auth_client):
    response = auth_client.get("/exercises/?q=squat", headers={"HX-Request": "true"})
    assert '<div id="exercise-results">' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_htmx_restoring_a_pushed_url_from_history_gets_the_whole_page(auth_client):
    response = auth_client.get("/exercises/?q=squat", headers=HISTORY_RESTORE)
    assert "<html" in response.content.decode()


def test_the_dashboard_restored_from_history_is_the_whole_page(auth_client):
    response = auth_client.get("/dashboard/?range=4w", headers=HISTORY_RESTORE)
    assert "<html" in response.content.decode()


def test_the_session_list_restored_from_history_is_the_whole_page(auth_client):
    response = auth_client.get("/sessions/?style=natural", headers=HISTORY_RESTORE)
    assert "<html" in response.content.decode()


def test_page_or_partial_adds_to_a_vary_header_instead_of_replacing_it(rf, monkeypatch):
    from django.http import HttpResponse

    from workouts import responses

    def render(request, name, context, status):
        response = HttpResponse("<p>page</p>", status=status)
        response["Vary"] = "Cookie"  # set before the helper sees it, e.g. by a template
        return response

    monkeypatch.setattr(responses, "render", render)
    request = rf.get("/exercises/")
    request.htmx = False
    response = responses.page_or_partial(request, "page.html", "region", {})
    assert [v.strip() for v in response["Vary"].split(",")] == ["Cookie", "HX-Request"]


def test_a_page_with_several_regions_varies_on_the_htmx_target(auth_client):
    response = auth_client.get(
        "/dashboard/?range=4w", headers={"HX-Request": "true", "HX-Target": "progress-panel"}
    )
    assert response.status_code == 200
    assert "HX-Target" in response["Vary"]
