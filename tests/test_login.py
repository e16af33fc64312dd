"""Login with django-allauth: local accounts, no self-registration."""

import pytest

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_bokmal_and_offers_no_sign_up(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Logg inn i fagvei" in html
    assert "/accounts/signup/" not in html
    assert 'class="ds-input"' in html


def test_sign_up_is_closed(client):
    response = client.post("/accounts/signup/", {"username": "ny", "password1": "x9!kjhgfd", "password2": "x9!kjhgfd"})
    assert 'name="password1"' not in response.content.decode()
    from fagvei.accounts.models import User

    assert not User.objects.filter(username="ny").exists()


def test_a_wrong_password_is_refused_with_a_message(client, municipality):
    make_user("coordinator", municipality, username="kari")
    response = client.post("/accounts/login/", {"login": "kari", "password": "feil"})
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_rotates_the_session_and_logout_ends_it(client, municipality):
    make_user("coordinator", municipality, username="kari")
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    response = client.post("/accounts/login/", {"login": "kari", "password": "fagvei-demo"})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_the_password_reset_page_uses_designsystemet(client):
    html = client.get("/accounts/password/reset/").content.decode()
    assert 'class="ds-input"' in html
