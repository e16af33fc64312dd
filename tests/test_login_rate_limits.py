"""Limits on wrong passwords: counted in a store every worker shares, per client address
(behind the configured number of proxies) and per username."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from .conftest import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LIMITED = "For mange"


@pytest.fixture(autouse=True)
def _no_earlier_attempts(db):
    # The database cache starts empty in each test's transaction; Redis, when the suite
    # runs with REDIS_URL, would not.
    cache.clear()


@pytest.fixture
def kari(municipality):
    return make_user("coordinator", municipality, username="kari")


def _attempt(client, username: str, password: str, address: str = "127.0.0.1", **headers: str) -> str:
    response = client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address, **headers)
    return response.content.decode() if response.status_code == 200 else ""


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _sign_in_and_out(client, username: str) -> None:
    assert client.post(LOGIN, {"login": username, "password": "fagvei-demo"}).status_code == 302
    client.post("/accounts/logout/")
    assert not _logged_in(client)


# The shared store ---------------------------------------------------------------------


def test_failed_logins_are_counted_in_the_database_cache_that_every_worker_reads(client, kari):
    if django_settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        pytest.skip("the suite runs with REDIS_URL; tests/test_settings.py checks the default")
    for _ in range(3):
        _attempt(client, "kari", "feil")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {django_settings.CACHE_TABLE}")  # noqa: S608 - a setting
        keys = [row[0] for row in cursor.fetchall() if ":login_failed:" in row[0]]
    assert keys, "no failed-login count in the database cache table"

    # Another worker process has its own cache object on the same table: it sees the
    # same count of wrong passwords.
    other_worker = DatabaseCache(django_settings.CACHE_TABLE, {})
    counts = [len(other_worker.get(key.split(":", 2)[2])) for key in keys]
    assert max(counts) == 3


# Client addresses behind proxies --------------------------------------------------------


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_the_one_counted(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        _attempt(client, f"ukjent{n}", "feil", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert LIMITED in _attempt(client, "ukjent-a", "feil", HTTP_X_FORWARDED_FOR="203.0.113.1")
    # A different person behind the same proxy is not held back by the first one.
    assert LIMITED not in _attempt(client, "ukjent-b", "feil", HTTP_X_FORWARDED_FOR="203.0.113.2")


def test_without_trusted_proxies_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for n in range(10):
        _attempt(client, f"ukjent{n}", "feil", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert LIMITED in _attempt(client, "ukjent-a", "feil", HTTP_X_FORWARDED_FOR="198.51.100.99")


# Per username --------------------------------------------------------


def test_wrong_passwords_from_many_addresses_slow_guessing_at_a_username(client, kari):
    pages = [_attempt(client, "kari", f"gjetning{n}", address=f"198.51.100.{n}") for n in range(8)]
    assert LIMITED in pages[-1]
    assert LIMITED not in pages[0]
