"""The OpenAPI document and the documentation page rendered from it."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from fagvei.api.urls import api

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


def test_the_document_is_openapi_3_and_every_operation_documents_its_answers(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    # Valid against the OpenAPI specification itself (raises on the first fault).
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "fagvei API"
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}
    operations = [
        (path, method, op) for path, item in schema["paths"].items() for method, op in item.items() if method in METHODS
    ]
    assert len(operations) >= 7
    ids = set()
    for path, method, op in operations:
        assert op.get("summary"), (method, path)
        assert op.get("security"), (method, path)
        codes = set(op["responses"])
        assert {"401", "404", "422"} <= codes, (method, path, codes)
        if method != "get":
            assert {"403", "409"} <= codes, (method, path, codes)
        ids.add(op["operationId"])
        for code, answer in op["responses"].items():
            # Every answer is JSON, but a file's download (its own type, declared binary).
            content = answer.get("content", {})
            binary = any(c.get("schema", {}).get("format") == "binary" for c in content.values())
            assert "application/json" in content or binary, (method, path, code)
    assert len(ids) == len(operations)
    # Every $ref points at a schema that is there.
    text = response.content.decode()
    for name in {part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]}:
        assert name in schema["components"]["schemas"], name


def test_the_documentation_page_lists_every_operation_without_scripts(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, item in schema["paths"].items():
        for method in item:
            if method in METHODS:
                assert f"{method.upper()} {path}" in html, (method, path)
    assert "<script" not in html.split("</header>", 1)[1]
    assert "cdn" not in html.lower()
    assert "Content-Security-Policy" in response or "Content-Security-Policy-Report-Only" in response


def test_the_documentation_and_the_document_read_in_norwegian(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "Opplæringsløpene du ser" in html and "Bare feltene som sendes, endres." in html
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/pathways/"]["get"]["summary"] == "Opplæringsløpene du ser"
