"""The cast of the guidance tests, by persona: the coordinator who manages the pathway,
its participant, the mentor, the instructor, the professional manager, the trade teacher
and the Norwegian teacher on it, and a coordinator in another municipality (outsider).
The pathway is in training, with a curriculum of two goal sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from fagvei.accounts.models import Role
from fagvei.core import clock
from fagvei.curricula.models import CompetenceGoal, Curriculum
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import PathwayMember, Stage
from tests.factories import make_org, make_pathway, make_user


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


@pytest.fixture
def company(db: Any) -> Organisation:
    return make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden sykehjem")


@pytest.fixture
def curriculum(trade: Any) -> Curriculum:
    curriculum = Curriculum.objects.create(code="HEA03-02", title="Helsearbeiderfaget Vg3", trade=trade)
    for i, (set_code, title) in enumerate([("S1", "Helsefremmende arbeid"), ("S1", ""), ("S2", "Kommunikasjon")]):
        CompetenceGoal.objects.create(
            curriculum=curriculum,
            set_code=set_code,
            set_title=title or "Helsefremmende arbeid",
            code=f"K{i + 1}",
            text=f"Kompetansemål {i + 1}",
            position=i,
        )
    return curriculum


@pytest.fixture
def goals(curriculum: Curriculum) -> list[CompetenceGoal]:
    return list(curriculum.goals.all())


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation, curriculum: Curriculum) -> Any:
    return make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.IN_TRAINING,
        workplace=company,
        curriculum=curriculum,
        started_on=days_ago(120),
    )


def _member(pathway: Any, role: str, org: Organisation, username: str) -> Any:
    user = make_user(role, org, username=username)
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=role)
    return user


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def mentor(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, Role.MENTOR, company, "fadder")


@pytest.fixture
def instructor(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, Role.INSTRUCTOR, company, "instruktor")


@pytest.fixture
def professional_manager(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, Role.PROFESSIONAL_MANAGER, company, "fagligleder")


@pytest.fixture
def trade_teacher(pathway: Any, other_municipality: Organisation) -> Any:
    return _member(pathway, Role.TRADE_TEACHER, other_municipality, "faglaerer")


@pytest.fixture
def norwegian_teacher(pathway: Any, other_municipality: Organisation) -> Any:
    return _member(pathway, Role.NORWEGIAN_TEACHER, other_municipality, "norsklaerer")


@pytest.fixture
def client_as() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
