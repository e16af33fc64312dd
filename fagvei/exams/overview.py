"""The coordinator's exams page (/exams/, issue 13): the coming written-exam windows and who
is planned for each, trade-test registrations due or late, fees not yet paid and results
to record — on the pathways the user manages, a fixed number of queries whatever their
number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from fagvei.contracts.models import BINDING, Contract
from fagvei.pathways.models import Stage

from .access import managed_pathways
from .models import ExamEntry, Kind, Registrant, Season, Status
from .windows import REGISTRATION_OPENS_MONTHS, add_months, next_terms, trade_test_dates, written_window

# The most rows each list shows; the pathway's own page has the rest.
LIMIT = 100
# A registration shows this many days before its window opens.
AHEAD_DAYS = 30
ACTIVE = (Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED)
PARTICIPANT = ("pathway__participant", "pathway__trade")


@dataclass(frozen=True)
class Term:
    year: int
    season: str
    window: Any
    entries: list[ExamEntry]

    @property
    def label(self) -> str:
        return f"{Season(self.season).label} {self.year}"


@dataclass(frozen=True)
class Due:
    contract: Contract
    dates: Any
    late: bool
    open_now: bool


def overview_for(user: Any, today: dt.date) -> dict[str, Any]:
    pathways = managed_pathways(user).filter(stage__in=ACTIVE).values("pk")
    entries = ExamEntry.objects.filter(pathway_id__in=pathways).select_related(*PARTICIPANT)
    terms = next_terms(today)
    planned = list(
        entries.filter(kind=Kind.WRITTEN, status__in=(Status.PLANNED, Status.REGISTERED))
        .filter(term_year__in={y for y, _s in terms})
        .order_by("pathway__participant__last_name", "id")[:LIMIT]
    )
    written = [
        Term(
            year,
            season,
            written_window(year, season),
            [e for e in planned if (e.term_year, e.term_season) == (year, season)],
        )
        for year, season in terms
    ]
    # Trade tests to register: under a contract ending within the registration window
    # (and AHEAD_DAYS before it opens), with no test registered (whatever came of it).
    horizon = add_months(today + dt.timedelta(days=AHEAD_DAYS), REGISTRATION_OPENS_MONTHS)
    registered = ExamEntry.objects.filter(
        pathway_id=OuterRef("pathway_id"), kind=Kind.TRADE_TEST, registered_at__isnull=False
    ).exclude(status=Status.WITHDRAWN)
    contracts = (
        Contract.objects.filter(pathway_id__in=pathways, status__in=BINDING, end_date__lte=horizon)
        .filter(~Exists(registered))
        .select_related("pathway__participant", "pathway__trade")
        .order_by("end_date", "pk")[:LIMIT]
    )
    due = []
    for contract in contracts:
        dates = trade_test_dates(contract.end_date)
        due.append(
            Due(
                contract,
                dates,
                late=today > dates.registration_closes,
                open_now=dates.registration_opens <= today <= dates.registration_closes,
            )
        )
    results = list(entries.filter(status=Status.HELD).order_by("held_on", "id")[:LIMIT]) + list(
        entries.filter(status=Status.REGISTERED, ends_on__lt=today).order_by("ends_on", "id")[:LIMIT]
    )
    fees = list(
        entries.filter(
            status__in=(Status.PLANNED, Status.REGISTERED),
            registrant=Registrant.PRIVATIST,
            kind=Kind.WRITTEN,
            fee_paid=False,
            is_retake=False,
            is_postponed=False,
        ).order_by("term_year", "id")[:LIMIT]
    )
    return {"terms": written, "due": due, "results": results, "fees": fees, "today": today}
