"""The API's interactive docs render from local files under the site's strict CSP."""

from tests.browser.conftest import ARTIFACTS


def test_the_api_docs_render_under_the_csp_from_local_files(desktop, live_server):
    desktop.set_default_timeout(30_000)  # Swagger UI is 1.4 MB of JS to parse on a busy machine
    requested = []
    desktop.on("request", lambda request: requested.append(request.url))
    response = desktop.goto("/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    desktop.locator(".swagger-ui .info .title").get_by_text("Montage API").wait_for()
    desktop.locator(
        ".opblock-summary-path", has_text="/api/v1/entries/{entry_id}/sets"
    ).first.wait_for()
    desktop.screenshot(path=ARTIFACTS / "api-docs-desktop.png")
    assert desktop.csp_errors == []
    assert all(url.startswith(live_server.url) for url in requested)
