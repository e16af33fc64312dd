"""Organisations and trade approvals through the API."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.organisations.models import Organisation, TradeApproval
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def test_the_list_searches_and_filters_by_kind_and_approved_trade(api_as, coordinator, trade):
    approved = make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden barnehage")
    make_org(Organisation.Kind.TRAINING_COMPANY, "Skyggesiden barnehage")
    make_org(Organisation.Kind.TRAINING_OFFICE, "Opplæringskontoret Solsiden")
    TradeApproval.objects.create(organisation=approved, trade=trade, approved_on=timezone.localdate())
    api = api_as(coordinator)
    found = api.get("/organisations/", {"q": "solsiden"}).json()
    assert {o["name"] for o in found["items"]} == {"Solsiden barnehage", "Opplæringskontoret Solsiden"}
    companies = api.get("/organisations/", {"q": "barnehage", "kind": "training_company"}).json()
    assert {o["name"] for o in companies["items"]} == {"Solsiden barnehage", "Skyggesiden barnehage"}
    with_trade = api.get("/organisations/", {"trade": trade.pk}).json()
    assert [(o["name"], o["active_approvals"]) for o in with_trade["items"]] == [("Solsiden barnehage", 1)]
    assert api.get("/organisations/", {"kind": "castle"}).status_code == 422


def test_a_coordinator_registers_and_changes_an_organisation(api_as, coordinator, municipality):
    api = api_as(coordinator)
    made = api.send(
        "POST",
        "/organisations/",
        {"name": "Fjordvik sykehjem", "kind": "training_company", "org_number": "974 760 673"},
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["org_number"] == "974760673" and body["can_manage"] is True
    assert Organisation.objects.get(pk=body["id"]).registered_by_organisation == municipality
    changed = api.send("PATCH", f"/organisations/{body['id']}", {"phone": "55 55 55 55", "version": body["version"]})
    assert changed.status_code == 200 and changed.json()["phone"] == "55 55 55 55"
    assert changed.json()["name"] == "Fjordvik sykehjem"
    duplicate = api.send(
        "POST", "/organisations/", {"name": "Kopi", "kind": "training_company", "org_number": "974760673"}
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "org_number"
    assert Organisation.objects.filter(name="Kopi").count() == 0


def test_the_county_decides_approvals_and_a_coordinator_registers_the_countys_decision(api_as, coordinator, trade):
    county = make_org(Organisation.Kind.COUNTY, "Vestland fylkeskommune")
    adviser = make_user(Role.COUNTY_ADVISER, county, username="raadgiver1")
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Bedriften", county=county)
    today = timezone.localdate().isoformat()
    # The county registers its own decision; no reference needed.
    made = api_as(adviser).send(
        "POST", f"/organisations/{company.pk}/approvals", {"trade": trade.pk, "approved_on": today}
    )
    assert made.status_code == 201, made.json()
    approval = made.json()["approvals"][0]
    assert approval["status"] == "active" and set(approval["may_become"]) == {"lapsed", "withdrawn"}
    lapsed = api_as(adviser).send(
        "POST", f"/organisations/{company.pk}/approvals/{approval['id']}/status", {"status": "lapsed"}
    )
    assert lapsed.status_code == 200 and lapsed.json()["approvals"][0]["status"] == "lapsed"
    status_url = f"/organisations/{company.pk}/approvals/{approval['id']}/status"
    assert api_as(adviser).send("POST", status_url, {"status": "withdrawn"}).status_code == 200
    # A move the table does not allow (withdrawn → lapsed) is refused, and nothing changes.
    again = api_as(adviser).send("POST", status_url, {"status": "lapsed"})
    assert again.status_code == 422 and again.json()["detail"]
    assert TradeApproval.objects.get(pk=approval["id"]).status == "withdrawn"
    # A coordinator may not decide.
    refused = api_as(coordinator).send(
        "POST", f"/organisations/{company.pk}/approvals/{approval['id']}/status", {"status": "active"}
    )
    assert refused.status_code == 403
    assert TradeApproval.objects.get(pk=approval["id"]).status == "withdrawn"


def test_an_approval_of_another_organisation_is_404(api_as, trade):
    county = make_org(Organisation.Kind.COUNTY, "Agder fylkeskommune")
    adviser = make_user(Role.COUNTY_ADVISER, county, username="raadgiver2")
    one = make_org(Organisation.Kind.TRAINING_COMPANY, "En", county=county)
    other = make_org(Organisation.Kind.TRAINING_COMPANY, "To", county=county)
    approval = TradeApproval.objects.create(organisation=other, trade=trade, approved_on=timezone.localdate())
    response = api_as(adviser).send(
        "POST", f"/organisations/{one.pk}/approvals/{approval.pk}/status", {"status": "lapsed"}
    )
    assert response.status_code == 404
