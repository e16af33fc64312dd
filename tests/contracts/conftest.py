"""The cast of the contracts tests — the coordinator who runs the pathway, its
participant, the people around them, the adviser of the contract's county and one of
another county — and helpers that take a contract through the domain functions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.contracts import services
from fagvei.contracts.models import Contract, CountySettings, Submission
from fagvei.organisations.models import Organisation
from fagvei.pathways import services as pathway_services
from fagvei.pathways.models import Pathway, PathwayMember, Stage
from tests.factories import make_county, make_document, make_pathway, make_ready_to_start, make_user

TODAY = timezone.localdate()
# A contract that began a while ago, so that interruptions can have lain in the past.
START = TODAY - dt.timedelta(days=100)
END = START + dt.timedelta(days=730)


def contract_data(**extra: Any) -> dict[str, Any]:
    """What the contract form sends for a fagbrev-på-jobb contract (ofo. § 9-58)."""
    data: dict[str, Any] = {
        "kind": "at_work",
        "start_date": START,
        "end_date": END,
        "goal": "Fagbrev i helsearbeiderfaget",
        "responsibilities": "Bedriften har ansvaret for hele opplæringen.",
        "prior_practice_years": Decimal("2.0"),
    }
    data.update(extra)
    return data


def reload(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


def write(pathway: Any, actor: Any, **extra: Any) -> Contract:
    return services.create_contract(actor=actor, pathway_id=pathway.pk, data=contract_data(**extra))


def upload_checklist(contract: Contract, actor: Any) -> None:
    for kind in services.checklist_for(contract):
        make_document(contract.pathway, actor, kind=kind, name=f"{kind}.pdf")


def send(contract: Contract, actor: Any) -> Contract:
    """Upload what the county asks for, then sign and send the application."""
    upload_checklist(contract, actor)
    return services.submit_contract_application(
        actor=actor, pathway_id=contract.pathway_id, expected_version=reload(contract).version, signed_on=START
    )


def open_submission(contract: Contract, kind: str = Submission.Kind.APPLICATION) -> Submission:
    return Submission.objects.get(contract=contract, kind=kind, state=Submission.State.SENT)


def approve(contract: Contract, actor: Any, **kwargs: Any) -> Submission:
    return services.approve_contract(actor=actor, submission_id=open_submission(contract).pk, **kwargs)


def start_training(pathway: Any, actor: Any) -> Pathway:
    return pathway_services.start_training(actor=actor, pathway_id=pathway.pk)


@pytest.fixture
def county(db: Any) -> Organisation:
    return make_county("Testfylket")


@pytest.fixture
def other_county(db: Any) -> Organisation:
    return make_county("Annetfylket")


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, county: Organisation) -> Pathway:
    """A pathway in start-up with everything start_training asks for but its contract; its
    workplace is a company in Testfylket approved for the trade."""
    pathway = make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING)
    make_ready_to_start(pathway, coordinator, contract=False)
    assert pathway.workplace.county == county
    return pathway


@pytest.fixture
def company(pathway: Pathway) -> Organisation:
    return pathway.workplace


@pytest.fixture
def decides_in_fagvei(county: Organisation) -> CountySettings:
    return CountySettings.objects.create(county=county, decides_in_fagvei=True)


@pytest.fixture
def adviser(county: Organisation) -> Any:
    return make_user(Role.COUNTY_ADVISER, county, username="raadgiver")


@pytest.fixture
def other_adviser(other_county: Organisation) -> Any:
    return make_user(Role.COUNTY_ADVISER, other_county, username="annenraadgiver")


@pytest.fixture
def participant(pathway: Pathway, scheme: Any) -> Any:
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


# The people around the participant, by demo username: their role in their organisation
# and their role on the pathway.
MEMBER_ROLES = {
    "fadder": (Role.MENTOR, PathwayMember.Role.MENTOR),
    "instruktor": (Role.INSTRUCTOR, PathwayMember.Role.INSTRUCTOR),
    "fagligleder": (Role.PROFESSIONAL_MANAGER, PathwayMember.Role.PROFESSIONAL_MANAGER),
    "faglaerer": (Role.TRADE_TEACHER, PathwayMember.Role.TRADE_TEACHER),
}


@pytest.fixture
def member_of(pathway: Pathway, company: Organisation) -> Any:
    def make(username: str) -> Any:
        role, member_role = MEMBER_ROLES[username]
        user = make_user(role, company, username=username)
        PathwayMember.objects.create(pathway=pathway, person=user.person, role=member_role)
        return user

    return make


@pytest.fixture
def client_as() -> Any:
    """A signed-in client that has chosen English (the language cookie): the texts the
    tests assert on are the msgids, whatever the nb catalogue comes to say."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
