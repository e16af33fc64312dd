"""Schemes through the API: the same rules as the pages (the runner manages, a member
reads their group, one on a pathway reads the themes, others 404, a reader writing 403),
with the API's answers (201, 409 for a stale month, 422 naming the field)."""

from __future__ import annotations

import datetime as dt

import pytest

from fagvei.followup import groups
from fagvei.followup.models import MonthlyTheme, ParticipantNote
from fagvei.pathways.models import GroupMember
from tests.api.conftest import ApiClient
from tests.factories import make_person, make_token
from tests.followup.conftest import approved

pytestmark = pytest.mark.django_db


def api(user):
    return ApiClient(make_token(user)[1])


def test_the_runner_manages_members_and_themes(scheme, group, teacher, coordinator, mentor):
    client = api(coordinator)
    listed = client.get("/schemes").json()
    assert [s["id"] for s in listed] == [scheme.pk] and listed[0]["can_manage"]
    added = client.send("POST", f"/groups/{group.pk}/members", {"person": mentor.person_id, "title": "Fadder"})
    assert added.status_code == 201, added.json()
    again = client.send("POST", f"/groups/{group.pk}/members", {"person": mentor.person_id})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "person"
    stranger = client.send("POST", f"/groups/{group.pk}/members", {"person": make_person().pk})
    assert stranger.status_code == 422
    themes = client.send("PUT", f"/schemes/{scheme.pk}/themes/2026-12", {"themes": "Smittevern"})
    assert themes.status_code == 200 and themes.json()["version"] == 1
    stale = client.send("PUT", f"/schemes/{scheme.pk}/themes/2026-12", {"themes": "Annet"})
    assert stale.status_code == 409
    bad = client.send("PUT", f"/schemes/{scheme.pk}/themes/2026-13", {"themes": "Annet"})
    assert bad.status_code == 422
    detail = client.get(f"/schemes/{scheme.pk}").json()
    assert {m["person"]["id"] for m in detail["groups"][0]["members"]} == {teacher.person_id, mentor.person_id}
    removed = client.send("DELETE", f"/groups/{group.pk}/members/{added.json()['id']}")
    assert removed.status_code == 200
    assert not GroupMember.objects.filter(pk=added.json()["id"]).exists()
    assert MonthlyTheme.objects.get(scheme=scheme).themes == "Smittevern"


def test_readers_and_outsiders(scheme, group, teacher, coordinator, mentor, other_coordinator):
    groups.set_monthly_themes(actor=coordinator, scheme_id=scheme.pk, month=dt.date(2026, 12, 1), themes="Tema")
    member = api(teacher).get(f"/schemes/{scheme.pk}").json()
    assert [g["id"] for g in member["groups"]] == [group.pk] and member["themes"]
    on_pathway = api(mentor).get(f"/schemes/{scheme.pk}").json()
    assert on_pathway["groups"] == [] and on_pathway["themes"][0]["themes"] == "Tema"
    assert api(teacher).send("POST", f"/groups/{group.pk}/members", {"person": mentor.person_id}).status_code == 403
    assert api(mentor).send("PUT", f"/schemes/{scheme.pk}/themes/2026-12", {"themes": "x"}).status_code == 403
    assert api(mentor).send("POST", f"/groups/{group.pk}/members", {"person": mentor.person_id}).status_code == 404
    assert api(other_coordinator).get(f"/schemes/{scheme.pk}").status_code == 404
    assert api(other_coordinator).get("/schemes").json() == []


def test_participant_notes_through_the_api(pathway, group_meeting, coordinator, teacher):
    client = api(coordinator)
    read = client.get(f"/meetings/{group_meeting.pk}/participant-notes").json()
    assert [n["pathway_id"] for n in read["notes"]] == [pathway.pk]
    body = {"version": read["version"], "notes": [{"pathway_id": pathway.pk, "trade_progress": "Bra"}]}
    saved = client.send("PUT", f"/meetings/{group_meeting.pk}/participant-notes", body)
    assert saved.status_code == 200 and saved.json()["notes"][0]["trade_progress"] == "Bra"
    assert client.send("PUT", f"/meetings/{group_meeting.pk}/participant-notes", body).status_code == 409
    assert api(teacher).get(f"/meetings/{group_meeting.pk}/participant-notes").status_code == 200
    assert api(teacher).send("PUT", f"/meetings/{group_meeting.pk}/participant-notes", body).status_code == 403
    meeting = approved(group_meeting.__class__.objects.get(pk=group_meeting.pk), coordinator, [teacher.person_id])
    body["version"] = meeting.version
    assert client.send("PUT", f"/meetings/{group_meeting.pk}/participant-notes", body).status_code == 422
    assert ParticipantNote.objects.get().trade_progress == "Bra"


def test_the_pathways_meetings_page_shows_the_groups_notes_only_to_those_who_read_the_meeting(
    pathway, group_meeting, meeting, coordinator, mentor, client_as
):
    from django.urls import reverse

    ParticipantNote.objects.create(
        meeting=group_meeting,
        pathway=pathway,
        trade_progress="Faglig sterk i stell",
        written_by=coordinator,
        written_at=group_meeting.scheduled_at,
    )
    url = reverse("pathway_meetings", args=[pathway.pk])
    assert "Faglig sterk i stell" in client_as(coordinator).get(url).content.decode()
    # The mentor, invited to the pathway's assessment, is no member of the project group.
    shown = client_as(mentor).get(url)
    assert shown.status_code == 200
    assert "Faglig sterk i stell" not in shown.content.decode()
