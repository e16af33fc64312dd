"""Limits on wrong passwords: counted in a store every worker shares, per client address
(behind the configured number of proxies) and per username, without letting anyone lock
a user out of the browsers they sign in from."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from fagvei.accounts import known_devices
from tests.factories import make_user

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


# Per username, without lock-out --------------------------------------------------------


def test_wrong_passwords_from_many_addresses_slow_guessing_at_a_username(client, kari):
    pages = [_attempt(client, "kari", f"gjetning{n}", address=f"198.51.100.{n}") for n in range(8)]
    assert LIMITED in pages[-1]
    assert LIMITED not in pages[0]


def test_wrong_passwords_typed_elsewhere_do_not_lock_the_user_out_of_a_browser_they_signed_in_from(
    client, kari, django_user_model
):
    from django.test import Client

    own_browser = client
    _sign_in_and_out(own_browser, "kari")

    attacker = Client()
    for n in range(20):
        _attempt(attacker, "kari", f"gjetning{n}", address=f"198.51.100.{n}")
    assert LIMITED in _attempt(attacker, "kari", "fagvei-demo", address="198.51.100.200")
    assert not _logged_in(attacker)

    _attempt(own_browser, "kari", "fagvei-demo")
    assert _logged_in(own_browser)


def test_a_browser_that_signed_in_before_is_still_limited_on_wrong_passwords(client, kari):
    _sign_in_and_out(client, "kari")
    pages = [_attempt(client, "kari", f"gjetning{n}", address=f"198.51.100.{n}") for n in range(8)]
    assert LIMITED in pages[-1]
    assert LIMITED in _attempt(client, "kari", "fagvei-demo", address="198.51.100.200")
    assert not _logged_in(client)


def test_a_browser_known_for_one_username_is_an_unknown_browser_for_another(client, municipality, kari):
    make_user("coordinator", municipality, username="ola")
    _sign_in_and_out(client, "ola")
    from django.test import Client

    attacker = Client()
    for n in range(8):
        _attempt(attacker, "kari", f"gjetning{n}", address=f"198.51.100.{n}")
    assert LIMITED in _attempt(client, "kari", "fagvei-demo", address="198.51.100.201")


def test_a_forged_device_cookie_counts_as_an_unknown_browser(client, kari):
    from django.test import Client

    attacker = Client()
    for n in range(8):
        _attempt(attacker, "kari", f"gjetning{n}", address=f"198.51.100.{n}")
    client.cookies[known_devices.COOKIE] = '{"id": "mine", "logins": ["kari"]}'
    assert LIMITED in _attempt(client, "kari", "fagvei-demo", address="198.51.100.202")
    assert not _logged_in(client)


def test_the_device_cookie_is_set_only_once_the_login_is_complete(client, kari):
    response = client.post(LOGIN, {"login": "kari", "password": "feil"})
    assert known_devices.COOKIE not in response.cookies
    response = client.post(LOGIN, {"login": "kari", "password": "fagvei-demo"})
    cookie = response.cookies[known_devices.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
