"""FAGVEI_BASE_URL: an origin, or empty; anything else stops the start, naming it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from fagvei.settings import env_origin


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("https://fagvei.testvik.kommune.no", "https://fagvei.testvik.kommune.no"),
        ("https://fagvei.testvik.kommune.no/", "https://fagvei.testvik.kommune.no"),
        ("  http://127.0.0.1:8000  ", "http://127.0.0.1:8000"),
    ],
)
def test_an_origin_is_read_without_its_trailing_slash(monkeypatch, value, expected):
    monkeypatch.setenv("FAGVEI_BASE_URL", value)
    assert env_origin("FAGVEI_BASE_URL", "") == expected


@pytest.mark.parametrize(
    "value",
    [
        "fagvei.testvik.kommune.no",
        "ftp://fagvei.testvik.kommune.no",
        "https://",
        "https://fagvei.testvik.kommune.no/fagvei",
        "https://fagvei.testvik.kommune.no?x=1",
        "https://bruker:passord@fagvei.testvik.kommune.no",
        "https://fagvei.testvik.kommune.no:port",
    ],
)
def test_anything_else_stops_the_start_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("FAGVEI_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="FAGVEI_BASE_URL"):
        env_origin("FAGVEI_BASE_URL", "")
