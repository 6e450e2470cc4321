"""The OpenAPI schema: served at /api/v1/openapi.json, valid, and complete (every endpoint with
its request and response models, the token scheme, SI units, documented errors)."""

import pytest
from django.test import Client
from django.urls import get_resolver

from workouts.api import api

pytestmark = pytest.mark.django_db

WRITES = {"post", "patch", "put", "delete"}


@pytest.fixture(scope="module")
def schema():
    import json

    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: string status codes


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_served_without_a_token():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Montage API"


def test_the_schema_is_valid_openapi():
    import schemathesis

    schemathesis.experimental.OPEN_API_3_1.enable()
    served = Client().get("/api/v1/openapi.json").json()
    schemathesis.from_dict(served, validate_schema=True)  # raises on an invalid schema


def test_every_api_route_is_in_the_schema(schema):
    routes = set()
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "api/v1/":
            for sub in pattern.url_patterns:
                route = str(sub.pattern)
                if route not in ("", "openapi.json", "docs"):
                    routes.add(
                        "/api/v1/" + route.replace("<int:", "{").replace("<", "{").replace(">", "}")
                    )
    assert routes
    assert routes <= set(schema["paths"])


def test_every_operation_has_a_typed_success_response(schema):
    for path, method, operation in operations(schema):
        successes = [code for code in operation["responses"] if code.startswith("2")]
        assert successes, f"{method} {path}"
        for code in successes:
            if code != "204":
                content = operation["responses"][code]["content"]["application/json"]
                assert "$ref" in content["schema"], f"{method} {path} {code}"


def test_every_write_with_a_body_has_a_request_model(schema):
    for path, method, operation in operations(schema):
        if method in ("post", "patch"):
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            assert "$ref" in body, f"{method} {path}"


def test_every_operation_documents_its_json_errors(schema):
    for path, method, operation in operations(schema):
        expected = {"400", "401", "404", "422"}
        if method in WRITES:
            expected |= {"403", "409", "413", "429"}
        assert expected <= set(operation["responses"]), f"{method} {path}"


def test_every_create_documents_the_idempotency_key(schema):
    for path, method, operation in operations(schema):
        if method == "post" and "201" in operation["responses"]:
            headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            assert "Idempotency-Key" in headers, path


def test_every_operation_needs_a_token_or_the_login_cookie(schema):
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, method, operation in operations(schema):
        assert {"TokenAuth": []} in operation["security"], f"{method} {path}"


def test_the_set_model_states_si_units(schema):
    fields = schema["components"]["schemas"]["SetOut"]["properties"]
    assert {"load_kg", "distance_m", "duration_s", "logged_at"} <= set(fields)
    assert fields["logged_at"]["format"] == "date-time"


def test_every_list_is_paged_by_cursor(schema):
    for path, _method, operation in operations(schema):
        response = operation["responses"].get("200", {}).get("content", {})
        ref = response.get("application/json", {}).get("schema", {}).get("$ref", "")
        if ref.endswith("Page"):
            names = [p["name"] for p in operation["parameters"]]
            assert {"cursor", "limit"} <= set(names), path


def test_the_docs_page_uses_local_files():
    page = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page


def test_the_how_to_limit_is_the_exercise_forms(schema):
    from workouts.forms.exercises import TEXT_MAX

    for model in ("ExerciseIn", "ExercisePatch"):
        howto = schema["components"]["schemas"][model]["properties"]["howto"]
        limits = [howto.get("maxLength")] + [o.get("maxLength") for o in howto.get("anyOf", [])]
        assert TEXT_MAX in limits, model
