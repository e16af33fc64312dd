"""The meeting pages by persona: who reads a meeting and its minutes (its invitees, those
who manage the pathway; a group's members and those who run the scheme), who gets 404
and who 403; planning and writing the minutes in the browser; the minutes as a PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from fagvei.audit.models import AccessLog
from fagvei.followup import services
from fagvei.followup.models import Meeting, Status
from tests.followup.conftest import approved

pytestmark = pytest.mark.django_db


def test_invitees_and_those_who_manage_the_pathway_read_the_meeting(
    meeting, coordinator, participant, mentor, client_as
):
    for user in (coordinator, participant, mentor):
        assert client_as(user).get(f"/meetings/{meeting.pk}/").status_code == 200, user
    assert AccessLog.objects.filter(object_type="followup.meeting", object_id=meeting.pk).count() == 3


def test_one_on_the_pathway_who_is_not_invited_does_not_know_of_the_meeting(
    meeting, instructor, other_coordinator, client_as
):
    for user in (instructor, other_coordinator):
        client = client_as(user)
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
        assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").status_code == 404
        assert client.post(f"/meetings/{meeting.pk}/step/hold/", {"version": 1}).status_code == 404
    listed = client_as(instructor).get(f"/pathways/{meeting.pathway_id}/meetings/")
    assert listed.status_code == 200 and listed.context["meetings"] == []
    assert client_as(other_coordinator).get(f"/pathways/{meeting.pathway_id}/meetings/").status_code == 404


def test_a_reader_who_tries_to_write_gets_403_and_nothing_changes(meeting, participant, mentor, client_as):
    for user in (participant, mentor):
        client = client_as(user)
        for url in (
            f"/meetings/{meeting.pk}/edit/",
            f"/meetings/{meeting.pk}/minutes/",
            f"/pathways/{meeting.pathway_id}/meetings/new/",
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url
        assert client.post(f"/meetings/{meeting.pk}/step/cancel/", {"version": meeting.version}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED


def test_a_group_meeting_is_read_by_the_groups_members_and_run_by_the_schemes_coordinator(
    group_meeting, coordinator, teacher, participant, other_coordinator, client_as
):
    assert client_as(coordinator).get(f"/meetings/{group_meeting.pk}/").status_code == 200
    assert client_as(teacher).get(f"/meetings/{group_meeting.pk}/").status_code == 200
    assert client_as(teacher).post(f"/meetings/{group_meeting.pk}/step/hold/", {"version": 1}).status_code == 403
    for user in (participant, other_coordinator):
        assert client_as(user).get(f"/meetings/{group_meeting.pk}/").status_code == 404
    response = client_as(coordinator).post(
        f"/meetings/{group_meeting.pk}/step/hold/", {"version": group_meeting.version}
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=group_meeting.pk).status == Status.HELD


def test_my_meetings_lists_those_i_am_invited_to_or_run(meeting, group_meeting, coordinator, teacher, client_as):
    assert [m.pk for m in client_as(teacher).get("/meetings/").context["page"].object_list] == [group_meeting.pk]
    mine = client_as(coordinator).get("/meetings/").context["page"].object_list
    assert {m.pk for m in mine} == {meeting.pk, group_meeting.pk}


def test_the_coordinator_plans_a_meeting_on_the_page(pathway, coordinator, participant, mentor, client_as):
    page = client_as(coordinator).get(f"/pathways/{pathway.pk}/meetings/")
    assert set(dict(page.context["form"].fields["invitees"].choices)) == {participant.person_id, mentor.person_id}
    response = client_as(coordinator).post(
        f"/pathways/{pathway.pk}/meetings/new/",
        {
            "kind": "workplace_start",
            "starts_at": "2026-08-17T09:00",
            "place": "Solsiden",
            "agenda": "Roller og startdato",
            "invitees": [participant.person_id, mentor.person_id],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at.isoformat() == "2026-08-17T07:00:00+00:00"


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"invitees": []}, {"invitees"}),
        ({"invitees": ["999999"]}, {"invitees"}),
        ({"starts_at": "i morgen"}, {"starts_at"}),
        ({"kind": "project_group"}, {"kind"}),
        ({"place": "x" * 201}, {"place"}),
    ],
)
def test_planning_with_bad_input_answers_422_naming_the_field_and_saves_nothing(
    change, fields, pathway, coordinator, participant, client_as
):
    data = {"kind": "assessment", "starts_at": "2026-08-17T09:00", "invitees": [participant.person_id], **change}
    response = client_as(coordinator).post(f"/pathways/{pathway.pk}/meetings/new/", data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == fields
    assert Meeting.objects.count() == 0


def test_the_coordinator_holds_the_meeting_writes_the_minutes_and_approves_them_in_the_browser(
    meeting, coordinator, participant, mentor, client_as
):
    client = client_as(coordinator)
    assert client.post(f"/meetings/{meeting.pk}/step/hold/", {"version": meeting.version}).status_code == 302
    meeting.refresh_from_db()
    assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 200
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {
            "attended": [participant.person_id],
            "minutes": "Deltakeren er i rute.",
            "decisions": "Ny samtale i juni.",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert client.post(f"/meetings/{meeting.pk}/step/approve/", {"version": meeting.version}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.APPROVED and meeting.approved_by == coordinator
    # Locked: the minutes form refuses, the page offers an addendum instead.
    locked = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"attended": [], "minutes": "Endret.", "version": meeting.version},
    )
    assert locked.status_code == 422
    assert "låst" in " ".join(locked.context["form"].non_field_errors())
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Deltakeren er i rute."
    detail = client.get(f"/meetings/{meeting.pk}/")
    assert detail.context["addendum_form"] is not None and detail.context["offers"] == []
    assert client.post(f"/meetings/{meeting.pk}/addenda/", {"text": "Rettelse: juli."}).status_code == 302
    assert meeting.addenda.get().author == coordinator


def test_a_step_the_table_does_not_allow_is_refused_with_a_message(meeting, coordinator, client_as):
    client = client_as(coordinator)
    response = client.post(f"/meetings/{meeting.pk}/step/approve/", {"version": meeting.version}, follow=True)
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED
    assert client.post(f"/meetings/{meeting.pk}/step/no-such-step/", {"version": 1}).status_code == 404


def test_the_pathway_page_shows_the_next_meeting_and_the_open_action_items(
    meeting, coordinator, mentor, instructor, client_as
):
    services.add_action_item(
        actor=coordinator,
        meeting_id=meeting.pk,
        text="Gjør noe",
        owner=mentor.person_id,
        deadline=meeting.starts_at.date(),
    )
    page = client_as(mentor).get(f"/pathways/{meeting.pathway_id}/").content.decode()
    hidden = client_as(instructor).get(f"/pathways/{meeting.pathway_id}/").content.decode()
    assert f"/meetings/{meeting.pk}/" in page and "1 åpent oppfølgingspunkt" in page
    assert f"/meetings/{meeting.pk}/" not in hidden and "0 åpne oppfølgingspunkter" in hidden


def test_the_minutes_print_as_a_pdf_with_attendance_decisions_action_items_and_addenda(
    meeting, coordinator, participant, mentor, client_as
):
    services.add_action_item(
        actor=coordinator,
        meeting_id=meeting.pk,
        text="Bestill iPad",
        owner=mentor.person_id,
        deadline=meeting.starts_at.date(),
    )
    meeting = approved(meeting, coordinator, [participant.person_id])
    services.add_addendum(actor=coordinator, meeting_id=meeting.pk, text="Rettelse etter godkjenning")
    response = client_as(participant).get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="minutes-{meeting.pk}.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Vurderingssamtale",
        participant.person.full_name,
        "Gikk gjennom framdriften.",
        "Neste samtale om et halvår.",
        "Bestill iPad",
        "Rettelse etter godkjenning",
        "Referat godkjent",
    ):
        assert expected in text, expected
    assert AccessLog.objects.filter(object_id=meeting.pk, purpose=AccessLog.Purpose.EXPORT).count() == 1


def test_the_pathways_timeline_reads_the_meeting_events_with_the_kind(meeting, coordinator, client_as):
    page = client_as(coordinator).get(f"/pathways/{meeting.pathway_id}/").content.decode()
    assert "Møte planlagt" in page and "Vurderingssamtale" in page
    assert "Plan for neste halvår" not in page
