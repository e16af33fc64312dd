"""The calendar page and the API: a user makes their feed's address, sees it once, makes a
new one (the old stops working) or turns the feed off; all without JavaScript, behind
the login and the CSRF check."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fagvei.calendars.models import FeedToken
from tests.api.conftest import ApiClient
from tests.factories import make_token

pytestmark = pytest.mark.django_db
FEED = re.compile(r"http://testserver/calendar/feed/[A-Za-z0-9_-]+\.ics")


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _address(response: Any) -> str:
    found = set(FEED.findall(response.content.decode()))
    assert len(found) == 1, found
    return found.pop()


def test_anonymous_is_sent_to_the_login(cast):
    for method, name in (("get", "calendar"), ("post", "calendar_new"), ("post", "calendar_off")):
        response = getattr(Client(), method)(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_page_says_there_is_no_feed_yet_and_offers_to_make_one(cast):
    response = _as(cast.mentor).get(reverse("calendar"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kalender-abonnement" in html
    assert "Du har ikke noe kalenderabonnement." in html
    assert f'action="{reverse("calendar_new")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert not FEED.search(html)


def test_the_address_is_shown_once_in_the_answer_to_the_post_and_never_again(cast):
    client = _as(cast.mentor)
    made = client.post(reverse("calendar_new"))
    assert made.status_code == 200
    assert "Location" not in made
    assert "no-store" in made["Cache-Control"] or "no-cache" in made["Cache-Control"]
    address = _address(made)
    assert "webcal://testserver/calendar/feed/" in made.content.decode()
    assert Client().get(address).status_code == 200
    secret = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in repr(dict(client.session))
    again = client.get(reverse("calendar"))
    assert secret not in again.content.decode()
    assert "Du har et kalenderabonnement" in again.content.decode()
    assert "Har du mistet den, må du lage en ny." in again.content.decode()


def test_a_new_address_kills_the_old_and_the_page_warns_of_it(cast):
    client = _as(cast.participant)
    old = _address(client.post(reverse("calendar_new")))
    page = client.get(reverse("calendar")).content.decode()
    assert "slutter den gamle å virke med en gang" in page
    new = _address(client.post(reverse("calendar_new")))
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_turning_it_off_kills_the_address(cast):
    client = _as(cast.participant)
    address = _address(client.post(reverse("calendar_new")))
    response = client.post(reverse("calendar_off"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("calendar")
    assert "Kalenderabonnementet er slått av." in response.content.decode()
    assert Client().get(address).status_code == 404
    again = client.post(reverse("calendar_off"), follow=True)
    assert "Du har ikke noe kalenderabonnement å slå av." in again.content.decode()


def test_a_post_without_the_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.participant)
    assert client.post(reverse("calendar_new")).status_code == 403
    assert client.post(reverse("calendar_off")).status_code == 403
    assert not FeedToken.objects.filter(user=cast.participant).exists()


def test_the_page_is_in_the_user_menu_and_on_the_deadline_list(cast):
    client = _as(cast.coordinator)
    assert f'href="{reverse("calendar")}"' in client.get(reverse("home")).content.decode()
    assert f'href="{reverse("calendar")}"' in client.get(reverse("deadline_list")).content.decode()


def test_the_page_costs_a_few_queries(cast, django_assert_max_num_queries):
    client = _as(cast.coordinator)
    client.post(reverse("calendar_new"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("calendar")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.post(reverse("calendar_new")).status_code == 200


# The API --------------------------------------------------------------------------------


def test_the_api_makes_shows_and_revokes_the_feed(cast):
    api = ApiClient(make_token(cast.participant)[1])
    assert api.get("/calendar").json() == {"active": False, "created_at": None, "last_used_at": None}
    made = api.send("POST", "/calendar/regenerate")
    assert made.status_code == 200
    address = made.json()["url"]
    assert FEED.fullmatch(address)
    assert Client().get(address).status_code == 200
    shown = api.get("/calendar").json()
    assert shown["active"] is True and shown["created_at"].endswith("+01:00")
    assert shown["last_used_at"] is not None
    assert "url" not in shown
    revoked = api.send("DELETE", "/calendar")
    assert revoked.status_code == 200 and revoked.json() == {"active": False, "revoked": True}
    assert Client().get(address).status_code == 404
    assert api.send("DELETE", "/calendar").json() == {"active": False, "revoked": False}


def test_the_api_and_the_page_share_one_feed(cast):
    api = ApiClient(make_token(cast.participant)[1])
    old = api.send("POST", "/calendar/regenerate").json()["url"]
    new = _address(_as(cast.participant).post(reverse("calendar_new")))
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_the_api_refuses_anonymous_requests(cast):
    assert ApiClient().get("/calendar").status_code == 401
    assert ApiClient().send("POST", "/calendar/regenerate").status_code == 401
    assert not FeedToken.objects.exists()
