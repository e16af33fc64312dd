"""The cast of the plans tests: a pathway in training with a curriculum of four goals in
two goal sets; its coordinator (manages it), participant, mentor, instructor, professional
manager and trade teacher; a workplace manager on it (follows the pathway, not the plan);
a coordinator elsewhere (an outsider)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from fagvei.accounts.models import Role
from fagvei.curricula.models import CompetenceGoal, Curriculum
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import PathwayMember, Stage
from fagvei.plans import services
from tests.factories import make_org, make_pathway, make_user

R = PathwayMember.Role


@pytest.fixture
def company(db: Any) -> Organisation:
    return make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden sykehjem")


@pytest.fixture
def curriculum(trade: Any) -> Curriculum:
    c = Curriculum.objects.create(code="HEA03-02", title="Læreplan i helsearbeiderfaget", trade=trade)
    goals = [
        ("K1", "Helsefremmende arbeid", "KM1", "planlegge og gjennomføre helsefremmende tiltak"),
        ("K1", "Helsefremmende arbeid", "KM2", "gi ernæringsrelatert omsorg"),
        ("K2", "Kommunikasjon og samhandling", "KM3", "kommunisere med brukere og pårørende"),
        ("K2", "Kommunikasjon og samhandling", "KM4", "dokumentere eget arbeid"),
    ]
    for i, (set_code, set_title, code, text) in enumerate(goals):
        CompetenceGoal.objects.create(
            curriculum=c, set_code=set_code, set_title=set_title, code=code, text=text, position=i
        )
    return c


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation, curriculum: Curriculum) -> Any:
    return make_pathway(
        scheme,
        coordinator=coordinator,
        stage=Stage.IN_TRAINING,
        workplace=company,
        curriculum=curriculum,
        started_on=dt.date(2026, 1, 5),
    )


def _member(pathway: Any, org: Any, role: str, username: str) -> Any:
    user = make_user(role, org, username=username)
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=role)
    return user


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def mentor(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, company, R.MENTOR, "fadder")


@pytest.fixture
def instructor(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, company, R.INSTRUCTOR, "instruktor")


@pytest.fixture
def manager(pathway: Any, company: Organisation) -> Any:
    return _member(pathway, company, R.PROFESSIONAL_MANAGER, "fagligleder")


@pytest.fixture
def teacher(pathway: Any, other_municipality: Organisation) -> Any:
    return _member(pathway, other_municipality, R.TRADE_TEACHER, "faglaerer")


@pytest.fixture
def boss(pathway: Any, company: Organisation) -> Any:
    """On the pathway as workplace manager: follows it, but not a reader of the plan."""
    return _member(pathway, company, R.WORKPLACE_MANAGER, "leder")


@pytest.fixture
def cast(participant: Any, mentor: Any, instructor: Any, manager: Any, teacher: Any, boss: Any) -> None:
    return None


@pytest.fixture
def plan(pathway: Any, manager: Any, cast: Any) -> Any:
    return services.create_plan(actor=manager, pathway_id=pathway.pk)


@pytest.fixture
def draft(pathway: Any, instructor: Any, plan: Any) -> Any:
    return services.create_assessment(actor=instructor, pathway_id=pathway.pk, half_year=1)


def written(assessment: Any, actor: Any) -> Any:
    rows = list(assessment.goals.all())
    return services.update_assessment(
        actor=actor,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        overall="God framgang i første halvår.",
        goals={rows[0].pk: {"status": "masters", "comment": "Trygg i stellet."}},
    )


def signed(assessment: Any, instructor: Any, manager: Any) -> Any:
    a = written(assessment, instructor)
    a = services.sign_as_instructor(actor=instructor, assessment_id=a.pk, expected_version=a.version)
    return services.sign_as_manager(actor=manager, assessment_id=a.pk, expected_version=a.version)


@pytest.fixture
def client_as() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
