"""Login with django-allauth: local accounts, no self-registration."""

import pytest

from tests.factories import make_person, make_user

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


def test_a_wrong_password_says_the_login_failed_not_that_something_must_be_corrected(client, municipality):
    make_user("coordinator", municipality, username="kari")
    html = client.post("/accounts/login/", {"login": "kari", "password": "feil"}).content.decode()
    assert "Innlogging mislyktes" in html
    assert "Brukernavnet og/eller passordet du oppgav er feil." in html
    assert "Rett opp følgende før du lagrer" not in html


def test_a_form_that_saves_keeps_the_heading_that_asks_for_corrections(client, coordinator):
    client.force_login(coordinator)
    html = client.post("/people/new/", {"first_name": "", "last_name": ""}).content.decode()
    assert "Rett opp følgende før du lagrer" in html
    assert "Innlogging mislyktes" not in html


def _header_name(html: str) -> str:
    return html.split('<span class="site-user__name">', 1)[1].split("</span>", 1)[0]


def test_the_header_names_the_user_by_full_name_else_by_their_person_else_by_username(client, municipality):
    from fagvei.accounts.models import User

    named = make_user("coordinator", municipality, username="kari", person=make_person("Kari", "Brukersen"))
    named.first_name, named.last_name = "Kari", "Nordmann"
    named.save()
    via_person = make_user("coordinator", municipality, username="amina", person=make_person("Amina", "Hassan"))
    bare = User.objects.create_user(username="bare", password="x")
    expected = {named: "Kari Nordmann", via_person: "Amina Hassan", bare: "bare"}
    for user, name in expected.items():
        client.force_login(user)
        html = client.get("/").content.decode()
        assert _header_name(html) == name
        assert f"Velkommen, {name}" in html


def test_naming_the_user_in_the_header_costs_no_query_of_its_own(client, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    via_person = make_user("coordinator", municipality, username="amina", person=make_person("Amina", "Hassan"))
    named = make_user("coordinator", municipality, username="kari")
    named.first_name, named.last_name = "Kari", "Nordmann"
    named.save()

    def person_reads(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").content.decode()
        assert _header_name(html) == user.display_name
        return [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]

    # The person comes with the user, in the query that reads the user from the session.
    assert person_reads(via_person) == []
    assert person_reads(named) == []
