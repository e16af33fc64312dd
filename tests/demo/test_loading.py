"""The demo's plan is deterministic and complete, and loading it is all or nothing:
the same data every time, refused the second time, and the commands that load it and
print its logins."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from fagvei.audit.models import Event
from fagvei.demo import DemoError, load_demo
from fagvei.demo.cast import DEMO_PASSWORD, DEMO_URL, DEMO_USERNAMES, ORGANISATIONS
from fagvei.demo.plan import approval_date, build_plan, setup_moment
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Pathway, ReferralSource, Stage, Track
from fagvei.people.models import Person

ANCHOR = dt.date(2026, 3, 2)


def _summary(plan):
    return [(p.person.first_name, p.person.last_name, p.stage, p.track, p.trade, p.steps) for p in plan]


# The plan ------------------------------------------------------------------------------


def test_the_plan_is_deterministic():
    assert build_plan(ANCHOR) == build_plan(ANCHOR)
    assert _summary(build_plan(ANCHOR)) == _summary(build_plan(ANCHOR))
    # Another anchor date moves the dates, not the people or the stages.
    later = build_plan(ANCHOR + dt.timedelta(days=100))
    assert [(p.person.last_name, p.stage, p.track) for p in later] == [
        (p.person.last_name, p.stage, p.track) for p in build_plan(ANCHOR)
    ]


def test_the_plan_covers_every_stage_track_and_referral_source():
    plan = build_plan(ANCHOR)
    assert 55 <= len(plan) <= 65
    stages = [p.stage for p in plan]
    for stage in Stage.values:
        assert stages.count(stage) >= 3, stage
    assert stages.count(Stage.IN_TRAINING) > max(stages.count(s) for s in Stage.values if s != Stage.IN_TRAINING)
    assert {p.track for p in plan} == set(Track.values)
    assert {p.referral_source for p in plan} == set(ReferralSource.values)
    assert sum(p.track == Track.ALTERNATIVE for p in plan) > len(plan) / 2


@pytest.mark.parametrize("month", range(1, 13))
def test_every_approval_was_decided_before_the_set_up_and_everything_happens_before_the_anchor(month):
    # The approvals are registered at the set-up, before the first referral: a company
    # must be approved before training starts there (ofo. § 6-13), and the county's
    # decision cannot be registered before it was made.
    for anchor in (dt.date(2026, month, 1), dt.date(2027, month, 28)):
        plan = build_plan(anchor)
        setup = setup_moment(plan)
        for spec in ORGANISATIONS:
            for _code, _status, years in spec.approvals:
                assert approval_date(anchor, years) < setup.date()
        moments = [action.at for item in plan for action in item.actions()]
        assert setup < min(moments)
        assert max(moments).date() < anchor


def test_the_actions_of_a_pathway_come_in_the_order_of_its_lifecycle():
    for item in build_plan(ANCHOR):
        actions = item.actions()
        assert [a.at for a in actions] == sorted(a.at for a in actions)
        assert actions[0].kind == "created"
        side = {"details", "screening", "consent", "police_certificate", "member"}
        assert [a.kind for a in actions if a.kind not in side] == [name for name, _, _ in item.steps]


# Loading -------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised to undo a demo load inside a test transaction."""


def _loaded_summary():
    return list(
        Pathway.objects.order_by("participant__last_name", "participant__first_name", "referred_at").values_list(
            "participant__last_name",
            "participant__first_name",
            "participant__national_id",
            "stage",
            "track",
            "trade__code",
            "referred_at",
            "training_started_at",
            "planned_end",
        )
    )


@pytest.mark.django_db
def test_loading_twice_gives_the_same_data():
    runs = []
    for _ in range(2):
        # Each run in its own savepoint, rolled back: a fresh database for the next one.
        with pytest.raises(_Rollback), transaction.atomic():
            load_demo(today=ANCHOR)
            runs.append(_loaded_summary())
            raise _Rollback
    assert not Pathway.objects.exists()
    assert runs[0] == runs[1]
    assert len(runs[0]) == len(build_plan(ANCHOR))


@pytest.mark.django_db
def test_loading_twice_is_refused_and_leaves_nothing_behind():
    load_demo(today=ANCHOR)
    people, events = Person.objects.count(), Event.objects.count()
    with pytest.raises(DemoError):
        load_demo(today=ANCHOR)
    assert (Person.objects.count(), Event.objects.count()) == (people, events)


@pytest.mark.django_db
def test_a_refusal_midway_rolls_back_everything(monkeypatch):
    # The demo is one transaction: a refusal late in the replay leaves no trace.
    from fagvei.core.domain import DomainError
    from fagvei.demo import people

    def refuse(build):
        raise DomainError("refused")

    monkeypatch.setattr(people, "link_participant", refuse)
    with pytest.raises(DomainError):
        load_demo(today=ANCHOR)
    assert not Pathway.objects.exists()
    assert not Organisation.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_load_demo_command_if_empty_and_today():
    out = StringIO()
    call_command("load_demo", "--if-empty", "--today", "2025-06-01", stdout=out)
    assert Pathway.objects.count() == 60
    assert "Loaded the demo" in out.getvalue()
    assert Event.objects.filter(at__gte=timezone.make_aware(dt.datetime(2025, 6, 1))).count() == 0
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Pathway.objects.count() == 60
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())


def test_demo_logins_prints_every_login(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in text
    assert DEMO_PASSWORD in text
    assert DEMO_URL in text
    assert "Fagbrevkoordinator" in text
    assert "Not in the database yet" in text
