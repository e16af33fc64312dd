"""The cast of the concern tests: the koordinator who runs the pathway, the professional
manager and the mentor on it, its participant, the adviser of the workplace's county
and one of another county — and helpers that walk a concern up the ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.concerns import plans, services
from fagvei.concerns.models import REQUIRED_PARTIES, Concern
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from tests.factories import make_contract, make_county, make_pathway, make_user, make_workplace

TODAY = timezone.localdate()
NOTICED = TODAY - dt.timedelta(days=10)


@pytest.fixture
def county(db: Any) -> Organisation:
    return make_county("Testfylket")


@pytest.fixture
def company(trade: Any, county: Organisation) -> Organisation:
    return make_workplace(trade, name="Testvik sykehjem", county=county)


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation) -> Pathway:
    return make_pathway(scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, workplace=company)


def _member(pathway: Pathway, company: Organisation, username: str, role: str) -> Any:
    user = make_user(role, company, username=username)
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=role)
    return user


@pytest.fixture
def manager(pathway: Pathway, company: Organisation) -> Any:
    """The pathway's professional manager (faglig leder)."""
    return _member(pathway, company, "fagligleder", Role.PROFESSIONAL_MANAGER)


@pytest.fixture
def mentor(pathway: Pathway, company: Organisation) -> Any:
    return _member(pathway, company, "fadder", Role.MENTOR)


@pytest.fixture
def participant(pathway: Pathway, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def adviser(county: Organisation) -> Any:
    return make_user(Role.COUNTY_ADVISER, county, username="raadgiver")


@pytest.fixture
def other_adviser(db: Any) -> Any:
    return make_user(Role.COUNTY_ADVISER, make_county("Annetfylket"), username="annenraadgiver")


def reload(concern: Concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


def register(pathway: Pathway, actor: Any, **extra: Any) -> Concern:
    data: dict[str, Any] = {
        "categories": ["absence", "illness"],
        "description": "Mye fravær siste måned, sier selv at hun er syk.",
        "noticed_on": NOTICED,
    }
    data.update(extra)
    return services.register_concern(actor=actor, pathway_id=pathway.pk, **data)


def schedule(concern: Concern, actor: Any, **extra: Any) -> Any:
    """Plan the concern's next meeting (the conversation, or the clarification meeting
    once called), an hour ago, with the participant invited."""
    current = reload(concern)
    data: dict[str, Any] = {
        "starts_at": timezone.now() - dt.timedelta(hours=1),
        "place": "Møterom 2",
        "invitees": [current.pathway.participant_id],
    }
    data.update(extra)
    return services.schedule_concern_meeting(
        actor=actor, concern_id=concern.pk, expected_version=current.version, **data
    )


def hold_conversation(concern: Concern, actor: Any, *, planned: bool = True, **extra: Any) -> Concern:
    if planned:
        schedule(concern, actor)
    data: dict[str, Any] = {
        "conversation_on": TODAY,
        "conversation_minutes": "Samtale med deltaker og faglig leder.",
        "attended": [reload(concern).pathway.participant_id],
    }
    data.update(extra)
    return services.hold_concern_conversation(
        actor=actor, concern_id=concern.pk, expected_version=reload(concern).version, **data
    )


def call_clarification(concern: Concern, actor: Any) -> Concern:
    return services.call_clarification_meeting(
        actor=actor, concern_id=concern.pk, expected_version=reload(concern).version
    )


def agree_plan(concern: Concern, actor: Any, responsible: Any, *, planned: bool = True, **extra: Any) -> Concern:
    if planned:
        schedule(concern, actor)
    data: dict[str, Any] = {
        "attended": [reload(concern).pathway.participant_id],
        "clarification_on": TODAY,
        "clarification_minutes": "Avklaringsmøte med rådgiver fra fylket.",
        "goals": [
            {"text": "Møte presis hver dag", "deadline": TODAY + dt.timedelta(days=30), "responsible": responsible}
        ],
        "next_meeting_on": TODAY + dt.timedelta(days=30),
        "plan_measures": "Ukentlig samtale med fadder.",
    }
    data.update(extra)
    return services.agree_follow_up_plan(
        actor=actor, concern_id=concern.pk, expected_version=reload(concern).version, **data
    )


def sign_on_paper(concern: Concern, actor: Any, *parties: str) -> None:
    """The parties' confirmations given on paper, recorded by ``actor`` (every party
    unless named)."""
    for party in parties or REQUIRED_PARTIES:
        plans.record_paper_signature(
            actor=actor, concern_id=concern.pk, expected_version=reload(concern).version, party=party, signed_on=TODAY
        )


def start_follow_up(concern: Concern, actor: Any) -> Concern:
    sign_on_paper(concern, actor)
    return services.start_follow_up(actor=actor, concern_id=concern.pk, expected_version=reload(concern).version)


def approved_contract(pathway: Pathway, actor: Any) -> Any:
    """The pathway's contract, approved by the county (its planned dates set)."""
    pathway.planned_start = TODAY - dt.timedelta(days=200)
    pathway.planned_end = TODAY + dt.timedelta(days=500)
    pathway.save()
    return make_contract(pathway, actor, status="approved")


def to_follow_up(pathway: Pathway, actor: Any, responsible: Any) -> Concern:
    concern = register(pathway, actor)
    hold_conversation(concern, actor)
    call_clarification(concern, actor)
    agree_plan(concern, actor, responsible)
    return start_follow_up(concern, actor)


def resolved_days_ago(pathway: Pathway, actor: Any, days_ago: int, resolution: str = "x") -> Concern:
    """A concern resolved by the company after the conversation, with an internal note,
    closed ``days_ago`` days ago (for the retention period)."""
    concern = register(pathway, actor)
    hold_conversation(concern, actor)
    services.add_concern_note(actor=actor, concern_id=concern.pk, text="Intern merknad")
    services.resolve_concern(
        actor=actor,
        concern_id=concern.pk,
        expected_version=reload(concern).version,
        outcome_on=TODAY,
        resolution=resolution,
    )
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))
    return reload(concern)
