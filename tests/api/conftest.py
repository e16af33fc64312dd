from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_token


class ApiClient:
    """A client that speaks JSON to /api/v1/ with a bearer token (or none)."""

    def __init__(self, secret: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers, **extra)

    def send(self, method: str, path: str, body: Any = None, raw: str | None = None, **extra: Any) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method, f"/api/v1{path}", data, content_type="application/json", **self.headers, **extra
        )


@pytest.fixture
def api_as() -> Any:
    def make(user: Any) -> ApiClient:
        return ApiClient(make_token(user)[1])

    return make
