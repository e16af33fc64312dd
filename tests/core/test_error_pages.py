"""Error pages in bokmål, in the site's layout (skip link, header, a way back), with the
right status: 400, 403, 404, 429, 500 and a refused form (CSRF)."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

LAYOUT = ['class="ds-skip-link"', 'class="site-header"', 'class="site-logo"', "Gå til forsiden"]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _assert_error_page(response, status: int, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f">{heading}</h1>" in html
    assert 'lang="nb"' in html
    for part in LAYOUT:
        assert part in html, part
    return html


@pytest.mark.django_db
def test_a_missing_page_is_a_norwegian_404_with_the_navigation(client, coordinator):
    client.force_login(coordinator)
    html = _assert_error_page(client.get("/finnes-ikke/"), 404, "Fant ikke siden")
    assert 'aria-label="Hovedmeny"' in html
    assert "Logg ut" in html


@pytest.mark.django_db
def test_a_missing_page_is_a_norwegian_404_for_an_anonymous_visitor_too(client):
    _assert_error_page(client.get("/finnes-ikke/"), 404, "Fant ikke siden")


@pytest.mark.django_db
def test_a_refusal_is_a_norwegian_403_in_the_layout(client, coordinator):
    client.force_login(coordinator)
    # allauth's guard on the admin login refuses a signed-in user who is not staff.
    _assert_error_page(client.get("/admin/login/"), 403, "Ikke tillatt")


@pytest.mark.django_db
def test_a_form_sent_without_a_valid_csrf_token_gets_a_norwegian_403_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"login": "kari", "password": "fagvei-demo"})
    html = _assert_error_page(response, 403, "Skjemaet kunne ikke sendes")
    assert "last inn siden på nytt" in html


@pytest.mark.django_db
def test_a_bad_host_header_is_a_norwegian_400(client):
    _assert_error_page(client.get("/", HTTP_HOST="angriper.example"), 400, "Ugyldig forespørsel")


@pytest.mark.django_db
def test_too_many_login_attempts_is_a_norwegian_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post("/accounts/login/", {"login": "kari", "password": "feil"})
    _assert_error_page(client.post("/accounts/login/", {"login": "kari", "password": "feil"}), 429, "For mange forsøk")


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
def test_a_server_error_is_a_norwegian_500_in_the_layout(client, coordinator):
    client.force_login(coordinator)
    client.raise_request_exception = False
    html = _assert_error_page(client.get("/test-error/"), 500, "Noe gikk galt")
    assert "a bug" not in html


def test_the_500_page_renders_without_a_request_and_without_the_database():
    # As Django's server_error renders it: no request, no context processors. This test
    # has no database access, so a query would fail it.
    with translation.override("nb"):
        html = loader.get_template("500.html").render()
    assert ">Noe gikk galt</h1>" in html
    assert 'class="ds-skip-link"' in html
    assert "csrfmiddlewaretoken" not in html
