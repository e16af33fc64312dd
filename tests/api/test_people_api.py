"""People through the API: the page's scope, forms and domain functions."""

from __future__ import annotations

import pytest

from fagvei.audit.models import AccessLog
from fagvei.people.models import Person
from tests.api.conftest import ApiClient
from tests.factories import make_pathway, make_person, make_user

pytestmark = pytest.mark.django_db


def _valid_national_id() -> str:
    from stdnum.no import fodselsnummer

    # The first valid number of a date: tried in order, so the test does not hang on one.
    for serial in range(0, 500):
        base = f"150590{serial:03}"
        for k1 in range(10):
            for k2 in range(10):
                number = f"{base}{k1}{k2}"
                if fodselsnummer.is_valid(number):
                    return number
    raise AssertionError("no valid number")


def test_the_list_is_the_users_people_in_norwegian_order_without_national_ids(api_as, coordinator, municipality):
    make_person("Åse", "Ås", registered_by_organisation=municipality, national_id=_valid_national_id())
    make_person("Ola", "Berg", registered_by_organisation=municipality)
    make_person("Zara", "Zeta")  # registered by nobody: outside the scope
    body = api_as(coordinator).get("/people/").json()
    names = [item["last_name"] for item in body["items"]]
    # The coordinator's own person comes in the scope too; Norwegian order puts Ås last.
    assert names.index("Berg") < names.index("Ås")
    assert "Zeta" not in names
    assert all("national_id" not in item for item in body["items"])
    assert body["page"] == 1 and body["next"] is None and body["count"] == len(names)


def test_the_list_pages_with_links_and_searches_names(api_as, coordinator, municipality):
    for i in range(30):
        make_person("Deltaker", f"Nummer{i:02}", registered_by_organisation=municipality)
    api = api_as(coordinator)
    first = api.get("/people/").json()
    assert len(first["items"]) == 25 and first["next"].endswith("page=2")
    second = api.get("/people/", {"page": 2}).json()
    assert second["previous"].endswith("page=1")
    ids = [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]]
    assert len(ids) == len(set(ids))
    found = api.get("/people/", {"q": "nummer07"}).json()
    assert [i["last_name"] for i in found["items"]] == ["Nummer07"]


def test_a_person_outside_the_scope_is_404_like_one_that_does_not_exist(api_as, coordinator):
    outside = make_person("Ute", "Utenfor")
    api = api_as(coordinator)
    for path in (f"/people/{outside.pk}", "/people/999999"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["detail"] == "Fant ikke."
    assert not AccessLog.objects.filter(object_id=outside.pk, object_type="people.person").exists()


def test_the_full_national_id_only_to_those_who_may_change_the_person(api_as, coordinator, scheme, municipality):
    number = _valid_national_id()
    person = make_person("Kari", "Nordmann", registered_by_organisation=municipality, national_id=number)
    pathway = make_pathway(scheme, participant=person, coordinator=coordinator)
    mentor = make_user(None, username="fadder1")
    pathway.members.create(person=mentor.person, role="mentor")
    mine = api_as(coordinator).get(f"/people/{person.pk}").json()
    assert mine["national_id"] == number and mine["can_manage"] is True
    theirs = api_as(mentor).get(f"/people/{person.pk}").json()
    assert theirs["national_id"] is None and theirs["national_id_masked"].startswith("150590")
    assert number not in str(theirs)
    logged = AccessLog.objects.filter(object_id=person.pk, object_type="people.person")
    assert logged.filter(user=coordinator, detail="api: national identity number").exists()
    assert logged.filter(user=mentor).count() == 1


def test_a_coordinator_registers_and_corrects_a_person(api_as, coordinator, municipality):
    api = api_as(coordinator)
    number = _valid_national_id()
    made = api.send("POST", "/people/", {"first_name": "Amina", "last_name": "Hassan", "national_id": number})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["birth_date"] == "1990-05-15"
    person = Person.objects.get(pk=body["id"])
    assert person.registered_by_organisation == municipality
    changed = api.send("PATCH", f"/people/{person.pk}", {"phone": "912 34 567", "version": body["version"]})
    assert changed.status_code == 200, changed.json()
    person.refresh_from_db()
    assert person.phone == "912 34 567" and person.first_name == "Amina" and person.national_id == number
    stale = api.send("PATCH", f"/people/{person.pk}", {"phone": "1", "version": body["version"]})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version"
    person.refresh_from_db()
    assert person.phone == "912 34 567"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"last_name": "Hassan"}, "first_name", "påkrev"),
        ({"first_name": "A", "last_name": "B", "birth_date": "15.13.2001"}, "birth_date", "Oppgi en gyldig dato."),
        ({"first_name": "A", "last_name": "B", "national_id": "12345678901"}, "national_id", "Ikke et gyldig"),
        ({"first_name": ["A"], "last_name": "B"}, "first_name", "Skriv inn tekst."),
        ({"first_name": "A", "last_name": "B", "preferred_language": "xx"}, "preferred_language", "gyldig"),
        ({"first_name": "A", "last_name": "B", "email": "ikke-epost"}, "email", "e-post"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_saves_nothing(api_as, coordinator, body, field, message):
    before = Person.objects.count()
    response = api_as(coordinator).send("POST", "/people/", body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and message.lower() in e["message"].lower() for e in errors), errors
    assert Person.objects.count() == before


def test_bad_json_is_422_in_norwegian(api_as, coordinator):
    response = api_as(coordinator).send("POST", "/people/", raw="{not json")
    assert response.status_code == 422
    assert "JSON" in str(response.json())


def test_a_reader_may_not_change_a_person(api_as, coordinator, scheme, municipality):
    person = make_person("Kari", "Nordmann", registered_by_organisation=municipality)
    pathway = make_pathway(scheme, participant=person, coordinator=coordinator)
    mentor = make_user(None, username="fadder2")
    pathway.members.create(person=mentor.person, role="mentor")
    response = api_as(mentor).send("PATCH", f"/people/{person.pk}", {"phone": "1", "version": person.version})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.phone == ""


def test_the_browser_session_needs_the_csrf_header_to_write(coordinator):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    api = ApiClient(client=browser)
    assert api.get("/people/").status_code == 200
    refused = api.send("POST", "/people/", {"first_name": "A", "last_name": "B"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser.get("/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    made = api.send("POST", "/people/", {"first_name": "A", "last_name": "B"}, HTTP_X_CSRFTOKEN=token)
    assert made.status_code == 201
