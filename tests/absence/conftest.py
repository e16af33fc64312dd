"""The cast of the absence tests: the coordinator who runs the pathway, its professional
manager, instructor, mentor and trade teacher (each a login in a role on it), its
participant, and a coordinator in another municipality. The pathway started on Monday
5 January 2026 and has its contract (county threshold 14 days by default)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from fagvei.accounts.models import Role
from fagvei.pathways.models import PathwayMember, Stage
from tests.factories import make_contract, make_pathway, make_user, make_workplace

START = dt.date(2026, 1, 5)


@pytest.fixture
def pathway(scheme: Any, coordinator: Any) -> Any:
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.IN_TRAINING)
    pathway.workplace = make_workplace(pathway.trade, name="Solsiden sykehjem")
    pathway.planned_start, pathway.planned_end = START, dt.date(2028, 1, 4)
    pathway.started_on = START
    pathway.save()
    make_contract(pathway, coordinator)
    return pathway


def _member(pathway: Any, role: str, username: str) -> Any:
    user = make_user(role, pathway.workplace, username=username)
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=role)
    return user


@pytest.fixture
def manager(pathway: Any) -> Any:
    """The professional manager (faglig leder) on the pathway."""
    return _member(pathway, Role.PROFESSIONAL_MANAGER, "fagligleder")


@pytest.fixture
def instructor(pathway: Any) -> Any:
    return _member(pathway, Role.INSTRUCTOR, "instruktor")


@pytest.fixture
def mentor(pathway: Any) -> Any:
    return _member(pathway, Role.MENTOR, "fadder")


@pytest.fixture
def teacher(pathway: Any) -> Any:
    """Follows the pathway, with no part in its absence."""
    return _member(pathway, Role.TRADE_TEACHER, "faglaerer")


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def client_as() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
