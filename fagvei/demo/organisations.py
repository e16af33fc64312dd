"""The demo's builder for the organisations app: the cast's organisations and their
trade approvals, through the domain functions, at the set-up moment."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fagvei.core.clock import frozen_at
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.organisations.services import add_trade_approval, create_organisation, set_trade_approval_status

from .cast import COUNTY_KEY, COUNTY_NAME, HOME_KEY, ORGANISATION_BY_KEY, ORGANISATIONS, OrgSpec, synthetic_orgnr
from .plan import approval_date

if TYPE_CHECKING:
    from .load import Build

# The county first: the municipal service names it as its county.
HOME = (COUNTY_KEY, HOME_KEY)
# Each organisation's place in the cast numbers its synthetic organisation number.
NUMBER = {spec.key: n for n, spec in enumerate(ORGANISATIONS, start=1)}


def _data(build: Build, spec: OrgSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "kind": spec.kind,
        "org_number": synthetic_orgnr(NUMBER[spec.key]),
        "municipality": "Nordvik" if spec.key == COUNTY_KEY else "Fjordvik",
        "address": spec.address,
        "email": spec.email,
        "training_office": build.orgs[spec.training_office] if spec.training_office else None,
        # The county decides every demo organisation's approvals (ol. §§ 7-5, 7-6).
        "county": None if spec.key == COUNTY_KEY else build.orgs[COUNTY_KEY],
    }


def register_home(build: Build) -> None:
    """The county and the municipal service that runs the schemes: registered by the
    system (no actor), as when fagvei is set up, since no login exists yet."""
    with frozen_at(build.setup_at):
        for key in HOME:
            _register(build, ORGANISATION_BY_KEY[key], actor=None, registered_by=None)


def register_partners(build: Build) -> None:
    """The organisations the municipal service works with, registered by its coordinator
    for the service (whose caseworkers may then keep their details up to date). Training
    offices come before their member companies (ORGANISATIONS is in that order)."""
    with frozen_at(build.setup_at):
        for spec in ORGANISATIONS:
            if spec.key not in HOME:
                _register(build, spec, actor=build.coordinator, registered_by=build.orgs[HOME_KEY])


def _register(build: Build, spec: OrgSpec, *, actor: Any, registered_by: Any) -> None:
    organisation = create_organisation(actor=actor, data=_data(build, spec), registered_by=registered_by)
    build.orgs[spec.key] = organisation
    build.stamp(Organisation, organisation.pk, created_at=build.setup_at)
    build.count("organisations")


def register_approvals(build: Build) -> None:
    """The county adviser registers the county's approvals (ofo. § 6-13), decided years
    before the set-up; a lapsed one (ol. § 7-9) is registered and then marked lapsed."""
    adviser = build.county_adviser
    with frozen_at(build.setup_at):
        for spec in ORGANISATIONS:
            organisation = build.orgs[spec.key]
            for code, status, years in spec.approvals:
                approval = add_trade_approval(
                    actor=adviser,
                    organisation_id=organisation.pk,
                    trade=build.trades[code],
                    approved_on=approval_date(build.anchor, years),
                    decided_by=COUNTY_NAME,
                )
                if status != TradeApproval.Status.ACTIVE:
                    set_trade_approval_status(
                        actor=adviser, organisation_id=organisation.pk, approval_id=approval.pk, status=status
                    )
                build.stamp(TradeApproval, approval.pk, created_at=build.setup_at)
                build.count("approvals")


def lapsing_approval(build: Build) -> None:
    """A company approved long ago for a second trade, whose last apprentice in it
    finished before fagvei (the day comes from the county's register; the contracts app
    keeps it from the contracts it knows of): the approval lapses three weeks from the
    anchor (ol. § 7-9), on the deadline lists of the administrator and the company."""
    # A nursing home, approved also for cleaning (its own cleaners' trade).
    health, cleaning = build.trades.get("HEA"), build.trades.get("ROF")
    if health is None or cleaning is None:
        return
    held = TradeApproval.objects.filter(status=TradeApproval.Status.ACTIVE, trade=health)
    approval = held.exclude(organisation__approvals__trade=cleaning).order_by("pk").first()
    if approval is None:
        return
    trade = cleaning
    with frozen_at(build.setup_at):
        second = add_trade_approval(
            actor=build.county_adviser,
            organisation_id=approval.organisation_id,
            trade=trade,
            approved_on=approval_date(build.anchor, 8),
            decided_by=COUNTY_NAME,
        )
    build.stamp(TradeApproval, second.pk, created_at=build.setup_at)
    build.count("approvals")
    ended = build.anchor.replace(year=build.anchor.year - 2) + dt.timedelta(days=21)
    TradeApproval.objects.filter(pk=second.pk).update(contracts_run_until=ended)
