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
