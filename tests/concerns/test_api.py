"""The concern ladder through the API: the same need-to-know as the pages, every read
logged once per call with the reader's role, the steps through the same domain
functions, and refusals in Norwegian naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fagvei.audit.models import AccessLog
from fagvei.concerns.models import Status
from tests.api.conftest import ApiClient
from tests.concerns.conftest import (
    TODAY,
    agree_plan,
    call_clarification,
    hold_conversation,
    register,
    reload,
    to_follow_up,
)
from tests.factories import make_token

pytestmark = pytest.mark.django_db


def api(user) -> ApiClient:
    return ApiClient(make_token(user)[1])


def reads(concern) -> list[str]:
    return list(
        AccessLog.objects.filter(object_type="concerns.concern", object_id=concern.pk)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def test_the_koordinator_reads_a_concern_and_the_read_is_logged_once(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = api(coordinator).get(f"/concerns/{concern.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["categories"] == ["absence", "illness"]
    assert body["next_steps"] == ["hold_conversation"]
    assert reads(concern) == ["api: concern; role=manager"]


def test_the_list_logs_each_concern_once(pathway, coordinator, manager):
    first, second = register(pathway, coordinator), register(pathway, manager)
    response = api(coordinator).get(f"/pathways/{pathway.pk}/concerns")
    assert response.status_code == 200
    assert {c["id"] for c in response.json()} == {first.pk, second.pk}
    assert reads(first) == reads(second) == ["api: concern list; role=manager"]


def test_a_mentor_on_the_same_pathway_gets_no_concern_by_any_route(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    client = api(mentor)
    assert client.get(f"/concerns/{concern.pk}").status_code == 404
    assert client.get(f"/pathways/{pathway.pk}/concerns").status_code == 404
    registered = client.send(
        "POST",
        f"/pathways/{pathway.pk}/concerns",
        {"categories": ["absence"], "description": "x", "noticed_on": TODAY.isoformat()},
    )
    assert registered.status_code == 404
    assert client.send("POST", f"/concerns/{concern.pk}/steps/resolve", {"version": 1}).status_code == 404
    assert reads(concern) == []


def test_the_professional_manager_registers_through_the_api(pathway, manager):
    response = api(manager).send(
        "POST",
        f"/pathways/{pathway.pk}/concerns",
        {
            "categories": ["social_adaptation"],
            "description": "Konflikter med kolleger.",
            "noticed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 201
    assert response.json()["reading"] == "raised_by"


def test_bad_input_is_refused_in_norwegian_naming_the_field(pathway, coordinator):
    response = api(coordinator).send(
        "POST",
        f"/pathways/{pathway.pk}/concerns",
        {"categories": [], "description": "x", "noticed_on": TODAY.isoformat()},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "categories"
    assert "Kategorier" in errors[0]["message"]


def _plan(client, concern, version: int, **extra) -> dict:
    payload = {
        "version": version,
        "starts_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "place": "Møterom 2",
        "invitees": [concern.pathway.participant_id],
        **extra,
    }
    planned = client.send("POST", f"/concerns/{concern.pk}/meetings", payload)
    assert planned.status_code == 201, planned.json()
    return planned.json()


def test_the_ladder_through_the_api(pathway, coordinator, mentor, adviser):
    concern = register(pathway, coordinator)
    client = api(coordinator)
    url = f"/concerns/{concern.pk}/steps"
    refused = client.send(
        "POST",
        f"{url}/hold_conversation",
        {"version": concern.version, "conversation_minutes": "Referat.", "attended": [pathway.participant_id]},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "meeting"
    meeting = _plan(client, concern, concern.version)
    assert meeting["kind"] == "concern_conversation"
    assert "person du har tillit til" in meeting["invitation"]["body"]
    step = client.send(
        "POST",
        f"{url}/hold_conversation",
        {
            "version": reload(concern).version,
            "conversation_minutes": "Referat.",
            "attended": [pathway.participant_id],
        },
    )
    assert step.status_code == 200, step.json()
    assert step.json()["conversation_on"] == TODAY.isoformat() or step.json()["conversation_on"]
    step = client.send("POST", f"{url}/call_clarification", {"version": step.json()["version"]})
    assert step.json()["status"] == Status.CLARIFICATION
    meeting = _plan(client, concern, step.json()["version"], guests=["NAV", "Tillitsvalgt"])
    assert [g["name"] for g in meeting["guests"]] == ["NAV", "Tillitsvalgt"]
    step = client.get(f"/concerns/{concern.pk}")
    # The county adviser reads it now, and may not take its steps.
    assert api(adviser).get(f"/concerns/{concern.pk}").status_code == 200
    assert api(adviser).send("POST", f"{url}/agree_plan", {"version": 3}).status_code == 403
    later = (TODAY + dt.timedelta(days=20)).isoformat()
    step = client.send(
        "POST",
        f"{url}/agree_plan",
        {
            "version": step.json()["version"],
            "clarification_minutes": "Avklaringsmøte.",
            "attended": [pathway.participant_id],
            "guests_attended": [meeting["guests"][0]["id"]],
            "goals": [{"text": "Møte presis", "deadline": later, "responsible": mentor.person_id}],
            "next_meeting_on": later,
        },
    )
    assert step.status_code == 200, step.json()
    held = client.get(f"/concerns/{concern.pk}/meetings").json()
    assert [m["status"] for m in held] == ["held", "held"]
    assert [g["attended"] for g in held[1]["guests"]] == [True, False]
    assert held[1]["invitation"] is None
    assert step.json()["goals"][0]["responsible_id"] == mentor.person_id
    stale = client.send("POST", f"{url}/start_follow_up", {"version": 1})
    assert stale.status_code == 409
    assert reload(concern).status == Status.PLAN_AGREED


def test_an_unknown_step_is_a_refusal_naming_it(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = api(coordinator).send("POST", f"/concerns/{concern.pk}/steps/escalate", {"version": 1})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_the_participant_reads_and_takes_no_step(pathway, coordinator, participant):
    concern = register(pathway, coordinator)
    client = api(participant)
    assert client.get(f"/concerns/{concern.pk}").json()["reading"] == "participant"
    assert client.send("POST", f"/concerns/{concern.pk}/steps/resolve", {"version": 1}).status_code == 403
    assert (
        client.send(
            "POST",
            f"/pathways/{pathway.pk}/concerns",
            {"categories": ["absence"], "description": "x", "noticed_on": TODAY.isoformat()},
        ).status_code
        == 403
    )


# The follow-up plan through the API ------------------------------------------------------


def _agreed(pathway, coordinator, responsible):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    return agree_plan(concern, coordinator, responsible)


def test_the_parties_confirm_through_the_api_and_the_follow_up_starts(pathway, coordinator, participant, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    url = f"/concerns/{concern.pk}"
    refused = api(coordinator).send("POST", f"{url}/steps/start_follow_up", {"version": reload(concern).version})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "signatures"
    done = api(participant).send(
        "POST", f"{url}/plan/confirm", {"version": reload(concern).version, "party": "participant"}
    )
    assert done.status_code == 200, done.json()
    assert [s["party"] for s in done.json()["signatures"]] == ["participant"]
    paper = api(coordinator).send("POST", f"{url}/plan/paper", {"version": reload(concern).version, "party": "company"})
    assert paper.status_code == 422
    assert paper.json()["errors"][0]["field"] == "signed_on"
    api(coordinator).send("POST", f"{url}/plan/confirm", {"version": reload(concern).version, "party": "company"})
    started = api(coordinator).send("POST", f"{url}/steps/start_follow_up", {"version": reload(concern).version})
    assert started.status_code == 200, started.json()
    assert started.json()["status"] == Status.FOLLOW_UP


def test_the_mentor_ticks_their_goal_through_the_api_and_gets_only_the_goal(pathway, coordinator, mentor):
    concern = _agreed(pathway, coordinator, mentor.person)
    goal = concern.goals.get()
    response = api(mentor).send("POST", f"/concern-goals/{goal.pk}/done", {"version": goal.version})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"id", "text", "deadline", "responsible_id", "responsible", "done_at", "version"}
    assert body["done_at"] is not None
    assert "Mye fravær" not in response.content.decode()
    # Every other new route: 404, the same as an id that does not exist.
    for tail in ("plan/confirm", "plan/paper", "plan/scan", "interruption", "county-contact"):
        answer = api(mentor).send("POST", f"/concerns/{concern.pk}/{tail}", {"version": 1, "party": "company"})
        assert answer.status_code == 404, tail


def test_termination_through_the_api_names_the_missing_contract(pathway, coordinator, mentor):
    concern = to_follow_up(pathway, coordinator, mentor.person)
    response = api(coordinator).send(
        "POST",
        f"/concerns/{concern.pk}/steps/terminate",
        {
            "version": reload(concern).version,
            "outcome_on": TODAY.isoformat(),
            "resolution": "Enige.",
            "outcome_minutes": "Møte.",
            "last_day": (TODAY + dt.timedelta(days=10)).isoformat(),
            "county_told_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "contract"
