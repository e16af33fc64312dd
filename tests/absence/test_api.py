"""The absence API: list (reasons only to those who see them), create, patch, delete,
and the participation rate (the instructor and mentor get the rate, never the periods)."""

from __future__ import annotations

import json

import pytest

from fagvei.absence.models import Absence

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_create_list_patch_delete(pathway, manager, client_as):
    client = client_as(manager)
    base = f"/api/v1/pathways/{pathway.pk}/absence"
    created = _post(
        client, base, {"kind": "sick_note", "starts_on": "2026-02-02", "ends_on": "2026-02-06", "note": "x"}
    )
    assert created.status_code == 201, created.content
    absence_id = created.json()["id"]
    listed = client.get(base).json()
    assert listed["reasons_shown"] and listed["items"][0]["kind"] == "sick_note"
    overlap = _post(client, base, {"kind": "other", "starts_on": "2026-02-06"})
    assert overlap.status_code == 422 and "overlapper" in overlap.content.decode()
    hours = _post(client, base, {"kind": "other", "starts_on": "2026-03-02", "ends_on": "2026-03-03", "hours": "2"})
    assert hours.status_code == 422
    patched = client.patch(
        f"/api/v1/absences/{absence_id}",
        json.dumps({"version": 1, "ends_on": "2026-02-03"}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["ends_on"] == "2026-02-03"
    stale = client.patch(
        f"/api/v1/absences/{absence_id}", json.dumps({"version": 1, "note": "y"}), content_type="application/json"
    )
    assert stale.status_code == 409
    assert client.delete(f"/api/v1/absences/{absence_id}?version=1").status_code == 409
    assert client.delete(f"/api/v1/absences/{absence_id}?version=2").status_code == 200
    assert not Absence.objects.exists()


def test_the_rate(pathway, manager, instructor, mentor, teacher, client_as):
    _post(
        client_as(manager), f"/api/v1/pathways/{pathway.pk}/absence", {"kind": "sick_note", "starts_on": "2026-02-02"}
    )
    for user in (manager, instructor, mentor):
        body = client_as(user).get(f"/api/v1/pathways/{pathway.pk}/participation").json()
        assert body["absent_days"] == "1.00" or float(body["absent_days"]) == 1.0
        assert body["target_percent"] == 80 and body["threshold_days"] == 14
    assert client_as(teacher).get(f"/api/v1/pathways/{pathway.pk}/participation").status_code == 404


def test_by_persona(pathway, manager, instructor, mentor, participant, teacher, other_coordinator, client_as):
    created = _post(
        client_as(manager), f"/api/v1/pathways/{pathway.pk}/absence", {"kind": "sick_note", "starts_on": "2026-02-02"}
    ).json()
    base = f"/api/v1/pathways/{pathway.pk}/absence"
    own = client_as(participant).get(base).json()
    assert not own["reasons_shown"] and own["items"][0]["kind"] is None and own["items"][0]["note"] is None
    for user in (instructor, mentor, teacher, other_coordinator):
        assert client_as(user).get(base).status_code == 404
    for user in (instructor, mentor, participant):
        assert _post(client_as(user), base, {"kind": "other", "starts_on": "2026-03-02"}).status_code == 403
    assert client_as(participant).delete(f"/api/v1/absences/{created['id']}?version=1").status_code == 403
    for user in (instructor, mentor, teacher, other_coordinator):
        assert client_as(user).delete(f"/api/v1/absences/{created['id']}?version=1").status_code == 404
    assert client_as(other_coordinator).get(f"/api/v1/pathways/{pathway.pk}/participation").status_code == 404
