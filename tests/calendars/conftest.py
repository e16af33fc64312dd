"""The calendar feed's cast, at a frozen moment four weeks before summer time starts
(Sunday 28 March 2027 at 02:00 in Oslo):

- the coordinator runs Amina's pathway (admitted, police certificate not yet checked,
  the start in three weeks) and plans its meetings;
- Magnus is Amina's mentor and sits in the scheme's project group;
- Amina is the participant, and owns an action item;
- a coordinator elsewhere runs Bjørn's pathway, whose meeting nobody here may see;
- an outsider has a login and no scope at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from fagvei.calendars import services
from fagvei.followup.models import Meeting
from fagvei.followup.services import add_action_item, schedule_meeting
from fagvei.pathways.models import Group, GroupMember, PathwayMember
from tests.factories import make_pathway, make_person, make_scheme, make_user

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=OSLO)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, tzinfo=OSLO)


@dataclass
class Cast:
    coordinator: Any
    mentor: Any
    participant: Any
    outsider: Any
    other_coordinator: Any
    pathway: Any
    other_pathway: Any
    assessment: Meeting
    summer: Meeting
    cancelled: Meeting
    group_meeting: Meeting
    elsewhere: Meeting


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(db: Any, coordinator: Any, scheme: Any, other_coordinator: Any, other_municipality: Any, trade: Any) -> Cast:
    amina = make_person("Amina", "Solbergsen")
    participant = make_user(None, username="amina", person=amina)
    mentor = make_user(None, username="magnus", person=make_person("Magnus", "Fadderudsen"))
    outsider = make_user(None, username="utenfor")
    pathway = make_pathway(
        scheme, stage="admitted", coordinator=coordinator, participant=amina, planned_start=dt.date(2027, 3, 22)
    )
    PathwayMember.objects.create(pathway=pathway, person=mentor.person, role=PathwayMember.Role.MENTOR)
    assessment = schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=at(10, 10),
        place="Møterom 2, rådhuset",
        agenda="Helse og sykemelding",
        invitees=[amina.pk, mentor.person_id],
    )
    add_action_item(
        actor=coordinator,
        meeting_id=assessment.pk,
        text="Ring legen om sykemeldingen",
        owner=amina.pk,
        deadline=dt.date(2027, 3, 15),
    )
    # Across the change to summer time: 01:30 winter time, an hour later is 03:30 summer time.
    summer = schedule_meeting(
        actor=coordinator, pathway_id=pathway.pk, kind="closing", starts_at=at(28, 1, 30), invitees=[amina.pk]
    )
    cancelled = schedule_meeting(
        actor=coordinator, pathway_id=pathway.pk, kind="network", starts_at=at(12, 9), invitees=[amina.pk]
    )
    Meeting.objects.filter(pk=cancelled.pk).update(status="cancelled", cancelled_at=NOW)
    group = Group.objects.create(scheme=scheme, kind="project", name="Prosjektgruppa Testvik")
    GroupMember.objects.create(group=group, person=mentor.person)
    group_meeting = schedule_meeting(
        actor=coordinator,
        group_id=group.pk,
        kind="project_group",
        starts_at=at(5, 13, month=4),
        invitees=[mentor.person_id],
    )
    bjorn = make_person("Bjørn", "Hemmeligsen")
    other_pathway = make_pathway(
        make_scheme(other_municipality, trade), stage="in_training", coordinator=other_coordinator, participant=bjorn
    )
    elsewhere = schedule_meeting(
        actor=other_coordinator,
        pathway_id=other_pathway.pk,
        kind="assessment",
        starts_at=at(10, 10),
        invitees=[bjorn.pk],
    )
    return Cast(
        coordinator=coordinator,
        mentor=mentor,
        participant=participant,
        outsider=outsider,
        other_coordinator=other_coordinator,
        pathway=pathway,
        other_pathway=other_pathway,
        assessment=assessment,
        summer=summer,
        cancelled=cancelled,
        group_meeting=group_meeting,
        elsewhere=elsewhere,
    )


def fetch(user: Any, client: Client | None = None) -> Any:
    """The user's feed as a calendar service fetches it: a new address, no login."""
    _token, secret = services.create_or_regenerate(user)
    return (client or Client()).get(f"/calendar/feed/{secret}.ics")


@pytest.fixture(autouse=True)
def _links_on_the_request_host(settings: Any) -> None:
    """FAGVEI_BASE_URL set empty: the feed's links are made on the request's own host
    (the test client's); tests/calendars/test_feed.py sets an address where it checks one."""
    settings.FAGVEI_BASE_URL = ""
