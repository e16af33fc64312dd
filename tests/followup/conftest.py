"""The cast of the follow-up tests: the coordinator who runs the pathway, its
participant, the mentor on it (invited), the instructor on it (not invited), a
coordinator in another municipality; the scheme's project group with the trade teacher
as member; and meetings planned through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.followup import services
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Group, GroupMember, PathwayMember, Stage
from tests.factories import make_org, make_pathway, make_user


def at(day: int = 10, hour: int = 10) -> dt.datetime:
    """A moment in Europe/Oslo time."""
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, 0))


@pytest.fixture
def company(db: Any) -> Organisation:
    return make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden sykehjem")


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation) -> Any:
    return make_pathway(scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, workplace=company)


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def mentor(pathway: Any, company: Organisation) -> Any:
    user = make_user(Role.MENTOR, company, username="fadder")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.MENTOR)
    return user


@pytest.fixture
def instructor(pathway: Any, company: Organisation) -> Any:
    """On the pathway, but not invited to its meetings."""
    user = make_user(Role.INSTRUCTOR, company, username="instruktor")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.INSTRUCTOR)
    return user


@pytest.fixture
def group(scheme: Any) -> Group:
    return Group.objects.create(scheme=scheme, kind=Group.Kind.PROJECT, name="Prosjektgruppe helsearbeider")


@pytest.fixture
def teacher(group: Group, other_municipality: Organisation) -> Any:
    """A member of the project group, with no pathway of their own."""
    user = make_user(Role.TRADE_TEACHER, other_municipality, username="faglaerer")
    GroupMember.objects.create(group=group, person=user.person, title="Faglærer")
    return user


@pytest.fixture
def meeting(pathway: Any, coordinator: Any, participant: Any, mentor: Any, instructor: Any) -> Any:
    """An assessment conversation with the participant and the mentor invited."""
    return services.schedule_meeting(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="assessment",
        starts_at=at(),
        place="Solsiden, møterom 2",
        agenda="1. Framdrift\n2. Plan for neste halvår",
        invitees=[participant.person_id, mentor.person_id],
    )


@pytest.fixture
def group_meeting(group: Any, coordinator: Any, teacher: Any) -> Any:
    return services.schedule_meeting(
        actor=coordinator, group_id=group.pk, kind="project_group", starts_at=at(), invitees=[teacher.person_id]
    )


def held(meeting: Any, actor: Any, attended: list[int], minutes: str = "Gikk gjennom framdriften.") -> Any:
    meeting = services.hold_meeting(actor=actor, meeting_id=meeting.pk, expected_version=meeting.version)
    return services.record_minutes(
        actor=actor,
        meeting_id=meeting.pk,
        expected_version=meeting.version,
        attended=attended,
        minutes=minutes,
        decisions="Neste samtale om et halvår.",
    )


def approved(meeting: Any, actor: Any, attended: list[int]) -> Any:
    meeting = held(meeting, actor, attended)
    return services.approve_minutes(actor=actor, meeting_id=meeting.pk, expected_version=meeting.version)


@pytest.fixture
def client_as() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
