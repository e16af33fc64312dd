"""A pathway's participation and threshold status, read from the database in at most
four queries (the contract, unless read already; its county's settings; its
interruptions; the periods) and
worked out by the pure functions of ``rates``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fagvei.contracts.models import Contract, CountySettings, Interruption
from fagvei.contracts.rules import contract_of
from fagvei.core import clock

from . import rates
from .models import Absence

# County practice: the absence in total that calls for a look at interruption or
# extension, when the county has not set its own (contracts.CountySettings).
DEFAULT_THRESHOLD_DAYS = 14


@dataclass(frozen=True)
class Standing:
    participation: rates.Participation
    threshold_days: int
    contract: Contract | None
    start: dt.date | None
    end: dt.date

    @property
    def absent_days(self) -> Decimal:
        return self.participation.absent_days

    @property
    def threshold_reached(self) -> bool:
        return rates.threshold_reached(self.participation.absent_days, self.threshold_days)


def standing(pathway: Any, *, periods: list[Absence] | None = None, today: dt.date | None = None) -> Standing:
    """The pathway's participation over the training so far (from ``started_on`` or the
    contract's start to today or the contract's end) against its scheme's target, and the
    county's threshold. ``periods`` saves the query when the caller has them."""
    # The pathway's contract, read once per page with the contract's own section.
    contract = contract_of(pathway)
    today = today or clock.today()
    start = pathway.started_on or (contract.start_date if contract else None)
    end = min(today, contract.end_date) if contract else today
    threshold = DEFAULT_THRESHOLD_DAYS
    spans: list[tuple[dt.date, dt.date | None]] = []
    if contract is not None:
        setting = CountySettings.objects.filter(county_id=contract.county_id).values_list(
            "absence_threshold_days", flat=True
        )
        threshold = next(iter(setting), DEFAULT_THRESHOLD_DAYS)
        spans = list(Interruption.objects.filter(contract_id=contract.pk).values_list("starts_on", "ends_on"))
    if periods is None:
        rows = Absence.objects.filter(pathway_id=pathway.pk).values_list("starts_on", "ends_on", "hours")
        found = [rates.Period(*row) for row in rows]
    else:
        found = [rates.Period(p.starts_on, p.ends_on, p.hours) for p in periods]
    scheme = getattr(pathway, "scheme", None)
    target = scheme.participation_target_percent if scheme is not None else 80
    result = rates.participation(start=start, end=end, periods=found, interruptions=spans, target=target)
    return Standing(result, threshold, contract, start, end)
