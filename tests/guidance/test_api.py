"""The guidance records through the API: the same helper and rules as the pages (201 on
creation, 403 for a reader writing, 404 for one who may not know of them, 422 naming
the field in Norwegian and saving nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, TeacherVisit
from tests.api.conftest import ApiClient
from tests.factories import make_token
from tests.guidance.conftest import days_ago

pytestmark = pytest.mark.django_db


def api(user):
    return ApiClient(make_token(user)[1])


def test_the_instructor_logs_and_the_participant_reads_guidance(pathway, instructor, participant, mentor, goals):
    created = api(instructor).send(
        "POST",
        f"/pathways/{pathway.pk}/guidance",
        {"given_on": days_ago(1).isoformat(), "minutes": 50, "goals": [goals[0].pk], "note": "Sårstell"},
    )
    assert created.status_code == 201, created.json()
    assert created.json()["goals"] == [goals[0].pk] and created.json()["minutes"] == 50
    listed = api(participant).get(f"/pathways/{pathway.pk}/guidance").json()
    assert [e["note"] for e in listed["items"]] == ["Sårstell"]
    assert (
        api(participant)
        .send("POST", f"/pathways/{pathway.pk}/guidance", {"given_on": days_ago(0).isoformat()})
        .status_code
        == 403
    )
    assert api(mentor).get(f"/pathways/{pathway.pk}/guidance").status_code == 404


def test_a_future_date_is_refused_in_norwegian_naming_the_field(pathway, instructor):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = api(instructor).send("POST", f"/pathways/{pathway.pk}/guidance", {"given_on": future})
    assert response.status_code == 422
    assert "Dato" in response.json()["detail"] and "fram i tid" in response.json()["detail"]
    response = api(instructor).send(
        "POST", f"/pathways/{pathway.pk}/guidance", {"given_on": days_ago(0).isoformat(), "minutes": 2}
    )
    assert response.status_code == 422 and "Varighet" in response.json()["detail"]
    assert GuidanceEntry.objects.count() == 0


def test_the_trade_teacher_records_visits_and_lists_their_participants(pathway, trade_teacher, participant, goals):
    created = api(trade_teacher).send(
        "POST",
        f"/pathways/{pathway.pk}/visits",
        {"visited_on": days_ago(20).isoformat(), "observations": "Trygg", "goals": [goals[2].pk]},
    )
    assert created.status_code == 201, created.json()
    mine = api(trade_teacher).get("/visits/mine").json()
    assert mine == [
        {
            "pathway_id": pathway.pk,
            "participant": pathway.participant.full_name,
            "trade": pathway.trade.name,
            "workplace": pathway.workplace.name,
            "last_visit": days_ago(20).isoformat(),
            "interval_days": 14,
            "overdue": True,
        }
    ]
    assert api(participant).get("/visits/mine").json() == []
    assert api(participant).get(f"/pathways/{pathway.pk}/visits").json()["items"][0]["observations"] == "Trygg"
    assert (
        api(participant)
        .send("POST", f"/pathways/{pathway.pk}/visits", {"visited_on": days_ago(0).isoformat(), "observations": "x"})
        .status_code
        == 403
    )
    assert TeacherVisit.objects.count() == 1


def test_the_norwegian_teacher_records_language_levels(pathway, norwegian_teacher, trade_teacher, instructor):
    created = api(norwegian_teacher).send(
        "POST",
        f"/pathways/{pathway.pk}/language",
        {"assessed_on": days_ago(1).isoformat(), "levels": {"reading": "B1", "oral": "A2"}, "notes": {"oral": "Bedre"}},
    )
    assert created.status_code == 201, created.json()
    assert sorted((r["skill"], r["level"]) for r in created.json()) == [("oral", "A2"), ("reading", "B1")]
    assert len(api(trade_teacher).get(f"/pathways/{pathway.pk}/language").json()["items"]) == 2
    assert api(instructor).get(f"/pathways/{pathway.pk}/language").status_code == 404
    bad = api(norwegian_teacher).send(
        "POST",
        f"/pathways/{pathway.pk}/language",
        {"assessed_on": days_ago(1).isoformat(), "levels": {"reading": "Z9"}},
    )
    assert bad.status_code == 422 and "Lesing" in bad.json()["detail"]
    assert LanguageAssessment.objects.count() == 2
