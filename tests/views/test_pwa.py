"""The installable app: the manifest, the service worker and the policy that lets them load."""

import json
import re
import struct

from django.contrib.staticfiles import finders

from workouts import pwa


def png_size(path):
    with open(finders.find(path), "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_manifest_names_the_app_and_starts_on_today(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "Montage"
    assert manifest["name"].startswith("Montage")
    assert manifest["start_url"] == "/today/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1c2229"  # Drago's steel
    assert manifest["background_color"] == "#f3f6f8"  # Siberian snow


def test_manifest_icons_are_pngs_of_the_sizes_they_claim(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    sizes = set()
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix("/static/")
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_pages_link_the_manifest_and_load_the_offline_script(client):
    content = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in content
    assert "/static/workouts/js/offline.js" in content
    assert "/static/vendor/idb/umd.js" in content


def test_service_worker_is_served_at_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/"


def test_service_worker_loads_workbox_from_our_own_static_files(client):
    script = client.get("/sw.js").content.decode()
    imports = re.findall(r'importScripts\("([^"]+)"\)', script)
    assert imports[0] == "/static/vendor/workbox/workbox-core.prod.js"
    assert imports[-1] == "/static/workouts/js/service-worker.js"
    assert all(url.startswith("/static/") for url in imports)
    assert "http" not in script  # no CDN, no other origin
    for url in imports:
        assert finders.find(url.removeprefix("/static/")), url


def test_service_worker_precaches_the_pages_scripts_with_revisions(client):
    script = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"self\.MONTAGE = (.*);\n", script).group(1))
    urls = {entry["url"]: entry["revision"] for entry in config["precache"]}
    for path in (
        "workouts/js/app.js",
        "workouts/js/offline.js",
        "workouts/css/montage.css",
        "django_htmx/htmx-2.min.js",
        "vendor/idb/umd.js",
    ):
        assert urls[f"/static/{path}"], path


def test_a_changed_static_file_is_a_new_release(settings, tmp_path):
    """A deploy that changes one file changes the worker (so browsers install it), that file's
    revision (so it is fetched again) and the release (so old page copies go)."""
    before = pwa.worker_config()
    js = tmp_path / "workouts" / "js"
    js.mkdir(parents=True)
    (js / "app.js").write_text("// a new release\n")
    settings.STATICFILES_DIRS = [str(tmp_path), *settings.STATICFILES_DIRS]
    after = pwa.worker_config()
    assert after["release"] != before["release"]

    def revision(config, url):
        return next(e["revision"] for e in config["precache"] if e["url"] == url)

    assert revision(after, "/static/workouts/js/app.js") != revision(
        before, "/static/workouts/js/app.js"
    )
    assert revision(after, "/static/workouts/js/logging.js") == revision(
        before, "/static/workouts/js/logging.js"
    )


def test_policy_allows_only_our_own_worker_and_manifest(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "unsafe-inline" not in policy
