import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from montage import settings as montage_settings

ROOT = Path(__file__).resolve().parent.parent


def directives(header):
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def production_env(tmp_path, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "MONTAGE_"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "example.com",
            "MONTAGE_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "montage.settings",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Content-Security-Policy ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_send_a_csp_header(client, path):
    response = client.get(path)
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("path", ["/today/", "/exercises/", "/plans/", "/settings/"])
def test_logged_in_pages_send_a_csp_header(auth_client, path):
    response = auth_client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_csp_allows_no_inline_script_or_eval(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src"):
        sources = policy.get(directive, policy["default-src"])
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive


@pytest.mark.django_db
def test_csp_loads_scripts_only_from_this_site(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_csp_forbids_framing(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]


def assert_nothing_inline(html):
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0], tag[:80]
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick=" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_have_no_inline_scripts_or_styles(client, path):
    assert_nothing_inline(client.get(path).content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/today/",
        "/exercises/",
        "/exercises/new/",
        "/settings/",
        "/plans/",
        "/plans/drago-high-tech/",
    ],
)
def test_logged_in_pages_have_no_inline_scripts_or_styles(auth_client, path):
    assert_nothing_inline(auth_client.get(path).content.decode())


@pytest.mark.django_db
def test_htmx_is_configured_without_eval(client):
    html = client.get("/").content.decode()
    assert '"allowEval":false' in html
    assert '"includeIndicatorStyles":false' in html


# --- CSRF -----------------------------------------------------------------------------------


def test_a_post_without_a_csrf_token_is_refused(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post("/settings/", {"weight_unit": "lb"})
    assert response.status_code == 403


def test_the_csrf_token_is_sent_with_every_htmx_request(auth_client):
    html = auth_client.get("/exercises/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


# --- Production settings --------------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_app_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_app_refuses_to_start_in_production_with_a_short_secret_key(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY="short"), "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_app_refuses_to_start_with_a_vague_debug_value(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_DEBUG="maybe"), "check")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be True or False" in result.stderr


def test_development_defaults_start_without_any_settings(tmp_path):
    env = production_env(
        tmp_path, DJANGO_DEBUG=None, DJANGO_SECRET_KEY=None, DJANGO_ALLOWED_HOSTS=None
    )
    result = manage(env, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [("True", True), ("true", True), ("1", True), ("False", False), ("false", False), ("0", False)],
)
def test_strict_bool_accepts_true_and_false(monkeypatch, text, value):
    monkeypatch.setenv("MONTAGE_TEST_FLAG", text)
    assert montage_settings.env_bool("MONTAGE_TEST_FLAG", not value) is value


@pytest.mark.parametrize("text", ["maybe", "yes", "on", "TRUE ", "2"])
def test_strict_bool_raises_on_anything_else(monkeypatch, text):
    monkeypatch.setenv("MONTAGE_TEST_FLAG", text)
    with pytest.raises(ImproperlyConfigured):
        montage_settings.env_bool("MONTAGE_TEST_FLAG", False)


def test_strict_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("MONTAGE_TEST_FLAG", raising=False)
    assert montage_settings.env_bool("MONTAGE_TEST_FLAG", True) is True


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("MONTAGE_TEST_LIST", " a.example , ,b.example,")
    assert montage_settings.env_list("MONTAGE_TEST_LIST") == ["a.example", "b.example"]
