"""Personal access tokens: made and revoked in the browser, shown once, kept hashed; a
token acts as its user and no more; failed, expired and revoked tokens get 401 in
Norwegian; each token is held to its requests a minute."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fagvei.api.models import AccessToken
from fagvei.audit.models import AccessLog, Event
from fagvei.pathways.access import visible_pathways
from fagvei.pathways.models import Pathway
from tests.api.conftest import ApiClient
from tests.factories import make_pathway, make_token, make_user

pytestmark = pytest.mark.django_db


def _make_in_browser(client: Any, name: str = "Arkiv", days: int = 30) -> tuple[Any, str]:
    expires = timezone.localdate() + dt.timedelta(days=days)
    response = client.post(reverse("api_tokens"), {"name": name, "expires_on": expires.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'id="new-token">(fagvei_[^<]+)<', html)
    assert found, html
    assert "no-store" in response["Cache-Control"]
    return response, found.group(1)


def test_a_token_made_in_the_browser_is_shown_once_and_kept_only_as_a_hash(client, coordinator):
    client.force_login(coordinator)
    _response, secret = _make_in_browser(client)
    token = AccessToken.objects.get(user=coordinator)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest}
    assert secret.startswith(token.prefix)
    # The list shows the token by name and prefix, never the secret again.
    again = client.get(reverse("api_tokens")).content.decode()
    assert "Arkiv" in again and token.prefix in again and secret not in again
    assert Event.objects.filter(verb="api.token_created", object_id=token.pk).exists()


@pytest.mark.parametrize(
    ("name", "days", "field", "message"),
    [
        ("", 30, "name", "påkrev"),
        ("Arkiv", 0, "expires_on", "Utløpsdatoen må være etter i dag."),
        ("Arkiv", 367, "expires_on", "En tilgangsnøkkel kan gjelde i høyst 366 dager."),
    ],
)
def test_a_bad_token_form_names_its_field_in_norwegian_and_makes_nothing(
    client, coordinator, name, days, field, message
):
    client.force_login(coordinator)
    expires = timezone.localdate() + dt.timedelta(days=days)
    response = client.post(reverse("api_tokens"), {"name": name, "expires_on": expires.isoformat()})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].has_error(field)
    assert not AccessToken.objects.exists()


def test_the_token_lists_exactly_the_pathways_its_user_sees(client, coordinator, scheme, other_municipality):
    from tests.factories import make_scheme

    mine = [make_pathway(scheme, coordinator=coordinator) for _ in range(3)]
    make_pathway(make_scheme(other_municipality, scheme.trade))
    client.force_login(coordinator)
    _response, secret = _make_in_browser(client)
    body = ApiClient(secret).get("/pathways/").json()
    assert {item["id"] for item in body["items"]} == {p.pk for p in mine}
    assert {item["id"] for item in body["items"]} == set(visible_pathways(coordinator).values_list("pk", flat=True))
    assert Pathway.objects.count() == 4


def test_a_token_reads_as_its_user_and_the_access_log_names_the_token(coordinator, scheme):
    pathway = make_pathway(scheme, coordinator=coordinator)
    token, secret = make_token(coordinator, name="Arkivuttrekk")
    response = ApiClient(secret).get(f"/pathways/{pathway.pk}")
    assert response.status_code == 200
    row = AccessLog.objects.get(object_type="pathways.pathway", object_id=pathway.pk)
    assert row.user_id == coordinator.pk and row.token_name == "Arkivuttrekk"
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer fagvei_ikke-en-ekte-nokkel", "Tilgangsnøkkelen er ikke gyldig."),
        ("Bearer noe-annet", "Tilgangsnøkkelen er ikke gyldig."),
        ("Basic dXNlcjpwYXNz", "Send tilgangsnøkkelen slik: Authorization: Bearer <nøkkel>."),
        ("Bearer ", "Send tilgangsnøkkelen slik: Authorization: Bearer <nøkkel>."),
    ],
)
def test_a_wrong_token_gets_401_in_norwegian(client, header, message):
    response = client.get("/api/v1/pathways/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == message


def test_no_credentials_get_401_in_norwegian(client):
    response = client.get("/api/v1/pathways/")
    assert response.status_code == 401
    assert "Logg inn" in response.json()["detail"]


def test_an_expired_token_gets_401_and_says_so(coordinator):
    _token, secret = make_token(coordinator, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        response = ApiClient(secret).get("/pathways/")
    assert response.status_code == 401
    assert "utløpt" in response.json()["detail"]


def test_a_revoked_token_and_a_deactivated_users_token_get_401(client, coordinator, other_coordinator):
    token, secret = make_token(coordinator)
    client.force_login(coordinator)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    assert ApiClient(secret).get("/pathways/").status_code == 401
    _other, other_secret = make_token(other_coordinator)
    other_coordinator.is_active = False
    other_coordinator.save()
    assert ApiClient(other_secret).get("/pathways/").status_code == 401


def test_another_users_token_cannot_be_revoked_or_seen(client, coordinator, other_coordinator):
    token, secret = make_token(other_coordinator, name="Hemmelig")
    client.force_login(coordinator)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert "Hemmelig" not in client.get(reverse("api_tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiClient(secret).get("/pathways/").status_code == 200


def test_each_token_is_held_to_its_requests_a_minute(settings, coordinator, other_coordinator):
    settings.FAGVEI_API_RATE_PER_MINUTE = 3
    _token, secret = make_token(coordinator)
    _other, other_secret = make_token(other_coordinator)
    api = ApiClient(secret)
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        assert [api.get("/pathways/").status_code for _ in range(3)] == [200, 200, 200]
        refused = api.get("/pathways/")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "50"
        assert "For mange forespørsler" in refused.json()["detail"]
        # Another token has its own count.
        assert ApiClient(other_secret).get("/pathways/").status_code == 200


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_never_gets_more_than_its_user_may(coordinator, scheme):
    mentor = make_user("mentor", scheme.organisation)
    pathway = make_pathway(scheme, coordinator=coordinator)
    _token, secret = make_token(mentor)
    # Not on the pathway: not found, as for an id that does not exist.
    assert ApiClient(secret).get(f"/pathways/{pathway.pk}").status_code == 404
    assert ApiClient(secret).get("/pathways/999999").status_code == 404
    assert ApiClient(secret).send("POST", "/people/", {"first_name": "A", "last_name": "B"}).status_code == 403
