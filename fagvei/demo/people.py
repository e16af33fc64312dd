"""The demo's builder for people and logins: the persons of the cast (through
``create_person``), the demo logins and their memberships.

The people are registered by the system (``actor=None``, the door ``create_person`` keeps
for imports), for the municipal service. Registered by a user, each national identity
number would count against that user's hourly lookup limit (issue 6, item 5), which the
cache counts in real time, not by the domain's clock: three years of registrations
replayed in a second would use up the coordinator's lookups for the first minutes of the
demo, and refuse the demo where FAGVEI_NATIONAL_ID_LOOKUPS_PER_HOUR is set below the
number of participants with a number. Users and memberships have no domain functions
yet: plain ORM writes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password

from fagvei.accounts.models import Membership, Role, User
from fagvei.core.clock import frozen_at
from fagvei.people.models import Person
from fagvei.people.services import create_person

from .cast import (
    DEMO_PASSWORD,
    DEMO_USERS,
    HOME_KEY,
    LANGUAGE_BY_BACKGROUND,
    PARTICIPANT_USERNAME,
    STAFF,
    email_address,
)
from .plan import PlannedPerson

if TYPE_CHECKING:
    from .load import Build


def _register(build: Build, key: str, at: dt.datetime, data: dict[str, Any]) -> Person:
    with frozen_at(at):
        person = create_person(actor=None, data=data, organisation=build.orgs[HOME_KEY])
    build.people[key] = person
    build.stamp(Person, person.pk, created_at=at)
    build.count("people")
    return person


def register_staff(build: Build) -> None:
    """The persons behind the demo logins (but the participant, whose person comes with
    her pathway) and the staff around the pathways, at the set-up moment."""
    for user in DEMO_USERS:
        if user.role != Role.PARTICIPANT:
            data = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": f"{user.username}@fjordvik.example",
            }
            _register(build, user.username, build.setup_at, data)
    for spec in STAFF:
        data = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": email_address(spec.first_name, spec.last_name),
        }
        _register(build, spec.key, build.setup_at, data)


def register_participant(build: Build, key: str, person: PlannedPerson, at: dt.datetime) -> Person:
    """A participant, registered when referred."""
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "national_id": person.national_id,
        "email": person.email,
        "preferred_language": LANGUAGE_BY_BACKGROUND[person.background],
    }
    return _register(build, key, at, data)


def create_users(build: Build) -> None:
    """The demo logins, each on its person (the participant's is linked once her pathway
    has been replayed), with one password hash for all of them."""
    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@fjordvik.example",
            password=password,
            person=build.people.get(spec.username),
            is_superuser=spec.superuser,
            is_staff=spec.superuser,
            date_joined=build.setup_at,
        )
        for spec in DEMO_USERS
    ]
    User.objects.bulk_create(users)
    build.users = {user.username: user for user in users}
    build.count("users", len(users))


def add_memberships(build: Build) -> None:
    """The logins' memberships in the organisations registered so far (called again once
    the rest are registered: a membership needs its organisation)."""
    have = set(Membership.objects.filter(user__in=build.users.values()).values_list("user__username", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(user=build.users[spec.username], organisation=build.orgs[spec.organisation], role=spec.role)
            for spec in DEMO_USERS
            if spec.username not in have and spec.organisation in build.orgs
        ]
    )


def link_participant(build: Build) -> None:
    """The participant's login on the person registered with her pathway."""
    user = build.users[PARTICIPANT_USERNAME]
    user.person = build.people[PARTICIPANT_USERNAME]
    user.save(update_fields=["person"])
