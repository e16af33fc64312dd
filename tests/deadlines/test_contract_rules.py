"""The contract's deadline rules (fagvei/contracts/deadlines.py) by what they read: an
interruption is due to the county from its first day, an illness only once it passes the
county's threshold (county practice, RULES.md § 1) and never when it ended within it; an
approval lapses two years after the last contract ended (ol. § 7-9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fagvei.contracts.models import CountySettings, Interruption, Submission
from fagvei.deadlines import engine
from fagvei.organisations.models import Organisation, TradeApproval
from tests.factories import make_contract, make_county, make_org, make_pathway, make_person, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def contract(scheme: Any, coordinator: Any) -> Any:
    county = make_county()
    company = make_org(Organisation.Kind.TRAINING_COMPANY, "Sykehjemmet")
    Organisation.objects.filter(pk=company.pk).update(county=county)
    company.refresh_from_db()
    # The county tells fagvei nothing itself: the interruptions wait to be reported.
    CountySettings.objects.update_or_create(county=county, defaults={"illness_threshold_days": 28})
    pathway = make_pathway(
        scheme,
        stage="in_training",
        coordinator=coordinator,
        participant=make_person("Sara", "Lærling"),
        started_on=TODAY() - dt.timedelta(days=300),
        workplace=company,
        planned_start=TODAY() - dt.timedelta(days=300),
        planned_end=TODAY() + dt.timedelta(days=400),
    )
    return make_contract(pathway, coordinator, status="approved")


def _interruptions(user: Any) -> list[Any]:
    return [i for i in engine.for_user(user, limit=100).items if i.rule.code == "contracts.interruption_report"]


def _interrupt(contract: Any, reason: str, starts: int, ends: int | None = None) -> Interruption:
    return Interruption.objects.create(
        contract=contract,
        reason=reason,
        starts_on=TODAY() - dt.timedelta(days=starts),
        ends_on=None if ends is None else TODAY() - dt.timedelta(days=ends),
        registered_by=contract.created_by,
    )


def test_leave_is_due_from_its_first_day(contract: Any, coordinator: Any) -> None:
    leave = _interrupt(contract, Interruption.Reason.OTHER_LEAVE, starts=3)
    items = _interruptions(coordinator)
    assert [(i.pathway_id, i.key) for i in items] == [(contract.pathway_id, f"interruption:{leave.pk}")]
    assert items[0].due >= leave.starts_on  # moved to a working day at most
    assert items[0].first_name == "Sara"


def test_an_illness_is_due_once_it_passes_the_countys_threshold(contract: Any, coordinator: Any) -> None:
    illness = _interrupt(contract, Interruption.Reason.ILLNESS, starts=10)
    items = _interruptions(coordinator)
    assert len(items) == 1
    # Day 29 of the illness: the first day it is longer than the county's four weeks.
    assert items[0].due >= illness.starts_on + dt.timedelta(days=28)
    assert items[0].due < illness.starts_on + dt.timedelta(days=28 + 7)


def test_an_illness_that_ended_within_the_threshold_is_never_due(contract: Any, coordinator: Any) -> None:
    _interrupt(contract, Interruption.Reason.ILLNESS, starts=20, ends=10)
    assert _interruptions(coordinator) == []


def test_a_reported_interruption_is_not_due(contract: Any, coordinator: Any) -> None:
    leave = _interrupt(contract, Interruption.Reason.OTHER_LEAVE, starts=3)
    Interruption.objects.filter(pk=leave.pk).update(county_told_on=TODAY())
    assert _interruptions(coordinator) == []


def test_an_approval_lapses_two_years_after_the_last_contract(contract: Any, trade: Any) -> None:
    admin = make_user(None, username="sjefen", superuser=True)
    approval = TradeApproval.objects.create(organisation=contract.company, trade=trade, approved_on=TODAY())
    TradeApproval.objects.filter(pk=approval.pk).update(
        contracts_run_until=TODAY().replace(year=TODAY().year - 2) + dt.timedelta(days=10)
    )
    lapsing = [i for i in engine.for_user(admin, limit=100).items if i.rule.code == "contracts.approval_lapse"]
    assert [i.key.split(":")[1] for i in lapsing] == [str(approval.pk)]
    assert "ol. § 7-9" in lapsing[0].rule.citation


def test_an_approval_is_listed_under_its_trade_and_not_under_a_scheme(contract: Any, trade: Any, scheme: Any) -> None:
    admin = make_user(None, username="sjefen", superuser=True)
    approval = TradeApproval.objects.create(organisation=contract.company, trade=trade, approved_on=TODAY())
    TradeApproval.objects.filter(pk=approval.pk).update(
        contracts_run_until=TODAY().replace(year=TODAY().year - 2) + dt.timedelta(days=10)
    )
    other = type(trade).objects.create(code="XYZ3", name="Annet fag")

    def lapsing(**filters: Any) -> list[str]:  # the approvals' ids
        found = engine.for_user(admin, filters=engine.Filters(**filters), limit=100).items
        return [i.key.split(":")[1] for i in found if i.rule.code == "contracts.approval_lapse"]

    assert lapsing(trade_id=trade.pk) == [str(approval.pk)]
    assert lapsing(trade_id=other.pk) == []
    # An approval belongs to a company, not to a scheme or a pathway.
    assert lapsing(scheme_id=scheme.pk) == []
    assert lapsing(pathway_id=contract.pathway_id) == []


def test_what_awaits_the_county_is_narrowed_as_the_list_is(contract: Any, trade: Any, scheme: Any) -> None:
    adviser = make_user("county_adviser", contract.county, username="radgiveren")
    CountySettings.objects.filter(county=contract.county).update(answer_within_days=1)
    # The application the contract was sent with, still unanswered five days on.
    Submission.objects.filter(contract=contract).update(state="sent", sent_at=timezone.now() - dt.timedelta(days=5))
    other = type(trade).objects.create(code="XYZ3", name="Annet fag")

    def awaiting(**filters: Any) -> list[int | None]:
        found = engine.for_user(adviser, filters=engine.Filters(**filters), limit=100).items
        return [i.pathway_id for i in found if i.rule.code == "contracts.county_answer"]

    assert awaiting() == [contract.pathway_id]
    assert awaiting(trade_id=trade.pk) == [contract.pathway_id]
    assert awaiting(scheme_id=scheme.pk) == [contract.pathway_id]
    assert awaiting(trade_id=other.pk) == []
    assert awaiting(pathway_id=contract.pathway_id + 1000) == []
