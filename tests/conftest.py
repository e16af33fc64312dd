"""Shared fixtures: personas built the way the demo builds them."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from fagvei.accounts.models import Membership, Role, User
from fagvei.organisations.models import Organisation
from fagvei.people.models import Person

_seq = itertools.count(1)


def make_org(kind: str = Organisation.Kind.MUNICIPAL_SERVICE, name: str | None = None, **extra: Any) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisasjon {next(_seq)}", kind=kind, **extra)


def make_person(first: str = "Test", last: str | None = None, **extra: Any) -> Person:
    return Person.objects.create(first_name=first, last_name=last or f"Person{next(_seq)}", **extra)


def make_user(role: str | None, org: Organisation | None = None, *, username: str | None = None,
              person: Person | None = None, superuser: bool = False) -> User:
    username = username or f"user{next(_seq)}"
    if person is None:
        person = make_person(username.capitalize())
    user = User.objects.create_user(username=username, password="fagvei-demo", person=person,
                                    is_superuser=superuser, is_staff=superuser)
    if role is not None and org is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def municipality(db: Any) -> Organisation:
    return make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Testvik kommune, voksenopplæring")


@pytest.fixture
def other_municipality(db: Any) -> Organisation:
    return make_org(Organisation.Kind.MUNICIPAL_SERVICE, "Annenby kommune")


@pytest.fixture
def coordinator(municipality: Organisation) -> User:
    return make_user(Role.COORDINATOR, municipality, username="koord")


@pytest.fixture
def other_coordinator(other_municipality: Organisation) -> User:
    return make_user(Role.COORDINATOR, other_municipality, username="annenkoord")
