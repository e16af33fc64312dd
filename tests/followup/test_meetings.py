"""Meetings through their domain functions: planning, every step of the status table
allowed and refused, minutes locked once approved, addenda, and the database's own
guard that a meeting belongs to exactly one pathway or group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.followup import services
from fagvei.followup.lifecycle import TRANSITIONS
from fagvei.followup.models import Addendum, Invitee, Meeting, Status
from tests.factories import make_person
from tests.followup.conftest import approved, at, held

pytestmark = pytest.mark.django_db


def test_a_coordinator_plans_a_meeting_with_invitees_from_the_pathways_people(meeting, participant, mentor):
    assert meeting.status == Status.PLANNED
    assert meeting.starts_at == at()
    assert set(meeting.invitees.values_list("person_id", flat=True)) == {participant.person_id, mentor.person_id}
    assert set(meeting.invitees.values_list("attended", flat=True)) == {None}


def test_a_naive_time_is_read_as_oslo_time(pathway, coordinator, participant):
    meeting = services.schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="teacher_visit",
        starts_at=dt.datetime(2026, 7, 1, 9, 0),  # noqa: DTZ001 - as a form hands it over
        invitees=[participant.person_id],
    )
    meeting.refresh_from_db()
    assert meeting.starts_at.isoformat() == "2026-07-01T07:00:00+00:00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "project_group"}, "kind"),
        ({"kind": "no_such_kind"}, "kind"),
        ({"invitees": []}, "invitees"),
        ({"invitees": ["x"]}, "invitees"),
        ({"starts_at": "2026-12-10"}, "starts_at"),
        ({"starts_at": dt.datetime(1850, 1, 1, tzinfo=dt.UTC)}, "starts_at"),
        ({"place": "x" * 201}, "place"),
    ],
)
def test_planning_refuses_bad_input_naming_the_field_and_saves_nothing(
    change, field, pathway, coordinator, participant
):
    values = {"kind": "assessment", "starts_at": at(), "invitees": [participant.person_id], **change}
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(actor=coordinator, pathway_id=pathway.pk, **values)
    assert refused.value.field == field
    assert Meeting.objects.count() == 0
    assert not Event.objects.filter(verb="meeting.scheduled").exists()


def test_only_the_pathways_people_can_be_invited(pathway, coordinator):
    stranger = make_person("Ukjent", "Person")
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(
            actor=coordinator, pathway_id=pathway.pk, kind="assessment", starts_at=at(), invitees=[stranger.pk]
        )
    assert refused.value.field == "invitees"
    assert Meeting.objects.count() == 0


def test_one_who_does_not_manage_the_pathway_cannot_plan_its_meetings(pathway, mentor, other_coordinator):
    for actor in (mentor, other_coordinator):
        with pytest.raises(DomainError):
            services.schedule_meeting(
                actor=actor, pathway_id=pathway.pk, kind="assessment", starts_at=at(), invitees=[mentor.person_id]
            )
    assert Meeting.objects.count() == 0


def test_a_group_meeting_is_planned_by_one_who_runs_the_scheme_with_the_groups_members(
    group, coordinator, teacher, other_coordinator, participant
):
    meeting = services.schedule_meeting(
        actor=coordinator, group_id=group.pk, kind="project_group", starts_at=at(), invitees=[teacher.person_id]
    )
    assert meeting.group_id == group.pk and meeting.pathway_id is None
    with pytest.raises(DomainError):
        services.schedule_meeting(
            actor=other_coordinator,
            group_id=group.pk,
            kind="project_group",
            starts_at=at(),
            invitees=[teacher.person_id],
        )
    with pytest.raises(DomainError) as kind:
        services.schedule_meeting(
            actor=coordinator, group_id=group.pk, kind="steering_group", starts_at=at(), invitees=[teacher.person_id]
        )
    assert kind.value.field == "kind"
    with pytest.raises(DomainError) as outsider:
        services.schedule_meeting(
            actor=coordinator, group_id=group.pk, kind="project_group", starts_at=at(), invitees=[participant.person_id]
        )
    assert outsider.value.field == "invitees"
    assert Meeting.objects.count() == 1


def test_the_database_keeps_a_meeting_to_exactly_one_pathway_or_group(meeting, group, coordinator):
    for pathway_id, group_id, kind in (
        (meeting.pathway_id, group.pk, "assessment"),
        (None, None, "assessment"),
        (meeting.pathway_id, None, "project_group"),
        (None, group.pk, "assessment"),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Meeting.objects.create(
                kind=kind,
                pathway_id=pathway_id,
                group_id=group_id,
                starts_at=at(),
                scheduled_by=coordinator,
                scheduled_at=at(),
            )


# The status table ------------------------------------------------------------------------

STEPS = {"hold": services.hold_meeting, "approve": services.approve_minutes, "cancel": services.cancel_meeting}


def _in_status(status, meeting, coordinator, participant):
    if status == Status.PLANNED:
        return meeting
    if status == Status.CANCELLED:
        return services.cancel_meeting(actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
    if status == Status.HELD:
        return held(meeting, coordinator, [participant.person_id])
    return approved(meeting, coordinator, [participant.person_id])


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("status", list(Status.values))
def test_every_step_is_allowed_from_its_sources_and_refused_elsewhere(step, status, meeting, coordinator, participant):
    meeting = _in_status(status, meeting, coordinator, participant)
    transition = TRANSITIONS[step]
    if status in transition.sources:
        done = STEPS[step](actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
        assert done.status == transition.target
        assert getattr(done, transition.timestamp_field) is not None
        assert done.version == meeting.version + 1
    else:
        with pytest.raises(DomainError):
            STEPS[step](actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
        fresh = Meeting.objects.get(pk=meeting.pk)
        assert (fresh.status, fresh.version) == (status, meeting.version)


def test_the_minutes_cannot_be_approved_before_they_are_written_and_attendance_recorded(
    meeting, coordinator, participant
):
    meeting = services.hold_meeting(actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
    with pytest.raises(DomainError) as refused:
        services.approve_minutes(actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
    assert len(refused.value.messages) == 2
    assert Meeting.objects.get(pk=meeting.pk).status == Status.HELD


def test_minutes_are_written_only_once_the_meeting_is_held(meeting, coordinator, participant):
    with pytest.raises(DomainError):
        services.record_minutes(
            actor=coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            attended=[participant.person_id],
            minutes="For tidlig.",
        )
    assert Meeting.objects.get(pk=meeting.pk).minutes == ""


def test_only_invitees_are_recorded_as_attending_and_minutes_are_required(meeting, coordinator, instructor):
    meeting = services.hold_meeting(actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
    for attended, minutes, field in (([instructor.person_id], "Tekst", "attended"), ([], "  ", "minutes")):
        with pytest.raises(DomainError) as refused:
            services.record_minutes(
                actor=coordinator,
                meeting_id=meeting.pk,
                expected_version=meeting.version,
                attended=attended,
                minutes=minutes,
            )
        assert refused.value.field == field
    assert set(Invitee.objects.filter(meeting=meeting).values_list("attended", flat=True)) == {None}


def test_attendance_marks_those_who_came_and_those_who_did_not(meeting, coordinator, participant, mentor):
    held(meeting, coordinator, [participant.person_id])
    attendance = dict(Invitee.objects.filter(meeting=meeting).values_list("person_id", "attended"))
    assert attendance == {participant.person_id: True, mentor.person_id: False}


def test_a_stale_version_is_refused(meeting, coordinator):
    services.update_meeting(
        actor=coordinator,
        meeting_id=meeting.pk,
        expected_version=meeting.version,
        starts_at=at(11),
        invitees=list(meeting.invitees.values_list("person_id", flat=True)),
    )
    with pytest.raises(StaleObject):
        services.hold_meeting(actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED


def test_a_reader_cannot_take_a_step(meeting, mentor, participant):
    for actor in (mentor, participant):
        with pytest.raises(DomainError):
            services.hold_meeting(actor=actor, meeting_id=meeting.pk, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).status == Status.PLANNED


# Locked minutes and addenda ----------------------------------------------------------------


def test_approved_minutes_are_locked_against_every_change(meeting, coordinator, participant, mentor):
    meeting = approved(meeting, coordinator, [participant.person_id])
    before = Meeting.objects.values().get(pk=meeting.pk)
    attendance = list(Invitee.objects.filter(meeting=meeting).values_list("person_id", "attended"))
    attempts = [
        lambda: services.record_minutes(
            actor=coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            attended=[mentor.person_id],
            minutes="Endret i ettertid.",
        ),
        lambda: services.update_meeting(
            actor=coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            starts_at=at(12),
            invitees=[participant.person_id],
        ),
        lambda: services.add_action_item(
            actor=coordinator,
            meeting_id=meeting.pk,
            text="For sent.",
            owner=participant.person_id,
            deadline=dt.date(2027, 1, 1),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    assert Meeting.objects.values().get(pk=meeting.pk) == before
    assert list(Invitee.objects.filter(meeting=meeting).values_list("person_id", "attended")) == attendance
    assert meeting.action_items.count() == 0


def test_a_correction_to_approved_minutes_is_an_addendum_with_author_and_time(meeting, coordinator, participant):
    with pytest.raises(DomainError):
        services.add_addendum(actor=coordinator, meeting_id=meeting.pk, text="For tidlig.")
    meeting = approved(meeting, coordinator, [participant.person_id])
    addendum = services.add_addendum(actor=coordinator, meeting_id=meeting.pk, text="Riktig dato er 11. desember.")
    assert addendum.author == coordinator and addendum.written_at is not None
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Gikk gjennom framdriften."
    with pytest.raises(DomainError) as empty:
        services.add_addendum(actor=coordinator, meeting_id=meeting.pk, text=" ")
    assert empty.value.field == "text"
    assert Addendum.objects.count() == 1


def test_a_reader_cannot_write_an_addendum(meeting, coordinator, participant):
    meeting = approved(meeting, coordinator, [participant.person_id])
    with pytest.raises(DomainError):
        services.add_addendum(actor=participant, meeting_id=meeting.pk, text="Jeg var der ikke.")
    assert Addendum.objects.count() == 0


# Events ------------------------------------------------------------------------------------


def test_events_carry_ids_and_codes_never_the_typed_text(meeting, coordinator, participant):
    meeting = approved(meeting, coordinator, [participant.person_id])
    services.add_addendum(actor=coordinator, meeting_id=meeting.pk, text="Hemmelig tillegg")
    events = list(Event.objects.filter(object_type="followup.meeting", object_id=meeting.pk).order_by("id"))
    assert [e.verb for e in events] == [
        "meeting.scheduled",
        "meeting.held",
        "meeting.minutes_recorded",
        "meeting.minutes_approved",
        "meeting.addendum_added",
    ]
    assert all(e.pathway_id == meeting.pathway_id for e in events)
    for event in events:
        text = str(event.data)
        for typed in ("Solsiden", "Framdrift", "Gikk gjennom", "halvår", "Hemmelig"):
            assert typed not in text


def test_an_invitee_who_owns_an_action_item_stays_invited(meeting, coordinator, participant, mentor):
    services.add_action_item(
        actor=coordinator, meeting_id=meeting.pk, text="Gjør", owner=mentor.person_id, deadline=dt.date(2027, 1, 1)
    )
    with pytest.raises(DomainError) as refused:
        services.update_meeting(
            actor=coordinator,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            starts_at=at(),
            invitees=[participant.person_id],
        )
    assert refused.value.field == "invitees"
    assert set(meeting.invitees.values_list("person_id", flat=True)) == {participant.person_id, mentor.person_id}


def test_a_planned_meeting_is_rescheduled_with_new_invitees(meeting, coordinator, participant, instructor):
    changed = services.update_meeting(
        actor=coordinator,
        meeting_id=meeting.pk,
        expected_version=meeting.version,
        starts_at=at(12, 14),
        place="Rådhuset",
        agenda="Ny agenda",
        invitees=[participant.person_id, instructor.person_id],
    )
    assert (changed.starts_at, changed.place, changed.version) == (at(12, 14), "Rådhuset", meeting.version + 1)
    assert set(changed.invitees.values_list("person_id", flat=True)) == {participant.person_id, instructor.person_id}


# The concern ladder's meetings (seed 004) ---------------------------------------------------


def test_the_concern_kinds_are_not_planned_as_ordinary_meetings(pathway, coordinator, participant):
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(
            actor=coordinator,
            pathway_id=pathway.pk,
            kind="concern_conversation",
            starts_at=at(),
            invitees=[participant.person_id],
        )
    assert refused.value.field == "kind"


def test_the_database_keeps_the_concern_kinds_to_meetings_held_for_a_concern(meeting):
    meeting.kind = "clarification"
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save(update_fields=["kind"])


def test_a_concern_meeting_goes_by_the_neutral_title_outside_the_concern_page(meeting):
    from django.utils import translation

    from fagvei.followup.models import shown_kind

    with translation.override("nb"):
        assert shown_kind("concern_conversation") == shown_kind("clarification") == "Møte om læreforholdet"
        assert meeting.title == str(meeting.get_kind_display())
