"""Meetings through the API: the same rules as the pages, with the API's answers (201 on
creation, 403 for a reader writing, 404 outside the scope, 409 for a stale version, 422
naming the field and saving nothing)."""

from __future__ import annotations

import pytest

from fagvei.followup.models import ActionItem, Meeting, Status
from tests.api.conftest import ApiClient
from tests.factories import make_token

pytestmark = pytest.mark.django_db


def api(user):
    return ApiClient(make_token(user)[1])


def test_the_coordinator_walks_a_meeting_from_plan_to_approved_minutes(pathway, coordinator, participant, mentor):
    client = api(coordinator)
    created = client.send(
        "POST",
        f"/pathways/{pathway.pk}/meetings",
        {
            "kind": "assessment",
            "starts_at": "2026-12-10T10:00:00",
            "place": "Møterom",
            "agenda": "Framdrift",
            "invitees": [participant.person_id, mentor.person_id],
        },
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()
    assert meeting["starts_at"] == "2026-12-10T10:00:00+01:00"
    assert meeting["allowed_steps"] == ["hold", "cancel"]
    mid = meeting["id"]
    held = client.send("POST", f"/meetings/{mid}/steps/hold", {"version": meeting["version"]}).json()
    assert held["status"] == "held" and held["allowed_steps"] == []
    item = client.send(
        "POST",
        f"/meetings/{mid}/action-items",
        {"text": "Send plan", "owner": mentor.person_id, "deadline": "2027-01-15"},
    )
    assert item.status_code == 201 and item.json()["owner"]["id"] == mentor.person_id
    written = client.send(
        "PUT",
        f"/meetings/{mid}/minutes",
        {"version": held["version"], "attended": [participant.person_id], "minutes": "I rute.", "decisions": ""},
    ).json()
    assert [i["attended"] for i in written["invitees"]] == [True, False]
    done = client.send("POST", f"/meetings/{mid}/steps/approve", {"version": written["version"]}).json()
    assert done["status"] == "approved"
    locked = client.send(
        "PUT", f"/meetings/{mid}/minutes", {"version": done["version"], "attended": [], "minutes": "Endret."}
    )
    assert locked.status_code == 422
    assert Meeting.objects.get(pk=mid).minutes == "I rute."
    addendum = client.send("POST", f"/meetings/{mid}/addenda", {"text": "Rettelse."})
    assert addendum.status_code == 201 and addendum.json()["addenda"][0]["text"] == "Rettelse."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "project_group"}, "kind"),
        ({"invitees": []}, "invitees"),
        ({"invitees": [10**12]}, "invitees"),
        ({"starts_at": "not a time"}, "starts_at"),
        ({"place": "x" * 201}, "place"),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_saves_nothing(change, field, pathway, coordinator, participant):
    body = {"kind": "assessment", "starts_at": "2026-12-10T10:00:00", "invitees": [participant.person_id], **change}
    response = api(coordinator).send("POST", f"/pathways/{pathway.pk}/meetings", body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert Meeting.objects.count() == 0


def test_a_stale_version_is_409(meeting, coordinator):
    response = api(coordinator).send("POST", f"/meetings/{meeting.pk}/steps/hold", {"version": meeting.version - 1})
    assert response.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED


def test_readers_read_and_may_not_write_outsiders_do_not_know(meeting, participant, instructor, other_coordinator):
    assert api(participant).get(f"/meetings/{meeting.pk}").status_code == 200
    assert api(participant).send("POST", f"/meetings/{meeting.pk}/steps/hold", {"version": 1}).status_code == 403
    for user in (instructor, other_coordinator):
        assert api(user).get(f"/meetings/{meeting.pk}").status_code == 404
    assert [m["id"] for m in api(instructor).get(f"/pathways/{meeting.pathway_id}/meetings").json()["items"]] == []
    assert [m["id"] for m in api(participant).get("/meetings").json()["items"]] == [meeting.pk]


def test_the_owner_marks_an_action_item_done_through_the_api(meeting, coordinator, mentor, participant):
    item = (
        api(coordinator)
        .send(
            "POST",
            f"/meetings/{meeting.pk}/action-items",
            {"text": "Gjør", "owner": mentor.person_id, "deadline": "2027-01-01"},
        )
        .json()
    )
    assert api(participant).send("POST", f"/action-items/{item['id']}/done", {"done": True}).status_code == 403
    done = api(mentor).send("POST", f"/action-items/{item['id']}/done", {"done": True, "version": item["version"]})
    assert done.status_code == 200 and done.json()["done_at"] is not None
    assert ActionItem.objects.get(pk=item["id"]).done_by == mentor
