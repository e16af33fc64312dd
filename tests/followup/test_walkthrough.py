"""The project group's walkthrough (seed 002): a note on each participant in training,
shown on the meeting and the participant's meetings page to readers of the meeting, an
event on each participant's timeline pointing to the meeting (ids only), and the notes
and the report locked with the minutes. The steering group's report."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError
from fagvei.followup import groups, services
from fagvei.followup.models import ParticipantNote
from fagvei.pathways.models import Stage
from tests.factories import make_pathway, make_person
from tests.followup.conftest import approved, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(scheme, coordinator, pathway):
    """Three participants in training (the conftest's and two more), one referred."""
    more = [
        make_pathway(
            scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, participant=make_person("Ola", "Andersen")
        ),
        make_pathway(scheme, coordinator=coordinator, stage=Stage.INTERRUPTED, participant=make_person("Siri", "Berg")),
    ]
    make_pathway(scheme, coordinator=coordinator, stage=Stage.REFERRED, participant=make_person("Ikke", "Ennå"))
    return [pathway, *more]


def _notes(pathways):
    return {
        p.pk: {
            "trade_progress": f"Faglig bra {p.pk}",
            "language_progress": "Norsk B1",
            "workplace_status": "Trives",
        }
        for p in pathways
    }


def test_the_project_group_goes_through_each_participant_in_training(
    three, group_meeting, coordinator, teacher, mentor, client_as
):
    assert {p.pk for p in groups.walkthrough_pathways(group_meeting)} == {p.pk for p in three}
    client = client_as(coordinator)
    form = client.get(f"/meetings/{group_meeting.pk}/notes/")
    assert form.status_code == 200
    data = {"version": group_meeting.version}
    for p in three:
        data[f"p{p.pk}-trade_progress"] = f"Faglig bra {p.pk}"
        data[f"p{p.pk}-language_progress"] = "Norsk B1"
    assert client.post(f"/meetings/{group_meeting.pk}/notes/", data).status_code == 302
    assert ParticipantNote.objects.filter(meeting=group_meeting).count() == 3
    # Each participant's timeline says they were discussed, with the meeting's id only.
    for p in three:
        event = Event.objects.get(pathway=p, verb="meeting.participant_discussed")
        assert set(event.data) == {"meeting", "kind", "date"}
        html = client.get(f"/pathways/{p.pk}/").content.decode()
        assert f"/meetings/{group_meeting.pk}/" in html
        assert f"Faglig bra {p.pk}" not in html
        own = client.get(f"/pathways/{p.pk}/meetings/").content.decode()
        assert f"Faglig bra {p.pk}" in own
    # The member reads the notes on the meeting; the mentor, not invited, does not.
    assert f"Faglig bra {three[0].pk}" in client_as(teacher).get(f"/meetings/{group_meeting.pk}/").content.decode()
    assert (
        f"Faglig bra {three[0].pk}" not in client_as(mentor).get(f"/pathways/{three[0].pk}/meetings/").content.decode()
    )
    # A second save changes the notes, without a second event.
    meeting = group_meeting.__class__.objects.get(pk=group_meeting.pk)
    groups.save_participant_notes(
        actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version, notes=_notes(three[:1])
    )
    assert Event.objects.filter(verb="meeting.participant_discussed").count() == 3


def test_notes_only_for_the_schemes_participants_and_stale_refused(three, group_meeting, coordinator, teacher):
    outsider = make_pathway(three[0].scheme, coordinator=coordinator, stage=Stage.REFERRED)
    with pytest.raises(DomainError):
        groups.save_participant_notes(
            actor=coordinator,
            meeting_id=group_meeting.pk,
            expected_version=group_meeting.version,
            notes=_notes([outsider]),
        )
    with pytest.raises(DomainError):
        groups.save_participant_notes(
            actor=coordinator, meeting_id=group_meeting.pk, expected_version=group_meeting.version + 5, notes={}
        )
    with pytest.raises(DomainError):
        groups.save_participant_notes(
            actor=teacher, meeting_id=group_meeting.pk, expected_version=group_meeting.version, notes=_notes(three)
        )
    assert not ParticipantNote.objects.exists()


def test_notes_and_report_lock_with_the_minutes(three, group_meeting, coordinator, teacher, client_as):
    meeting = groups.save_participant_notes(
        actor=coordinator, meeting_id=group_meeting.pk, expected_version=group_meeting.version, notes=_notes(three)
    )
    meeting = groups.record_group_report(
        actor=coordinator,
        meeting_id=meeting.pk,
        expected_version=meeting.version,
        resources="To lærere",
        challenges="Vikarer",
    )
    meeting = approved(meeting, coordinator, [teacher.person_id])
    with pytest.raises(DomainError):
        groups.save_participant_notes(
            actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version, notes=_notes(three)
        )
    with pytest.raises(DomainError):
        groups.record_group_report(
            actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version, resources="x"
        )
    client = client_as(coordinator)
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "To lærere" in html and "Vikarer" in html
    assert f"/meetings/{meeting.pk}/notes/" not in html
    refused = client.post(f"/meetings/{meeting.pk}/notes/", {"version": meeting.version})
    assert refused.status_code == 422
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vikarer" in text and f"Faglig bra {three[1].pk}" in text


def test_the_steering_group_records_resources_progress_and_plans(scheme, coordinator, teacher, client_as):
    steering = groups.create_group(actor=coordinator, scheme_id=scheme.pk, kind="steering", name="Styringsgruppe")
    assert steering.meeting_interval_days == 182  # seed 002: each semester
    groups.add_group_member(actor=coordinator, group_id=steering.pk, person=coordinator.person_id, title="Leder")
    meeting = services.schedule_meeting(
        actor=coordinator, group_id=steering.pk, kind="steering_group", starts_at=at(), invitees=[coordinator.person_id]
    )
    client = client_as(coordinator)
    assert client.get(f"/meetings/{meeting.pk}/notes/").status_code == 404
    response = client.post(
        f"/meetings/{meeting.pk}/report/",
        {"version": meeting.version, "resources": "Budsjett", "progress": "Ti i gang", "plans": "Nytt kull"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.resources, meeting.progress, meeting.plans) == ("Budsjett", "Ti i gang", "Nytt kull")
    too_long = client.post(f"/meetings/{meeting.pk}/report/", {"version": meeting.version, "plans": "x" * 20_001})
    assert too_long.status_code == 422
