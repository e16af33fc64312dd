"""Equipment loans (seed 002 § 6: iPads): managers of the pathway lend and mark returned;
the participant sees their own; others 404; what is still out shows on the pathway page,
emphasised when the pathway is ending or closed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.equipment import services
from fagvei.equipment.models import Loan

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def ipad(pathway, coordinator):
    return services.lend(
        actor=coordinator, pathway_id=pathway.pk, item="iPad", identifier="SN-123", lent_on=D(2026, 1, 5)
    )


def test_lend_and_return_with_events_holding_ids_only(ipad, coordinator):
    loan = services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2026, 6, 1), expected_version=1)
    assert (loan.returned_on, loan.version) == (D(2026, 6, 1), 2)
    assert [e.data for e in Event.objects.filter(verb__startswith="loan.").order_by("id")] == [
        {"loan": ipad.pk},
        {"loan": ipad.pk},
    ]


def test_refusals(ipad, coordinator, manager, pathway):
    with pytest.raises(DomainError) as exc:
        services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2025, 12, 1))
    assert exc.value.field == "returned_on"
    with pytest.raises(StaleObject):
        services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2026, 2, 1), expected_version=9)
    with pytest.raises(DomainError):
        services.mark_returned(actor=manager, loan_id=ipad.pk, returned_on=D(2026, 2, 1))
    with pytest.raises(DomainError) as exc:
        services.lend(actor=coordinator, pathway_id=pathway.pk, item=" ", lent_on=D(2026, 1, 5))
    assert exc.value.field == "item"
    services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2026, 2, 1))
    with pytest.raises(DomainError):
        services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2026, 2, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.filter(pk=ipad.pk).update(returned_on=D(2025, 1, 1))


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("coordinator", 200, 302),
        ("participant", 200, 403),
        ("manager", 404, 404),
        ("instructor", 404, 404),
        ("mentor", 404, 404),
        ("other_coordinator", 404, 404),
    ],
)
def test_access_by_persona(who, read, write, request, pathway, ipad, client_as):
    client = client_as(request.getfixturevalue(who))
    assert client.get(f"/pathways/{pathway.pk}/equipment/").status_code == read
    response = client.post(f"/pathways/{pathway.pk}/equipment/new/", {"item": "Nøkkelkort", "lent_on": "2026-02-01"})
    assert response.status_code == write
    returned = client.post(f"/loans/{ipad.pk}/return/", {"returned_on": "2026-03-01", "version": 1})
    assert returned.status_code == (302 if who == "coordinator" else write)


def test_bad_input_is_422_naming_the_field(pathway, coordinator, ipad, client_as):
    client = client_as(coordinator)
    response = client.post(f"/pathways/{pathway.pk}/equipment/new/", {"item": "", "lent_on": "2026-02-01"})
    assert response.status_code == 422 and "item" in response.context["form"].errors
    response = client.post(f"/loans/{ipad.pk}/return/", {"returned_on": "2025-01-01", "version": 1})
    assert response.status_code == 422
    assert Loan.objects.get().returned_on is None


def test_the_section_lists_what_is_out_and_emphasises_it_when_ending(pathway, ipad, coordinator, client_as):
    client = client_as(coordinator)
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "Utlånt utstyr" in page and "SN-123" in page
    assert "Utstyr som ikke er levert tilbake" not in page
    pathway.contract.end_date = dt.date.today() + dt.timedelta(days=20)
    pathway.contract.save()
    page = client.get(f"/pathways/{pathway.pk}/").content.decode()
    assert "Utstyr som ikke er levert tilbake" in page
    services.mark_returned(actor=coordinator, loan_id=ipad.pk, returned_on=D(2026, 2, 1))
    assert "Utstyr som ikke er levert tilbake" not in client.get(f"/pathways/{pathway.pk}/").content.decode()


def test_a_closed_pathway_emphasises_it(pathway, ipad, coordinator, client_as):
    pathway.stage, pathway.end_reason = "ended", "other"
    pathway.save()
    assert (
        "Utstyr som ikke er levert tilbake" in client_as(coordinator).get(f"/pathways/{pathway.pk}/").content.decode()
    )


def test_the_api(pathway, coordinator, participant, ipad, client_as):
    client = client_as(coordinator)
    listed = client.get(f"/api/v1/pathways/{pathway.pk}/equipment")
    assert listed.status_code == 200 and listed.json()[0]["identifier"] == "SN-123"
    created = client.post(
        f"/api/v1/pathways/{pathway.pk}/equipment",
        json.dumps({"item": "iPad", "lent_on": "2026-02-01"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    loan_id = created.json()["id"]
    done = client.post(
        f"/api/v1/loans/{loan_id}/return", json.dumps({"returned_on": "2026-01-01"}), content_type="application/json"
    )
    assert done.status_code == 422
    done = client.post(
        f"/api/v1/loans/{loan_id}/return",
        json.dumps({"returned_on": "2026-03-01", "version": 1}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["returned_on"] == "2026-03-01"
    mine = client_as(participant)
    assert mine.get(f"/api/v1/pathways/{pathway.pk}/equipment").status_code == 200
    assert (
        mine.post(
            f"/api/v1/pathways/{pathway.pk}/equipment",
            json.dumps({"item": "x", "lent_on": "2026-02-01"}),
            content_type="application/json",
        ).status_code
        == 403
    )
