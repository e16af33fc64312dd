"""Loading the demo: the plan replayed through the domain functions, one builder per
app, all in one transaction.

Every state change goes through the domain function a user's click would call, with the
domain's clock frozen at the plan's moment (``fagvei.core.clock.frozen_at``), so the demo
holds what the rules allow and the events the functions write. Django fills the columns
``auto_now``/``auto_now_add`` (``created_at``, ``updated_at``, ``added_at``) and the row
history's dates from the wall clock; they are put back to the replayed moments at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from simple_history.signals import pre_create_historical_record

from fagvei.accounts.models import User
from fagvei.audit.models import Event
from fagvei.core import clock
from fagvei.curricula.models import Curriculum, Trade
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Scheme
from fagvei.people import follows
from fagvei.people.models import Person

from . import absence, concerns, contracts, curricula, exams, followup, guidance, organisations, pathways, people, plans
from .cast import COORDINATOR_USERNAME, COUNTY_ADVISER_USERNAME, DEMO_USERNAMES
from .plan import PlannedPathway, build_plan, setup_moment

# What ``load_demo`` reports it made, in this order.
COUNTS = (
    "organisations",
    "approvals",
    "people",
    "users",
    "schemes",
    "pathways",
    "screenings",
    "consents",
    "police_certificates",
    "members",
    "meetings",
    "action_items",
    "absences",
    "loans",
    "concerns",
    "events",
)


class DemoError(Exception):
    """The demo cannot be loaded (e.g. it has been loaded already)."""


@dataclass
class Build:
    """What the builders share while the demo is written."""

    anchor: dt.date
    plan: list[PlannedPathway]
    # When the organisations, the staff, the logins and the approvals were registered.
    setup_at: dt.datetime
    trades: dict[str, Trade] = field(default_factory=dict)
    curricula: dict[str, Curriculum | None] = field(default_factory=dict)
    # By the cast's keys: organisation keys; usernames and staff keys for people.
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # Auto-now columns to put back: model → primary key → field → the replayed moment.
    stamps: dict[type[models.Model], dict[Any, dict[str, dt.datetime]]] = field(default_factory=dict)

    @property
    def coordinator(self) -> User:
        """The actor of the demo's changes and every pathway's responsible coordinator."""
        return self.users[COORDINATOR_USERNAME]

    @property
    def county_adviser(self) -> User:
        """The actor of the county's decisions on trade approvals (ol. §§ 7-5, 7-6)."""
        return self.users[COUNTY_ADVISER_USERNAME]

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def stamp(self, model: type[models.Model], pk: Any, **moments: dt.datetime) -> None:
        """Remember the replayed moments of a row's auto-now columns; the latest wins."""
        self.stamps.setdefault(model, {}).setdefault(pk, {}).update(moments)


def load_demo(today: dt.date | None = None, stdout: Any = None) -> dict[str, int]:
    """Write the demo in one transaction and return how many of each thing it made."""
    anchor = today or clock.today()
    plan = build_plan(anchor)
    with transaction.atomic(), _history_dated_by_the_clock():
        taken = User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
        if taken:
            raise DemoError(f"The demo has already been loaded (users {', '.join(sorted(taken))} exist).")
        events_before = Event.objects.count()
        build = Build(anchor, plan, setup_moment(plan))
        build.trades = curricula.ensure_trades()
        build.curricula = curricula.curricula_by_trade()
        # A login acts through a membership, which needs its organisation: the county
        # and the municipal service come first, registered by the system.
        organisations.register_home(build)
        people.register_staff(build)
        people.create_users(build)
        people.add_memberships(build)
        # Then the coordinator registers the organisations the service works with, and
        # the county adviser the approvals the county has decided.
        organisations.register_partners(build)
        people.add_memberships(build)
        organisations.register_approvals(build)
        contracts.county_settings(build)
        pathways.create_schemes(build)
        pathways.replay(build)
        contracts.start_up(build)
        contracts.cancellation_awaiting(build)
        people.link_participant(build)
        followup.pathway_meetings(build)
        followup.group_meetings(build)
        followup.monthly_themes(build)
        plans.training_plans(build)
        guidance.records(build)
        exams.open_pathways(build)
        absence.absence(build)
        absence.loans(build)
        organisations.lapsing_approval(build)
        concerns.ladder(build)
        _put_back_timestamps(build)
        # The memberships were written in bulk, after the people they let a caseworker
        # see: bring the demo users' follow rows up to date in one pass.
        follows.changed(users=[user.pk for user in build.users.values()])
        build.count("events", Event.objects.count() - events_before)
    counts = {key: build.counts.get(key, 0) for key in COUNTS}
    if stdout is not None:
        stdout.write(
            f"Demo anchored on {anchor.isoformat()}: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "\n"
        )
    return counts


def _put_back_timestamps(build: Build) -> None:
    """One bulk update per model: the auto-now columns to the moments of the replay."""
    for model, by_pk in build.stamps.items():
        fields = sorted({name for moments in by_pk.values() for name in moments})
        rows = [model(pk=pk, **moments) for pk, moments in by_pk.items()]
        model._default_manager.bulk_update(rows, fields, batch_size=500)


# Set while this thread (or task) loads the demo.
_loading: ContextVar[bool] = ContextVar("fagvei_demo_loading", default=False)


def _date_history_row(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    if _loading.get():
        history_instance.history_date = clock.now()
        history_instance.history_change_reason = "Demodata"


@contextmanager
def _history_dated_by_the_clock() -> Iterator[None]:
    """Row history written by the demo's replay is dated by the domain's clock (the
    replayed moment) and marked as demo data. The receiver is connected only while the
    demo loads, and leaves alone the rows other threads write meanwhile."""
    uid = "fagvei.demo.history_date"
    token = _loading.set(True)
    pre_create_historical_record.connect(_date_history_row, dispatch_uid=uid, weak=False)
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dispatch_uid=uid)
        _loading.reset(token)
