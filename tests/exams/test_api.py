"""Exams in the API: the same rules and refusals as the pages, through the same domain
functions; what the page hides from a reader, the API leaves out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fagvei.core import clock
from fagvei.exams.models import ExamEntry
from tests.api.conftest import ApiClient
from tests.exams.conftest import at, pass_written_exam, register_trade_test
from tests.factories import make_document, make_token

pytestmark = pytest.mark.django_db


def _api(user: Any) -> ApiClient:
    return ApiClient(make_token(user)[1])


def test_a_pathways_exams_read_with_the_trade_tests_dates_and_the_norwegian(coordinator, pathway, participant_user):
    pass_written_exam(pathway, coordinator)
    entry = register_trade_test(pathway, coordinator)
    ExamEntry.objects.filter(pk=entry.pk).update(site_contact="Kari, 900 00 000", site="Sykehjemmet")
    body = _api(coordinator).get(f"/pathways/{pathway.pk}/exams").json()
    assert body["trade_test_dates"] == {
        "contract_end": "2027-06-30",
        "registration_opens": "2026-10-30",
        "registration_closes": "2027-04-30",
        "earliest_test": "2027-03-30",
    }
    assert body["written_exam_required"] is True and body["norwegian_target"] == "B2"  # seed 002, health work
    test = next(e for e in body["entries"] if e["kind"] == "trade_test")
    assert test["site_contact"] == "Kari, 900 00 000" and "hold" in test["steps"]
    # The participant reads their own exams, without the board's contact or the steps.
    mine = _api(participant_user).get(f"/pathways/{pathway.pk}/exams").json()
    test = next(e for e in mine["entries"] if e["kind"] == "trade_test")
    assert (test["site_contact"], test["steps"], test["site"]) == (None, None, "Sykehjemmet")


def test_planning_and_registering_through_the_api_with_its_refusals(coordinator, pathway, participant_user):
    api = _api(coordinator)
    with clock.frozen_at(at(2027, 1, 5)):
        response = api.send("POST", f"/pathways/{pathway.pk}/exams", {"kind": "written", "term_year": 2027})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "term_season"
        response = api.send(
            "POST", f"/pathways/{pathway.pk}/exams", {"kind": "written", "term_year": 2027, "term_season": "spring"}
        )
    assert response.status_code == 201
    entry = response.json()
    url = f"/exams/{entry['id']}/steps/register"
    with clock.frozen_at(at(2027, 2, 5)):
        late = api.send("POST", url, {"version": entry["version"], "registered_at": "2027-02-01T23:55:00+01:00"})
        assert late.status_code == 422
        assert late.json()["errors"][0]["field"] == "registered_at" and "seed 002" in late.json()["detail"]
        stale = api.send("POST", url, {"version": entry["version"] + 1, "registered_at": "2027-02-01T23:54:00+01:00"})
        assert stale.status_code == 409
        done = api.send("POST", url, {"version": entry["version"], "registered_at": "2027-02-01T23:54:00+01:00"})
    assert done.status_code == 200 and done.json()["status"] == "registered"
    # The participant reads, and may not take a step (403).
    assert _api(participant_user).send("POST", url, {"version": 2}).status_code == 403


def test_a_trade_test_result_with_the_protocol_uploaded_before(coordinator, pathway):
    pass_written_exam(pathway, coordinator)
    entry = register_trade_test(pathway, coordinator)
    api = _api(coordinator)
    with clock.frozen_at(at(2027, 4, 2)):
        held = api.send(
            "POST", f"/exams/{entry.pk}/steps/hold", {"version": entry.version, "held_on": "2027-04-01"}
        ).json()
        missing = api.send(
            "POST", f"/exams/{entry.pk}/steps/record_result", {"version": held["version"], "result": "passed"}
        )
        assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "protocol"
        protocol = make_document(pathway, coordinator, kind="other", name="protokoll.pdf")
        done = api.send(
            "POST",
            f"/exams/{entry.pk}/steps/record_result",
            {"version": held["version"], "result": "passed", "protocol_document_id": protocol.pk},
        )
    assert done.status_code == 200
    assert (done.json()["result"], done.json()["protocol_document_id"]) == ("passed", protocol.pk)
    assert dt.date.fromisoformat(done.json()["held_on"]) == dt.date(2027, 4, 1)


def test_the_trade_teacher_recommends_through_the_api(pathway, trade_teacher, coordinator):
    url = f"/pathways/{pathway.pk}/exams/recommendations"
    done = _api(trade_teacher).send("POST", url, {"kind": "trade_test", "register_from": "2026-12-01"})
    assert done.status_code == 201 and done.json()["register_from"] == "2026-12-01"
    assert _api(coordinator).send("POST", url, {"kind": "trade_test", "register_from": "2026-12-01"}).status_code == 403
