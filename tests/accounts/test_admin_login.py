"""The admin is reached through allauth's login: its rate limits and MFA, never Django's
own admin login form."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache

from tests.factories import make_user

pytestmark = pytest.mark.django_db

ENTRY_POINTS = ["/admin/login/?next=/admin/", "/accounts/login/?next=/admin/"]


@pytest.fixture(autouse=True)
def _no_earlier_attempts():
    cache.clear()


@pytest.fixture
def admin_user(db):
    return make_user(None, username="sjef", superuser=True)


def _login_form_url(client, entry: str) -> str:
    """Where a browser that opens ``entry`` ends up typing the password."""
    response = client.get(entry)
    if response.status_code == 302:
        return response.url
    assert response.status_code == 200
    return entry


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_page_sends_the_visitor_to_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_a_password_posted_to_the_admin_login_form_logs_nobody_in(client, admin_user):
    response = client.post("/admin/login/?next=/admin/", {"username": "sjef", "password": "fagvei-demo"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_administrator_without_mfa_reaches_the_admin_after_the_allauth_login(client, admin_user, entry):
    response = client.post(_login_form_url(client, entry), {"login": "sjef", "password": "fagvei-demo"})
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_wrong_passwords_are_rate_limited_and_then_the_right_one_is_refused_too(client, admin_user, entry):
    url = _login_form_url(client, entry)
    for attempt in range(1, 21):
        page = client.post(url, {"login": "sjef", "password": f"gjetning{attempt}"}).content.decode()
        if "For mange" in page:
            break
    else:
        pytest.fail("twenty wrong passwords in a row were never rate limited")
    assert attempt <= 11

    page = client.post(url, {"login": "sjef", "password": "fagvei-demo"}).content.decode()
    assert "For mange" in page
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_administrator_with_totp_gets_the_code_step_not_the_admin_with_the_password_alone(client, admin_user, entry):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)

    response = client.post(_login_form_url(client, entry), {"login": "sjef", "password": "fagvei-demo"})
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302
    response = client.post("/admin/login/?next=/admin/", {"username": "sjef", "password": "fagvei-demo"})
    assert not _logged_in(client)

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get("/admin/").status_code == 200
