"""The county adviser's list of the concerns their county was informed of (seed 004:
"Rådgiver ved fagopplæring skal informeres"), its start-page panel and its API route."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fagvei.audit.models import AccessLog
from tests.api.conftest import ApiClient
from tests.concerns.conftest import call_clarification, hold_conversation, register
from tests.factories import make_token

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _informed(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    return call_clarification(concern, coordinator)


def test_the_adviser_lists_what_their_county_was_told_of(pathway, coordinator, adviser, other_adviser):
    informed = _informed(pathway, coordinator)
    quiet = register(pathway, coordinator)
    page = client_for(adviser).get(reverse("county_concerns"), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert reverse("concern_detail", args=[informed.pk]) in page
    assert reverse("concern_detail", args=[quiet.pk]) not in page
    detail = AccessLog.objects.filter(object_type="concerns.concern", object_id=informed.pk).values_list(
        "detail", flat=True
    )
    assert list(detail) == ["county concern list; role=county_adviser"]
    other = client_for(other_adviser).get(reverse("county_concerns")).content.decode()
    assert reverse("concern_detail", args=[informed.pk]) not in other


def test_the_start_page_tells_the_adviser_how_many_are_open(pathway, coordinator, adviser):
    _informed(pathway, coordinator)
    page = client_for(adviser).get("/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert reverse("county_concerns") in page
    assert reverse("county_concerns") not in client_for(coordinator).get("/").content.decode()


def test_no_county_list_for_those_who_advise_no_county(pathway, coordinator, mentor):
    assert client_for(coordinator).get(reverse("county_concerns")).status_code == 404
    assert client_for(mentor).get(reverse("county_concerns")).status_code == 404
    assert ApiClient(make_token(coordinator)[1]).get("/county/concerns").status_code == 404


def test_the_county_list_in_the_api(pathway, coordinator, adviser):
    informed = _informed(pathway, coordinator)
    body = ApiClient(make_token(adviser)[1]).get("/county/concerns").json()
    assert [c["id"] for c in body] == [informed.pk]
    assert "categories" not in body[0] and "description" not in body[0]
