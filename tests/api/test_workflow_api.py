"""The koordinator's workflow of the browser walkthrough (tests/browser/test_walkthrough.py),
through the API only: from a new person to training, the contract written, its documents
uploaded and the application sent to the county on the way (ol. § 7-2)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfWriter

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.curricula.models import Trade
from fagvei.demo import load_demo
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, Scheme
from fagvei.people.models import Person

pytestmark = pytest.mark.django_db


def _step(api: Any, pathway_id: int, name: str, inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    version = api.get(f"/pathways/{pathway_id}").json()["version"]
    response = api.send(
        "POST", f"/pathways/{pathway_id}/transitions/{name}", {"version": version, "inputs": inputs or {}}
    )
    assert response.status_code == 200, (name, response.json())
    return response.json()


def test_a_coordinator_takes_a_new_person_from_referral_into_training_through_the_api(api_as):
    load_demo()
    coordinator = User.objects.get(username="koordinator")
    api = api_as(coordinator)
    today = timezone.localdate()

    person = api.send("POST", "/people/", {"first_name": "Selam", "last_name": "Apitest", "birth_date": "1990-05-17"})
    assert person.status_code == 201, person.json()
    person_id = person.json()["id"]

    trade = Trade.objects.get(code="HEA")
    scheme = Scheme.objects.filter(trade=trade, organisation__memberships__user=coordinator).first()
    assert scheme is not None
    made = api.send(
        "POST",
        "/pathways/",
        {"participant": person_id, "referral_source": "refugee_service", "track": "alternative", "scheme": scheme.pk},
    )
    assert made.status_code == 201, made.json()
    pathway = made.json()
    pid = pathway["id"]
    assert pathway["trade"]["id"] == trade.pk and pathway["stage"] == "referred"

    _step(api, pid, "start_screening")
    # Admission is blocked until the screening is registered, and says so.
    steps = {s["name"]: s for s in api.get(f"/pathways/{pid}/transitions").json()}
    assert not steps["admit"]["allowed"] and steps["admit"]["missing"]
    screening = {
        "screened_on": today.isoformat(),
        **{f"norwegian_{skill}": "B1" for skill in ("listening", "reading", "speaking", "writing")},
        "years_in_norway": "4",
        "education": "upper_secondary",
        "work_experience_years": "2.5",
        "motivation": 4,
        "suitability": 3,
        "life_situation": "Bor sammen med ektefelle og to barn.",
        "can_participate_80": True,
        "income_basis": "introduction_benefit",
    }
    put = api.send("PUT", f"/pathways/{pid}/screening", screening)
    assert put.status_code == 200, put.json()
    _step(api, pid, "admit", {"reason": "Motivert, relevant erfaring fra eldreomsorg."})
    _step(api, pid, "begin_start_up")

    consent = api.send("POST", f"/pathways/{pid}/consents", {"purpose": "participation", "given_on": today.isoformat()})
    assert consent.status_code == 201, consent.json()
    certificate = api.send(
        "PUT", f"/pathways/{pid}/police-certificate", {"issued_on": today.isoformat(), "checked_on": today.isoformat()}
    )
    assert certificate.status_code == 200, certificate.json()
    assert certificate.json()["police_certificate"]["status"] == "checked"

    mentor = Person.objects.filter(pk__in=coordinator_people(coordinator)).exclude(pk=person_id).first()
    assert mentor is not None
    member = api.send("POST", f"/pathways/{pid}/members", {"person": mentor.pk, "role": "mentor"})
    assert member.status_code == 201, member.json()

    workplace = Organisation.objects.filter(approvals__trade=trade, approvals__status="active").first()
    assert workplace is not None
    current = api.get(f"/pathways/{pid}").json()
    end = (
        today.replace(year=today.year + 2)
        if not (today.month == 2 and today.day == 29)
        else today + dt.timedelta(days=730)
    )
    changed = api.send(
        "PATCH",
        f"/pathways/{pid}",
        {
            "workplace": workplace.pk,
            "planned_start": today.isoformat(),
            "planned_end": end.isoformat(),
            "version": current["version"],
        },
    )
    assert changed.status_code == 200, changed.json()

    # ol. § 7-2: training starts under a contract signed and sent to the county. Until
    # then the step says what is missing.
    steps = {s["name"]: s for s in api.get(f"/pathways/{pid}/transitions").json()}
    assert not steps["start_training"]["allowed"] and steps["start_training"]["missing"]
    contract = api.send(
        "POST",
        f"/pathways/{pid}/contract",
        {
            "kind": "training",
            "goal": "Fagbrev i helsearbeiderfaget",
            "responsibilities": "Sykehjemmet har ansvaret for opplæringen og halvårsvurderingen.",
        },
    )
    assert contract.status_code == 201, contract.json()
    assert contract.json()["start_date"] == today.isoformat() and contract.json()["end_date"] == end.isoformat()
    # The documents the county's checklist asks for, uploaded through the documents API.
    checklist = [item["kind"] for item in contract.json()["checklist"]]
    assert checklist
    for kind in checklist:
        uploaded = _upload(api, pid, kind)
        assert uploaded.status_code == 201, uploaded.json()
    assert all(item["documents"] for item in api.get(f"/pathways/{pid}/contract").json()["checklist"])
    sent = api.send(
        "POST",
        f"/pathways/{pid}/contract/submit",
        {"signed_on": today.isoformat(), "version": contract.json()["version"]},
    )
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "submitted"
    assert [s["kind"] for s in sent.json()["submissions"]] == ["application"]

    trained = _step(api, pid, "start_training", {"started_on": today.isoformat()})
    assert trained["stage"] == "in_training"
    assert trained["milestones"]["training_started_at"]
    stored = Pathway.objects.get(pk=pid)
    assert stored.started_on == today and stored.workplace_id == workplace.pk
    verbs = list(Event.objects.filter(pathway_id=pid).values_list("verb", flat=True))
    assert {"contract.created", "contract.submitted"} <= set(verbs)
    assert len(verbs) >= 11 and all(e.actor_id == coordinator.pk for e in Event.objects.filter(pathway_id=pid))


def _upload(api: Any, pathway_id: int, kind: str) -> Any:
    """A one-page PDF of the kind, as an integration posts it (multipart/form-data)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    file = io.BytesIO()
    writer.write(file)
    file.seek(0)
    file.name = f"{kind}.pdf"
    return api.client.post(
        f"/api/v1/pathways/{pathway_id}/documents", {"kind": kind, "title": "", "file": file}, **api.headers
    )


def coordinator_people(user: Any) -> Any:
    from fagvei.people.access import visible_people

    return visible_people(user).values("pk")


def test_a_step_that_is_not_allowed_is_422_with_what_is_missing_and_changes_nothing(api_as, coordinator, scheme):
    from tests.factories import make_pathway

    pathway = make_pathway(scheme, coordinator=coordinator, stage="screening")
    api = api_as(coordinator)
    response = api.send(
        "POST", f"/pathways/{pathway.pk}/transitions/admit", {"version": pathway.version, "inputs": {"reason": "x"}}
    )
    assert response.status_code == 422
    assert "kartlegging" in response.json()["detail"].lower()
    pathway.refresh_from_db()
    assert pathway.stage == "screening"
    assert api.send("POST", f"/pathways/{pathway.pk}/transitions/fly", {"version": 1}).status_code == 404
    stale = api.send(
        "POST",
        f"/pathways/{pathway.pk}/transitions/end",
        {"version": pathway.version - 1, "inputs": {"end_reason": "other", "reason": "x"}},
    )
    assert stale.status_code == 409


def test_a_reader_cannot_write_through_any_pathway_endpoint(api_as, coordinator, scheme):
    from tests.factories import make_pathway, make_user

    pathway = make_pathway(scheme, coordinator=coordinator, stage="starting")
    mentor = make_user(None, username="fadder9")
    pathway.members.create(person=mentor.person, role="mentor")
    api = api_as(mentor)
    today = timezone.localdate().isoformat()
    attempts = [
        ("PATCH", f"/pathways/{pathway.pk}", {"version": pathway.version}),
        ("POST", f"/pathways/{pathway.pk}/consents", {"purpose": "participation", "given_on": today}),
        ("POST", f"/pathways/{pathway.pk}/members", {"person": mentor.person_id, "role": "mentor"}),
        ("POST", f"/pathways/{pathway.pk}/transitions/end", {"version": pathway.version}),
    ]
    for method, path, body in attempts:
        assert api.send(method, path, body).status_code == 403, path
    pathway.refresh_from_db()
    assert pathway.consents.count() == 0 and pathway.stage == "starting"
