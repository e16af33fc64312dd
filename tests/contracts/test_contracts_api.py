"""Contracts through the API, by persona: the coordinator writes the contract, uploads
what the county asks for and sends it; the county's adviser answers in the inbox; the
interruptions move the end; a stale version is 409, a refusal 422 naming its field; the
adviser of another county, the mentor and the participant see what the pages show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.audit.models import AccessLog
from fagvei.contracts.models import Contract, CountySettings, Interruption, Submission
from fagvei.pathways.models import PathwayMember, Stage
from tests.api.conftest import ApiClient
from tests.factories import (
    make_contract,
    make_county,
    make_document,
    make_pathway,
    make_token,
    make_user,
    make_workplace,
)

pytestmark = pytest.mark.django_db

CHECKLIST = ("employment_contract", "training_plan", "competence_assessment")


def _api(user: Any) -> ApiClient:
    return ApiClient(make_token(user)[1])


def _fields(response: Any) -> set[str | None]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def county() -> Any:
    county = make_county("Vestfylket")
    CountySettings.objects.create(county=county, decides_in_fagvei=True)
    return county


@pytest.fixture
def adviser(county: Any) -> Any:
    return make_user(Role.COUNTY_ADVISER, county, username="fylkesraadgiver")


@pytest.fixture
def other_adviser() -> Any:
    return make_user(Role.COUNTY_ADVISER, make_county("Austfylket"), username="annenraadgiver")


@pytest.fixture
def starting(scheme: Any, coordinator: Any, county: Any) -> Any:
    """A pathway in start-up with an approved workplace in the county and planned dates."""
    today = timezone.localdate()
    return make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.STARTING,
        workplace=make_workplace(scheme.trade, county=county),
        planned_start=today,
        planned_end=today + dt.timedelta(days=730),
    )


@pytest.fixture
def training(scheme: Any, coordinator: Any, county: Any) -> Any:
    """A pathway in training for 100 days under a contract sent to the county."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=100)
    pathway = make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.IN_TRAINING,
        workplace=make_workplace(scheme.trade, county=county),
        planned_start=start,
        planned_end=start + dt.timedelta(days=730),
        started_on=start,
        training_started_at=timezone.now() - dt.timedelta(days=100),
    )
    make_contract(pathway, coordinator)
    return pathway


def _send(api: ApiClient, pathway: Any, coordinator: Any) -> dict[str, Any]:
    """Write the contract, upload the checklist's documents and send it, through the API."""
    made = api.send(
        "POST",
        f"/pathways/{pathway.pk}/contract",
        {"kind": "training", "goal": "Fagbrev i helsearbeiderfaget", "responsibilities": "Bedriften har ansvaret."},
    )
    assert made.status_code == 201, made.json()
    for kind in CHECKLIST:
        make_document(pathway, coordinator, kind=kind, name=f"{kind}.pdf")
    sent = api.send(
        "POST",
        f"/pathways/{pathway.pk}/contract/submit",
        {"signed_on": timezone.localdate().isoformat(), "version": made.json()["version"]},
    )
    assert sent.status_code == 200, sent.json()
    return sent.json()


def _interrupt(api: ApiClient, pathway: Any, reason: str = "parental_leave", days_ago: int = 30) -> Any:
    version = Contract.objects.get(pathway=pathway).version
    starts_on = (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()
    return api.send(
        "POST",
        f"/pathways/{pathway.pk}/contract/interruptions",
        {"reason": reason, "starts_on": starts_on, "note": "Tilbake etter permisjonen.", "version": version},
    )


def test_the_coordinator_writes_and_sends_the_contract_and_the_county_approves_it(
    coordinator, adviser, starting, county
):
    api = _api(coordinator)
    made = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract",
        {"kind": "training", "goal": "Fagbrev i helsearbeiderfaget", "responsibilities": "Bedriften har ansvaret."},
    )
    assert made.status_code == 201, made.json()
    draft = made.json()
    # The page's suggestions for what was left out: the workplace, the planned dates.
    assert draft["status"] == "draft" and draft["company"]["id"] == starting.workplace_id
    assert (draft["start_date"], draft["end_date"]) == (
        starting.planned_start.isoformat(),
        starting.planned_end.isoformat(),
    )
    assert draft["county"]["id"] == county.pk
    assert [(c["kind"], c["documents"]) for c in draft["checklist"]] == [(k, []) for k in CHECKLIST]
    assert {s["name"]: s["allowed"] for s in draft["steps"]}["submit"] is True

    for kind in CHECKLIST:
        make_document(starting, coordinator, kind=kind, name=f"{kind}.pdf")
    sent = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract/submit",
        {"signed_on": timezone.localdate().isoformat(), "version": draft["version"]},
    )
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "submitted"
    [application] = sent.json()["submissions"]
    assert (application["kind"], application["state"]) == ("application", "sent")

    county_api = _api(adviser)
    inbox = county_api.get("/county/submissions")
    assert inbox.status_code == 200
    assert [i["id"] for i in inbox.json()["items"]] == [application["id"]]
    assert inbox.json()["items"][0]["participant"]["id"] == starting.participant_id
    assert county_api.get("/county/submissions", {"show": "decided"}).json()["items"] == []
    assert county_api.get("/county/submissions", {"kind": "change"}).json()["items"] == []
    detail = county_api.get(f"/county/submissions/{application['id']}").json()
    assert detail["can_decide"] is True
    assert sorted(d["kind"] for d in detail["documents"]) == sorted(CHECKLIST)

    # The county decides in fagvei: the coordinator may read it but not answer it.
    refused = api.send(
        "POST", f"/county/submissions/{application['id']}/decision", {"outcome": "approved", "version": 1}
    )
    assert refused.status_code == 403
    decided = county_api.send(
        "POST",
        f"/county/submissions/{application['id']}/decision",
        {"outcome": "approved", "reference": "26/1234", "version": detail["version"]},
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "approved" and decided.json()["can_decide"] is False
    contract = Contract.objects.get(pathway=starting)
    assert contract.status == "approved" and contract.approved_on == timezone.localdate()
    assert county_api.get("/county/submissions").json()["items"] == []
    assert [i["id"] for i in county_api.get("/county/submissions", {"show": "decided"}).json()["items"]] == [
        application["id"]
    ]
    # The coordinator reads the answer on the contract.
    assert api.get(f"/pathways/{starting.pk}/contract").json()["submissions"][0]["reference"] == "26/1234"


def test_the_county_returns_an_application_only_with_a_reason(coordinator, adviser, starting):
    api = _api(coordinator)
    sent = _send(api, starting, coordinator)
    submission = Submission.objects.get(contract__pathway=starting)
    county_api = _api(adviser)
    path = f"/county/submissions/{submission.pk}/decision"
    bare = county_api.send("POST", path, {"outcome": "returned", "version": submission.version})
    assert bare.status_code == 422 and _fields(bare) == {"reason"}
    assert Submission.objects.get(pk=submission.pk).state == "sent"
    returned = county_api.send(
        "POST", path, {"outcome": "returned", "reason": "Arbeidsavtalen mangler underskrift.", "version": 1}
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["decision_reason"] == "Arbeidsavtalen mangler underskrift."
    contract = api.get(f"/pathways/{starting.pk}/contract").json()
    assert contract["status"] == "returned"
    assert contract["submissions"][0]["decision_reason"] == "Arbeidsavtalen mangler underskrift."
    # A returned contract can be corrected again (a draft's rules).
    changed = api.send(
        "PATCH",
        f"/pathways/{starting.pk}/contract",
        {"extra_conditions": "Signert på nytt.", "version": contract["version"]},
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["extra_conditions"] == "Signert på nytt."
    assert changed.json()["version"] == sent["version"] + 2


def test_an_interruption_moves_the_end_by_the_days_away(coordinator, training):
    api = _api(coordinator)
    before = Contract.objects.get(pathway=training).end_date
    started = _interrupt(api, training)
    assert started.status_code == 201, started.json()
    [running] = started.json()["interruptions"]
    assert running["ended"] is False and running["reason"] == "parental_leave"
    training.refresh_from_db()
    assert training.stage == Stage.INTERRUPTED
    # The county decides in fagvei: the leave is reported to it at once.
    assert [s["kind"] for s in started.json()["submissions"]] == ["interruption", "application"]

    ends_on = timezone.localdate() - dt.timedelta(days=21)
    ended = api.send(
        "POST",
        f"/pathways/{training.pk}/contract/interruptions/{running['id']}/end",
        {"ends_on": ends_on.isoformat(), "version": started.json()["version"]},
    )
    assert ended.status_code == 200, ended.json()
    body = ended.json()
    assert body["end_date"] == (before + dt.timedelta(days=10)).isoformat()
    [done] = body["interruptions"]
    assert (done["ended"], done["days_away"], done["end_before"], done["end_after"]) == (
        True,
        10,
        before.isoformat(),
        body["end_date"],
    )
    training.refresh_from_db()
    assert training.stage == Stage.IN_TRAINING

    # The day the county was told is registered on the interruption.
    told = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    reported = api.send(
        "POST", f"/pathways/{training.pk}/contract/interruptions/{running['id']}/reported", {"county_told_on": told}
    )
    assert reported.status_code == 200, reported.json()
    assert reported.json()["interruptions"][0]["county_told_on"] == told
    # An interruption of another contract is not found here.
    assert (
        api.send("POST", f"/pathways/{training.pk}/contract/interruptions/999999/reported", {"county_told_on": told})
    ).status_code == 404


def test_a_stale_version_is_409_and_changes_nothing(coordinator, starting):
    api = _api(coordinator)
    made = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract",
        {"kind": "training", "goal": "Fagbrev", "responsibilities": "Bedriften."},
    ).json()
    first = api.send(
        "PATCH", f"/pathways/{starting.pk}/contract", {"goal": "Fagbrev i faget", "version": made["version"]}
    )
    assert first.status_code == 200
    stale = api.send("PATCH", f"/pathways/{starting.pk}/contract", {"goal": "Noe annet", "version": made["version"]})
    assert stale.status_code == 409
    assert _fields(stale) == {"version"}
    assert Contract.objects.get(pathway=starting).goal == "Fagbrev i faget"
    sent = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract/submit",
        {"signed_on": timezone.localdate().isoformat(), "version": made["version"]},
    )
    assert sent.status_code == 409


def test_a_refusal_is_422_naming_the_field_and_changes_nothing(coordinator, starting, training):
    api = _api(coordinator)
    made = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract",
        {"kind": "training", "goal": "Fagbrev", "responsibilities": "Bedriften."},
    ).json()
    # The county's checklist: nothing uploaded yet (a domain refusal).
    unsent = api.send(
        "POST",
        f"/pathways/{starting.pk}/contract/submit",
        {"signed_on": timezone.localdate().isoformat(), "version": made["version"]},
    )
    assert unsent.status_code == 422 and _fields(unsent) == {"documents"}
    assert Contract.objects.get(pathway=starting).status == "draft"
    # A signing day in the future (a domain refusal on the field).
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    for kind in CHECKLIST:
        make_document(starting, coordinator, kind=kind, name=f"{kind}.pdf")
    later = api.send(
        "POST", f"/pathways/{starting.pk}/contract/submit", {"signed_on": future, "version": made["version"]}
    )
    assert later.status_code == 422 and _fields(later) == {"signed_on"}
    # A kind the track does not take (the form's refusal).
    wrong = api.send(
        "PATCH", f"/pathways/{starting.pk}/contract", {"kind": "apprenticeship", "version": made["version"]}
    )
    assert wrong.status_code == 422 and _fields(wrong) == {"kind"}
    # A second contract for the pathway.
    again = api.send(
        "POST", f"/pathways/{starting.pk}/contract", {"kind": "training", "goal": "x", "responsibilities": "y"}
    )
    assert again.status_code == 422
    assert Contract.objects.filter(pathway=starting).count() == 1
    # A termination without the signed agreement uploaded.
    version = Contract.objects.get(pathway=training).version
    today = timezone.localdate().isoformat()
    ended = api.send(
        "POST",
        f"/pathways/{training.pk}/contract/terminate",
        {"agreed_on": today, "last_day": today, "reason": "Enige om å avslutte.", "version": version},
    )
    assert ended.status_code == 422 and _fields(ended) == {"documents"}
    # A cancellation without a justification (the form's refusal).
    cancel = api.send(
        "POST",
        f"/pathways/{training.pk}/contract/cancellation",
        {"requested_by": "company", "ground": "serious_breach", "justification": "", "version": version},
    )
    assert cancel.status_code == 422 and _fields(cancel) == {"justification"}
    # A change asked for a contract the county has not approved yet.
    change = api.send(
        "POST",
        f"/pathways/{training.pk}/contract/change",
        {"end_date": "2030-01-01", "justification": "Lengre opplæring.", "version": version},
    )
    assert change.status_code == 422
    assert Contract.objects.get(pathway=training).status == "submitted"
    assert not Submission.objects.filter(contract__pathway=training).exclude(kind="application").exists()


def test_the_coordinator_terminates_and_asks_for_cancellation_through_the_api(
    coordinator, adviser, training, scheme, county
):
    api = _api(coordinator)
    make_document(training, coordinator, kind="signed_agreement", name="avtale.pdf")
    version = Contract.objects.get(pathway=training).version
    asked = api.send(
        "POST",
        f"/pathways/{training.pk}/contract/cancellation",
        {
            "requested_by": "participant",
            "ground": "withdrew_in_writing",
            "justification": "Deltakeren har trukket seg skriftlig.",
            "version": version,
        },
    )
    assert asked.status_code == 201, asked.json()
    assert asked.json()["status"] == "cancellation_requested"
    submission = Submission.objects.get(contract__pathway=training, kind="cancellation")
    # ol. § 7-3 second ledd: a written withdrawal is cancelled; the county may not refuse.
    refused = _api(adviser).send(
        "POST",
        f"/county/submissions/{submission.pk}/decision",
        {"outcome": "refused", "reason": "Nei.", "version": submission.version},
    )
    assert refused.status_code == 422 and _fields(refused) == {"outcome"}
    cancelled = _api(adviser).send(
        "POST", f"/county/submissions/{submission.pk}/decision", {"outcome": "approved", "version": submission.version}
    )
    assert cancelled.status_code == 200, cancelled.json()
    assert Contract.objects.get(pathway=training).status == "cancelled"

    other = make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.IN_TRAINING,
        workplace=make_workplace(scheme.trade, county=county),
        planned_start=timezone.localdate() - dt.timedelta(days=50),
        planned_end=timezone.localdate() + dt.timedelta(days=600),
        started_on=timezone.localdate() - dt.timedelta(days=50),
    )
    make_contract(other, coordinator)
    make_document(other, coordinator, kind="signed_agreement", name="avtale.pdf")
    today = timezone.localdate().isoformat()
    ended = api.send(
        "POST",
        f"/pathways/{other.pk}/contract/terminate",
        {
            "agreed_on": today,
            "last_day": today,
            "reason": "Enige om å avslutte.",
            "version": Contract.objects.get(pathway=other).version,
        },
    )
    assert ended.status_code == 200, ended.json()
    assert ended.json()["status"] == "terminated" and ended.json()["ended_on"] == today


def test_the_adviser_of_another_county_is_told_nothing(coordinator, adviser, other_adviser, starting, mentor_of):
    _send(_api(coordinator), starting, coordinator)
    submission = Submission.objects.get(contract__pathway=starting)
    api = _api(other_adviser)
    assert api.get(f"/county/submissions/{submission.pk}").status_code == 404
    decided = api.send(
        "POST", f"/county/submissions/{submission.pk}/decision", {"outcome": "approved", "version": submission.version}
    )
    assert decided.status_code == 404
    assert api.get("/county/submissions").json()["items"] == []
    assert Submission.objects.get(pk=submission.pk).state == "sent"
    # Not an adviser at all: no inbox, and not the submission either.
    mentor = mentor_of(starting)
    assert _api(mentor).get("/county/submissions").status_code == 404
    assert _api(mentor).get(f"/county/submissions/{submission.pk}").status_code == 404


@pytest.fixture
def mentor_of(company_for_mentor: Any) -> Any:
    def make(pathway: Any) -> Any:
        user = make_user(Role.MENTOR, company_for_mentor, username=f"fadder{pathway.pk}")
        PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.MENTOR)
        return user

    return make


@pytest.fixture
def company_for_mentor(starting: Any) -> Any:
    return starting.workplace


def test_a_mentor_sees_the_contract_without_reasons_or_county_matters(coordinator, training, mentor_of):
    _interrupt(_api(coordinator), training, reason="illness")
    mentor = mentor_of(training)
    api = _api(mentor)
    response = api.get(f"/pathways/{training.pk}/contract")
    assert response.status_code == 200
    body = response.json()
    [interruption] = body["interruptions"]
    assert interruption["reason"] is None and interruption["note"] is None
    assert interruption["starts_on"]
    assert body["submissions"] is None and body["checklist"] is None and body["steps"] is None
    assert body["can_manage"] is False
    # No health data was read, so none is logged.
    assert not AccessLog.objects.filter(user=mentor, purpose=AccessLog.Purpose.SENSITIVE).exists()
    # A reader does not write.
    version = body["version"]
    assert api.send("PATCH", f"/pathways/{training.pk}/contract", {"version": version}).status_code == 403
    assert (
        api.send(
            "POST",
            f"/pathways/{training.pk}/contract/interruptions/{interruption['id']}/end",
            {"ends_on": timezone.localdate().isoformat(), "version": version},
        ).status_code
        == 403
    )
    assert Interruption.objects.get(pk=interruption["id"]).ended is False


def test_the_participant_sees_their_own_contract_with_reasons_and_nobody_elses(coordinator, training, scheme):
    _interrupt(_api(coordinator), training, reason="illness")
    participant = make_user(Role.PARTICIPANT, scheme.organisation, username="deltakeren", person=training.participant)
    api = _api(participant)
    body = api.get(f"/pathways/{training.pk}/contract").json()
    assert body["interruptions"][0]["reason"] == "illness"
    assert [s["kind"] for s in body["submissions"]] == ["application"]
    assert body["checklist"] is None and body["can_manage"] is False
    # Health data: the read of the reason is logged, as the page logs it.
    assert AccessLog.objects.filter(
        user=participant, purpose=AccessLog.Purpose.SENSITIVE, object_type="contracts.interruption"
    ).exists()
    assert api.send("PATCH", f"/pathways/{training.pk}/contract", {"version": body["version"]}).status_code == 403
    other = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
    assert api.get(f"/pathways/{other.pk}/contract").status_code == 404
    # A pathway without a contract yet: not found, for those who manage it too.
    assert _api(coordinator).get(f"/pathways/{other.pk}/contract").status_code == 404


def test_where_the_county_decides_outside_fagvei_the_coordinator_records_its_answer(
    coordinator, adviser, starting, county
):
    CountySettings.objects.filter(county=county).update(decides_in_fagvei=False)
    api = _api(coordinator)
    _send(api, starting, coordinator)
    submission = Submission.objects.get(contract__pathway=starting)
    path = f"/county/submissions/{submission.pk}/decision"
    # The county's adviser reads it, but its answer is given outside fagvei.
    assert _api(adviser).get(f"/county/submissions/{submission.pk}").json()["can_decide"] is False
    assert _api(adviser).send("POST", path, {"outcome": "approved", "version": 1}).status_code == 403
    # The county's case number is what the record rests on (the page's form asks for it).
    bare = api.send("POST", path, {"outcome": "approved", "version": submission.version})
    assert bare.status_code == 422 and _fields(bare) == {"reference"}
    decided_on = timezone.localdate().isoformat()
    recorded = api.send(
        "POST",
        path,
        {"outcome": "approved", "reference": "26/777", "decided_on": decided_on, "version": submission.version},
    )
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["decided_in_fagvei"] is False and recorded.json()["reference"] == "26/777"
    assert Contract.objects.get(pathway=starting).status == "approved"
    assert Submission.objects.get(pk=submission.pk).state == "approved"


def _queries(api: ApiClient, path: str, params: dict[str, Any] | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert api.get(path, params).status_code == 200
    return len(captured)


def _past_interruption(contract: Contract, coordinator: Any, days_ago: int) -> None:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    Interruption.objects.create(
        contract=contract,
        reason="other_leave",
        starts_on=day,
        ends_on=day,
        ended=True,
        end_before=contract.end_date,
        end_after=contract.end_date,
        registered_by=coordinator,
    )


def test_the_contract_and_the_inbox_are_read_in_a_fixed_number_of_queries(
    coordinator, adviser, training, scheme, county
):
    api, county_api = _api(coordinator), _api(adviser)
    contract = Contract.objects.get(pathway=training)
    _past_interruption(contract, coordinator, 90)
    path = f"/pathways/{training.pk}/contract"
    one = _queries(api, path)
    inbox_one = _queries(county_api, "/county/submissions")
    for days_ago in (80, 70, 60):
        _past_interruption(contract, coordinator, days_ago)
    for _n in range(3):
        other = make_pathway(scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, workplace=training.workplace)
        other.planned_start, other.planned_end = contract.start_date, contract.end_date
        other.save()
        make_contract(other, coordinator)
    assert _queries(api, path) == one
    assert len(county_api.get("/county/submissions").json()["items"]) == 4
    assert _queries(county_api, "/county/submissions") == inbox_one
