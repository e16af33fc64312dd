"""The concern conversation and the clarification meeting as meetings of the follow-up
app (seed 004): planned from the concern, the invitation fagvei drafts, attendance
recorded with the step, and need to know wherever meetings appear — a mentor,
instructor or teacher on the same pathway gets nothing of a concern meeting from any
meeting page, the meetings API, the calendar feed, a reminder e-mail or the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.concerns import services
from fagvei.concerns.invitations import draft_invitation
from fagvei.concerns.models import Status
from fagvei.core.domain import DomainError
from fagvei.followup.access import get_meeting_for, pathway_meetings, visible_meetings
from fagvei.followup.models import Guest, Invitee, Meeting
from fagvei.followup.models import Status as MeetingStatus
from fagvei.followup.services import hold_meeting
from fagvei.pathways.models import PathwayMember
from tests.api.conftest import ApiClient
from tests.concerns.conftest import (
    TODAY,
    agree_plan,
    call_clarification,
    hold_conversation,
    register,
    reload,
    schedule,
)
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db

# What must never leave the concern page about a concern meeting.
SECRETS = ("Mye fravær", "fravær", "syk", "Bekymringssamtale", "Avklaringsmøte", "Large absence", "Illness")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def instructor(pathway: Any, company: Any) -> Any:
    user = make_user(Role.INSTRUCTOR, company, username="instruktor")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.INSTRUCTOR)
    return user


@pytest.fixture
def teacher(pathway: Any, scheme: Any) -> Any:
    user = make_user(Role.TRADE_TEACHER, scheme.organisation, username="laerer")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.TRADE_TEACHER)
    return user


# Planning ------------------------------------------------------------------------------------


def test_the_koordinator_plans_the_conversation_while_the_concern_is_registered(pathway, coordinator):
    concern = register(pathway, coordinator)
    meeting = schedule(concern, coordinator, guests=["Tillitsvalgt"])
    assert meeting.kind == "concern_conversation"
    assert meeting.concern_id == concern.pk and meeting.pathway_id == pathway.pk
    assert list(meeting.invitees.values_list("person_id", flat=True)) == [pathway.participant_id]
    assert list(meeting.guests.values_list("name", flat=True)) == ["Tillitsvalgt"]
    assert reload(concern).version == concern.version + 1


def test_a_second_conversation_is_not_planned_while_one_is(pathway, coordinator):
    concern = register(pathway, coordinator)
    schedule(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        schedule(concern, coordinator)
    assert refused.value.field == "meeting"


def test_no_meeting_is_planned_once_the_conversation_is_held_until_a_clarification_is_called(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        schedule(concern, coordinator)
    assert refused.value.field == "meeting"
    call_clarification(concern, coordinator)
    assert schedule(concern, coordinator).kind == "clarification"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"starts_at": None}, "starts_at"),
        ({"place": " "}, "place"),
        ({"invitees": []}, "invitees"),
        ({"invitees": ["x"]}, "invitees"),
        ({"guests": ["x" * 201]}, "guests"),
    ],
)
def test_bad_input_is_refused_naming_the_field(pathway, coordinator, extra, field):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        schedule(concern, coordinator, **extra)
    assert refused.value.field == field
    assert not Meeting.objects.exists()


def test_a_mentor_cannot_be_invited_as_a_person_only_by_name(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        schedule(concern, coordinator, invitees=[pathway.participant_id, mentor.person_id])
    assert refused.value.field == "invitees"


def test_the_county_adviser_may_be_invited_to_the_clarification_meeting(pathway, coordinator, adviser, mentor):
    concern = register(pathway, coordinator)
    assert adviser.person_id not in services.invitable_people(reload(concern))
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    current = reload(concern)
    people = services.invitable_people(current)
    assert {pathway.participant_id, coordinator.person_id, adviser.person_id} <= set(people)
    assert mentor.person_id not in people


def test_the_mentor_and_the_participant_may_not_plan(pathway, coordinator, mentor, participant):
    concern = register(pathway, coordinator)
    for user in (mentor, participant):
        with pytest.raises(DomainError):
            schedule(concern, user)
    assert client_for(mentor).post(reverse("concern_meeting_schedule", args=[concern.pk])).status_code == 404
    assert client_for(participant).post(reverse("concern_meeting_schedule", args=[concern.pk])).status_code == 403


# The invitation ------------------------------------------------------------------------------


def test_the_invitation_is_norwegian_names_who_when_where_and_the_trusted_person(pathway, coordinator):
    concern = register(pathway, coordinator)
    meeting = schedule(concern, coordinator, starts_at=timezone.make_aware(dt.datetime(2026, 12, 3, 9, 30)))
    draft = draft_invitation(meeting, participant=pathway.participant, invited=[pathway.participant])
    assert draft.subject == "Møte om læreforholdet"
    assert draft.body.startswith(f"Hei {pathway.participant.first_name},")
    assert "3. desember 2026 klokken 09:30" in draft.body
    assert "Sted: Møterom 2." in draft.body
    assert coordinator.display_name in draft.body
    # seed 004: "Kandidat oppfordres til å ta med en person kandidaten har tillit til."
    assert "Du kan gjerne ta med deg en person du har tillit til på møtet." in draft.body


def test_the_invitation_holds_no_category_description_kind_or_guest(pathway, coordinator):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    meeting = schedule(concern, coordinator, guests=["Fastlege"])
    draft = draft_invitation(meeting, participant=pathway.participant, invited=[pathway.participant])
    text = draft.subject + draft.body
    for secret in (*SECRETS, "Fastlege", "illness", "absence", "Sykdom", "Stort fravær"):
        assert secret not in text


def test_the_page_and_the_api_show_the_draft_to_handlers_only(pathway, coordinator, participant):
    concern = register(pathway, coordinator)
    schedule(concern, coordinator)
    page = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    assert "person du har tillit til" in page.content.decode()
    own = client_for(participant).get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    assert own.status_code == 200 and "person du har tillit til" not in own.content.decode()
    meetings = ApiClient(make_token(participant)[1]).get(f"/concerns/{concern.pk}/meetings").json()
    assert meetings[0]["invitation"] is None


# Recording with attendance -------------------------------------------------------------------


def test_the_conversation_records_who_came_and_marks_the_meeting_held(pathway, coordinator, manager):
    concern = register(pathway, manager)
    meeting = schedule(concern, manager, invitees=[pathway.participant_id, coordinator.person_id], guests=["OT"])
    hold_conversation(
        concern,
        manager,
        planned=False,
        attended=[pathway.participant_id],
        guests_attended=[meeting.guests.get().pk],
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.held_at is not None
    # The minutes are the concern's, kept once.
    assert meeting.minutes == ""
    assert reload(concern).conversation_minutes
    attended = dict(Invitee.objects.filter(meeting=meeting).values_list("person_id", "attended"))
    assert attended == {pathway.participant_id: True, coordinator.person_id: False}
    assert Guest.objects.get(meeting=meeting).attended is True


def test_the_conversation_is_refused_without_a_planned_meeting(pathway, coordinator):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        hold_conversation(concern, coordinator, planned=False)
    assert refused.value.field == "meeting"
    assert reload(concern).status == Status.REGISTERED


@pytest.mark.parametrize("attended", [[], [999_999]])
def test_the_conversation_is_refused_without_attendance_of_those_invited(pathway, coordinator, attended):
    concern = register(pathway, coordinator)
    with pytest.raises(DomainError) as refused:
        hold_conversation(concern, coordinator, attended=attended)
    assert refused.value.field == "attended"
    assert reload(concern).status == Status.REGISTERED
    assert Meeting.objects.get().status == MeetingStatus.PLANNED


def test_the_clarification_meeting_is_refused_unplanned_and_recorded_when_planned(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    with pytest.raises(DomainError) as refused:
        agree_plan(concern, coordinator, mentor.person, planned=False)
    assert refused.value.field == "meeting"
    agree_plan(concern, coordinator, mentor.person)
    assert reload(concern).status == Status.PLAN_AGREED
    assert Meeting.objects.get(kind="clarification").status == MeetingStatus.HELD


def test_a_concern_meeting_is_not_changed_through_the_meetings_of_the_follow_up_app(pathway, coordinator):
    concern = register(pathway, coordinator)
    meeting = schedule(concern, coordinator)
    with pytest.raises(DomainError):
        hold_meeting(actor=coordinator, meeting_id=meeting.pk)


# Need to know everywhere meetings appear -----------------------------------------------------


@pytest.fixture
def planned(pathway: Any, coordinator: Any) -> Meeting:
    """A concern conversation planned for tomorrow on the pathway."""
    concern = register(pathway, coordinator)
    return schedule(concern, coordinator, starts_at=timezone.now() + dt.timedelta(days=1))


@pytest.mark.parametrize("who", ["mentor", "instructor", "teacher"])
def test_others_on_the_pathway_get_nothing_of_a_concern_meeting(request, pathway, planned, who):
    user = request.getfixturevalue(who)
    assert not visible_meetings(user).filter(pk=planned.pk).exists()
    with pytest.raises(Exception):  # noqa: B017, PT011 - Http404
        get_meeting_for(user, planned.pk)
    client = client_for(user)
    for name, args in (
        ("meeting_detail", [planned.pk]),
        ("meeting_minutes_pdf", [planned.pk]),
        ("concern_detail", [planned.concern_id]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    for page in (
        reverse("meeting_list"),
        reverse("pathway_meetings", args=[pathway.pk]),
        reverse("pathway_detail", args=[pathway.pk]),
    ):
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="nb")
        assert response.status_code == 200
        text = response.content.decode()
        assert "Møte om læreforholdet" not in text
        assert f"/concerns/{planned.concern_id}/" not in text
        assert "Møte planlagt i bekymringssaken" not in text
    api = ApiClient(make_token(user)[1])
    assert api.get(f"/meetings/{planned.pk}").status_code == 404
    assert planned.pk not in [m["id"] for m in api.get("/meetings").json()["items"]]
    assert planned.pk not in [m["id"] for m in api.get(f"/pathways/{pathway.pk}/meetings").json()["items"]]
    assert api.get(f"/concerns/{planned.concern_id}/meetings").status_code == 404
    feed = _feed(user)
    assert "Møte om læreforholdet" not in feed and f"/concerns/{planned.concern_id}/" not in feed


def test_even_a_mentor_invited_by_name_sees_nothing(pathway, coordinator, mentor):
    concern = register(pathway, coordinator)
    meeting = schedule(concern, coordinator, guests=[str(mentor.person)])
    # An invitee row for the mentor written behind the domain's back still shows nothing.
    Invitee.objects.create(meeting=meeting, person=mentor.person)
    assert not visible_meetings(mentor).filter(pk=meeting.pk).exists()
    assert not pathway_meetings(mentor, pathway).filter(pk=meeting.pk).exists()


def test_those_who_may_know_see_it_by_its_neutral_title_linking_to_the_concern(pathway, coordinator, planned):
    client = client_for(coordinator)
    for page in (reverse("meeting_list"), reverse("pathway_meetings", args=[pathway.pk])):
        text = client.get(page, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
        assert "Møte om læreforholdet" in text
        assert reverse("concern_detail", args=[planned.concern_id]) in text
        assert "Bekymringssamtale" not in text
    # The generic meeting page is not where a concern meeting is read: its concern's page is.
    assert client.get(reverse("meeting_detail", args=[planned.pk])).status_code == 404
    api = ApiClient(make_token(coordinator)[1])
    assert api.get(f"/meetings/{planned.pk}").status_code == 404
    assert planned.pk in [m["id"] for m in api.get(f"/pathways/{pathway.pk}/meetings").json()["items"]]


def test_the_participants_feed_has_it_by_the_neutral_title_only(pathway, participant, planned):
    feed = _feed(participant)
    assert "Møte om læreforholdet" in feed
    assert f"/concerns/{planned.concern_id}/" in feed
    for secret in (*SECRETS, "Bekymring"):
        assert secret not in feed


def test_reminder_e_mails_of_others_on_the_pathway_hold_nothing_of_it(pathway, mentor, teacher, planned):
    from fagvei.reminders.emails import build_message
    from fagvei.reminders.planning import plan_digest

    for user in (mentor, teacher):
        reminder = plan_digest(user, TODAY)
        message = build_message(reminder) if reminder is not None else None
        body = "" if message is None else message.subject + message.body
        assert "læreforholdet" not in body and "/concerns/" not in body


def _feed(user: Any) -> str:
    from fagvei.calendars import services as calendar_services

    _token, secret = calendar_services.create_or_regenerate(user)
    response = Client().get(f"/calendar/feed/{secret}.ics", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    return response.content.decode().replace("\r\n ", "")


def test_the_participant_and_the_invited_county_adviser_see_it_in_their_meetings(
    pathway, coordinator, participant, adviser
):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    meeting = schedule(
        concern,
        coordinator,
        starts_at=timezone.now() + dt.timedelta(days=2),
        invitees=[pathway.participant_id, adviser.person_id],
    )
    for user in (participant, adviser):
        text = client_for(user).get(reverse("meeting_list"), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
        assert "Møte om læreforholdet" in text
        assert reverse("concern_detail", args=[concern.pk]) in text
        assert "Avklaringsmøte" not in text
        assert visible_meetings(user).filter(pk=meeting.pk).exists()


def test_the_concern_page_shows_who_came(pathway, coordinator, manager):
    concern = register(pathway, manager)
    schedule(concern, coordinator, invitees=[pathway.participant_id, manager.person_id], guests=["NAV"])
    hold_conversation(concern, coordinator, planned=False, attended=[pathway.participant_id])
    text = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    body = text.content.decode()
    assert f"{pathway.participant.full_name} – kom" in body
    assert f"{manager.person.full_name} – kom ikke" in body
    assert "NAV – kom ikke" in body


def test_the_api_refuses_bad_meeting_input_naming_the_field(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = ApiClient(make_token(coordinator)[1]).send(
        "POST",
        f"/concerns/{concern.pk}/meetings",
        {"version": concern.version, "starts_at": timezone.now().isoformat(), "place": "", "invitees": []},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "place" and error["message"].startswith("Sted:")
    assert ApiClient(make_token(coordinator)[1]).get("/concerns/999999/meetings").status_code == 404
