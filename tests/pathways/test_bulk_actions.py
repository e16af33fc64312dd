"""The pathway list's actions on many pathways (issue 12): hand them to another
coordinator in one action, each change audited, all or none; export them; filter and
sort the list by risk. Refusals: an id outside the scope is a 404, one seen but not
managed is refused by name, a coordinator not offered is refused, bad input names the
field, and nothing is half-done."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog, Event
from fagvei.guidance.models import GuidanceEntry
from fagvei.pathways.models import Pathway, PathwayMember
from tests.api.conftest import ApiClient
from tests.factories import make_pathway, make_person, make_token, make_user

pytestmark = pytest.mark.django_db

BULK = "/pathways/selected/"


@pytest.fixture
def caseload(scheme: Any, coordinator: Any) -> list[Any]:
    """Three pathways in training for three weeks, each with an instructor; the first has
    had guidance today."""
    started = timezone.localdate() - dt.timedelta(days=21)
    instructor = make_person("Ivar", "Instruktør")
    pathways = [
        make_pathway(
            scheme,
            stage="in_training",
            coordinator=coordinator,
            participant=make_person(first, last),
            started_on=started,
        )
        for first, last in (("Anna", "Lærling"), ("Berit", "Lærling"), ("Cmd", "=SUM(A1)"))
    ]
    for pathway in pathways:
        PathwayMember.objects.create(pathway=pathway, person=instructor, role=PathwayMember.Role.INSTRUCTOR)
    GuidanceEntry.objects.create(
        pathway=pathways[0], given_on=timezone.localdate(), note="", author=coordinator, created_at=timezone.now()
    )
    return pathways


@pytest.fixture
def colleague(municipality: Any) -> Any:
    return make_user(Role.COORDINATOR, municipality, username="kollega", person=make_person("Kari", "Kollega"))


def _messages(response: Any) -> list[str]:
    """The messages the action left for the list (which shows, and so clears, them)."""
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    response.client.get(response["Location"])
    return shown


# Reassignment --------------------------------------------------------------------------


def test_the_coordinator_gives_many_pathways_to_a_colleague(
    client: Any, caseload: list[Any], coordinator: Any, colleague: Any
) -> None:
    client.force_login(coordinator)
    chosen = [caseload[0].pk, caseload[1].pk]
    response = client.post(
        BULK,
        {"pathways": chosen, "action": "reassign", "coordinator": colleague.pk, "next": "/pathways/?stage=in_training"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/pathways/?stage=in_training"
    assert _messages(response) == ["2 opplæringsløp har fått ny koordinator."]
    assert set(Pathway.objects.filter(coordinator=colleague).values_list("pk", flat=True)) == set(chosen)
    assert Pathway.objects.get(pk=caseload[2].pk).coordinator_id == coordinator.pk
    # Each change is its own event, with ids only.
    events = Event.objects.filter(verb="pathway.reassigned").order_by("object_id")
    assert [(e.object_id, e.data) for e in events] == [
        (pk, {"from": coordinator.pk, "to": colleague.pk}) for pk in sorted(chosen)
    ]
    # The colleague now manages them.
    client.force_login(colleague)
    assert client.get(reverse("pathway_edit", args=[chosen[0]])).status_code == 200


def test_an_id_outside_the_scope_is_a_404_and_nothing_changes(
    client: Any, caseload: list[Any], coordinator: Any, colleague: Any, other_coordinator: Any
) -> None:
    client.force_login(other_coordinator)
    response = client.post(BULK, {"pathways": [caseload[0].pk], "action": "reassign", "coordinator": colleague.pk})
    assert response.status_code == 404
    client.force_login(coordinator)
    response = client.post(
        BULK, {"pathways": [caseload[0].pk, 999_999], "action": "reassign", "coordinator": colleague.pk}
    )
    assert response.status_code == 404
    assert not Pathway.objects.filter(coordinator=colleague).exists()
    assert not Event.objects.filter(verb="pathway.reassigned").exists()


def test_a_pathway_seen_but_not_managed_is_refused_and_nothing_changes(
    client: Any, caseload: list[Any], coordinator: Any, other_coordinator: Any, other_municipality: Any, trade: Any
) -> None:
    from tests.factories import make_scheme

    # The coordinator is also the mentor of a participant in another municipality.
    elsewhere = make_pathway(make_scheme(other_municipality, trade), coordinator=other_coordinator)
    PathwayMember.objects.create(pathway=elsewhere, person=coordinator.person, role=PathwayMember.Role.MENTOR)
    colleague = make_user(Role.COORDINATOR, coordinator.memberships.get().organisation, username="kollega2")
    client.force_login(coordinator)
    response = client.post(
        BULK, {"pathways": [caseload[0].pk, elsewhere.pk], "action": "reassign", "coordinator": colleague.pk}
    )
    assert response.status_code == 302
    assert _messages(response) == ["Opplæringsløp: velg bare løp du forvalter."]
    assert not Pathway.objects.filter(coordinator=colleague).exists()


def test_a_coordinator_not_offered_and_bad_input_are_refused_by_field(
    client: Any, caseload: list[Any], coordinator: Any, other_coordinator: Any
) -> None:
    client.force_login(coordinator)
    # Another municipality's coordinator is not one to hand over to.
    response = client.post(
        BULK, {"pathways": [caseload[0].pk], "action": "reassign", "coordinator": other_coordinator.pk}
    )
    assert _messages(response) == ["Ny koordinator: velg en av koordinatorene i listen."]
    response = client.post(BULK, {"pathways": [caseload[0].pk], "action": "reassign"})
    assert _messages(response) == ["Ny koordinator: velg hvem løpene skal gis til."]
    response = client.post(BULK, {"pathways": ["abc"], "action": "reassign", "coordinator": coordinator.pk})
    assert _messages(response) == ["Opplæringsløp: valget er ikke et av løpene i listen."]
    response = client.post(BULK, {"action": "export"})
    assert _messages(response) == ["Opplæringsløp: velg minst ett løp."]
    response = client.post(BULK, {"pathways": [str(n) for n in range(1, 502)], "action": "export"})
    assert _messages(response) == ["Opplæringsløp: høyst 500 løp om gangen."]
    response = client.post(BULK, {"pathways": [caseload[0].pk], "action": "delete"})
    assert _messages(response) == ["Handling: velg hva som skal gjøres med løpene."]
    assert Pathway.objects.get(pk=caseload[0].pk).coordinator_id == coordinator.pk


def test_those_who_do_not_manage_pathways_may_not_act(client: Any, caseload: list[Any]) -> None:
    mentor = make_user(Role.MENTOR, None, username="fadderen")
    PathwayMember.objects.create(pathway=caseload[0], person=mentor.person, role=PathwayMember.Role.MENTOR)
    client.force_login(mentor)
    assert client.post(BULK, {"pathways": [caseload[0].pk], "action": "export"}).status_code == 403
    html = client.get(reverse("pathway_list")).content.decode()
    assert 'name="pathways"' not in html and 'id="id_risk"' not in html


# Export --------------------------------------------------------------------------------


def test_the_export_holds_the_chosen_pathways_and_logs_each_read(
    client: Any, caseload: list[Any], coordinator: Any
) -> None:
    client.force_login(coordinator)
    response = client.post(BULK, {"pathways": [caseload[1].pk, caseload[2].pk], "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fagvei-lop-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Deltaker", "Lærefag", "Løp", "Fase"]
    # A name a spreadsheet would take for a formula is written as text.
    assert sorted(r[0] for r in rows[1:]) == ["'=SUM(A1), Cmd", "Lærling, Berit"]
    logged = AccessLog.objects.filter(purpose=AccessLog.Purpose.EXPORT, user=coordinator)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted([caseload[1].pk, caseload[2].pk])


# Risk in the list ----------------------------------------------------------------------


def test_the_list_filters_and_sorts_by_risk(client: Any, caseload: list[Any], coordinator: Any) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("pathway_list"), {"risk": "amber"})
    shown = [p.pk for p in response.context["page"].object_list]
    # No guidance for two weeks (seed 001): the two without guidance are amber.
    assert sorted(shown) == sorted([caseload[1].pk, caseload[2].pk])
    assert "risk-amber" in response.content.decode()
    response = client.get(reverse("pathway_list"), {"risk": "green"})
    assert [p.pk for p in response.context["page"].object_list] == [caseload[0].pk]
    response = client.get(reverse("pathway_list"), {"sort": "risk"})
    order = [p.pk for p in response.context["page"].object_list]
    assert order[-1] == caseload[0].pk and len(order) == 3
    # Without the risk asked for, the list is as before: no risk column.
    assert 'class="ds-tag risk' not in client.get(reverse("pathway_list")).content.decode()


def test_the_administrator_is_asked_for_a_trade_before_the_risk(client: Any, caseload: list[Any], trade: Any) -> None:
    admin = make_user(None, username="sjefen", superuser=True)
    client.force_login(admin)
    response = client.get(reverse("pathway_list"), {"risk": "amber"})
    assert "Risiko: velg et fag eller en ordning først." in response.content.decode()
    response = client.get(reverse("pathway_list"), {"risk": "amber", "trade": trade.pk})
    assert sorted(p.pk for p in response.context["page"].object_list) == sorted([caseload[1].pk, caseload[2].pk])


# Risk in the list's API ------------------------------------------------------------------


def test_the_list_api_filters_and_sorts_by_risk_and_gives_each_items_risk(
    caseload: list[Any], coordinator: Any
) -> None:
    api = ApiClient(make_token(coordinator)[1])
    body = api.get("/pathways/", {"risk": "amber"}).json()
    assert sorted(i["id"] for i in body["items"]) == sorted([caseload[1].pk, caseload[2].pk])
    assert {i["risk"] for i in body["items"]} == {"amber"}
    body = api.get("/pathways/", {"sort": "risk"}).json()
    assert [(i["id"], i["risk"]) for i in body["items"]][-1] == (caseload[0].pk, "green")
    # Without the risk asked for, none is worked out.
    assert {i["risk"] for i in api.get("/pathways/").json()["items"]} == {None}


def test_the_list_api_refuses_the_risk_by_name_to_those_who_do_not_follow_up_and_to_the_unnarrowed_administrator(
    caseload: list[Any], trade: Any
) -> None:
    instructor = make_user(None, username="instruktoren", person=caseload[0].members.get().person)
    response = ApiClient(make_token(instructor)[1]).get("/pathways/", {"risk": "red"})
    assert response.status_code == 422
    assert "Risiko" in response.json()["errors"][0]["message"] and response.json()["errors"][0]["field"] == "risk"
    admin = make_user(None, username="sjefen", superuser=True)
    api = ApiClient(make_token(admin)[1])
    response = api.get("/pathways/", {"sort": "risk"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "sort"
    body = api.get("/pathways/", {"sort": "risk", "trade": trade.pk}).json()
    assert len(body["items"]) == 3 and body["items"][-1]["risk"] == "green"
    # A risk level the list does not know names the field.
    assert api.get("/pathways/", {"risk": "purple", "trade": trade.pk}).status_code == 422
