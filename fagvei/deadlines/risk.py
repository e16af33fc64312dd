"""The risk status of a pathway: green, amber or red, with the reasons (issue 12).

Worked out on every read from the same rules as the deadline lists (no stored status to
drift), over every item on the pathway whoever's it is to do:

- an item overdue: amber; overdue by more than two weeks: red;
- weekly guidance missing for two weeks (seed 001): amber;
- participation under the scheme's target (seed 002): amber;
- absence past the county's threshold and no change request sent (county practice): red;
- the contract's end within three months (ofo. § 9-55: the trade test is held no earlier
  than three months before it, and registered no later than two months before, § 9-56):
  amber, so the test is planned in time.

A pathway with none of these is green. The caller has checked that the user may see
the pathways asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import BINDING, Contract
from fagvei.core import clock
from fagvei.core.deadlines import MANAGERS, Item
from fagvei.lib.workdays import add_months

from . import engine, freshness

GREEN, AMBER, RED = "green", "amber", "red"
LEVELS = (RED, AMBER, GREEN)
LABELS = {GREEN: _("Green"), AMBER: _("Amber"), RED: _("Red")}
# An item overdue by more than this is red.
RED_AFTER_DAYS = 14
# ofo. § 9-55: the contract's end within three months.
CONTRACT_END_MONTHS = 3
# The most items each rule is asked for (the caseload of one coordinator at most).
RULE_LIMIT = 5000

_GUIDANCE = "guidance.weekly"
_PARTICIPATION = "absence.participation_target"
_THRESHOLD = "absence.threshold"


@dataclass(frozen=True)
class Reason:
    level: str
    text: str
    url: str = ""


@dataclass
class Risk:
    reasons: list[Reason] = field(default_factory=list)

    @property
    def level(self) -> str:
        for level in (RED, AMBER):
            if any(r.level == level for r in self.reasons):
                return level
        return GREEN

    @property
    def label(self) -> Any:
        return LABELS[self.level]

    @property
    def rank(self) -> int:
        """0 for red, 1 for amber, 2 for green: the list's sort."""
        return LEVELS.index(self.level)


def _reason(item: Item, today: dt.date) -> Reason:
    code = item.rule.code
    if code == _THRESHOLD:
        return Reason(RED, str(item.rule.label), item.url)
    if code == _PARTICIPATION:
        return Reason(AMBER, f"{item.rule.label} ({item.detail})", item.url)
    if code == _GUIDANCE:
        # Seed 001: two weeks without guidance.
        return Reason(AMBER, str(_("No guidance for two weeks")), item.url)
    late = (today - item.due).days
    text = _("%(what)s: overdue since %(date)s") % {
        "what": item.rule.label,
        "date": date_format(item.due, "SHORT_DATE_FORMAT"),
    }
    return Reason(RED if late > RED_AFTER_DAYS else AMBER, str(text), item.url)


def _counts(item: Item, today: dt.date) -> bool:
    """Whether an item makes a reason: overdue, or one of the standing conditions (they
    are due today while they last)."""
    return item.due < today or item.rule.code in (_PARTICIPATION, _THRESHOLD)


def _add_items(risks: dict[int, Risk], items: Iterable[Item], today: dt.date, *, every: bool = False) -> None:
    """Add the reasons the items make, to the pathways in ``risks`` (``every``: to each
    pathway an item is about, added to ``risks`` as needed)."""
    for item in items:
        if item.pathway_id is None or not _counts(item, today):
            continue
        if every:
            risks.setdefault(item.pathway_id, Risk())
        if item.pathway_id in risks:
            risks[item.pathway_id].reasons.append(_reason(item, today))


def _contract_ends(pathways: Any, today: dt.date) -> dict[int, dt.date]:
    """The pathways (a list or subquery of ids; None: all) whose binding contract ends
    within three months (ofo. § 9-55), with the day it ends."""
    until = add_months(today, CONTRACT_END_MONTHS)
    qs = Contract.objects.filter(status__in=BINDING, end_date__gte=today, end_date__lte=until)
    if pathways is not None:
        qs = qs.filter(pathway_id__in=pathways)
    with engine.computing():
        return dict(qs.values_list("pathway_id", "end_date"))


def _add_contract_ends(risks: dict[int, Risk], ends: dict[int, dt.date], *, every: bool = False) -> None:
    """Add "the contract ends" to the pathways in ``ends``."""
    for pathway_id, end in ends.items():
        if every:
            risks.setdefault(pathway_id, Risk())
        if pathway_id in risks:
            text = _("The contract ends %(date)s: plan the trade test") % {
                "date": date_format(end, "SHORT_DATE_FORMAT")
            }
            risks[pathway_id].reasons.append(Reason(AMBER, str(text), reverse("contract_detail", args=[pathway_id])))


def _sorted(risks: dict[int, Risk]) -> dict[int, Risk]:
    for risk in risks.values():
        risk.reasons.sort(key=lambda r: LEVELS.index(r.level))
    return risks


def risks_for(pathway_ids: Iterable[int]) -> dict[int, Risk]:
    """The risk of each of the pathways (which the user may see)."""
    ids = list(dict.fromkeys(pathway_ids))
    risks = {pk: Risk() for pk in ids}
    if not ids:
        return risks
    today = clock.today()
    ask = engine.ask_for_pathways(ids, until=today, limit=RULE_LIMIT)
    _add_items(risks, engine.collect(ask, until=today).items, today)
    _add_contract_ends(risks, _contract_ends(ids, today))
    return _sorted(risks)


def pathway_outlook(pathway_id: int) -> tuple[Risk, list[Item], bool]:
    """One pathway's risk and every item on it from the overdue to four weeks ahead (the
    pathway page; the API), read once: (risk, items, whether the items were cut)."""
    today = clock.today()
    until = today + dt.timedelta(days=engine.HORIZON_DAYS)

    def compute() -> tuple[Any, dict[int, dt.date]]:
        ask = engine.ask_for_pathways([pathway_id], until=until, limit=engine.OUTLOOK_LIMIT)
        return freshness.pack(engine.collect(ask, until=until)), _contract_ends([pathway_id], today)

    # Kept until an event on the pathway (fagvei/deadlines/freshness.py); the reasons are
    # worded here, in the reader's language.
    packed, ends = freshness.kept_outlook(pathway_id, compute)
    found = freshness.unpack(packed)
    if found is None:
        packed, ends = compute()
        found = freshness.unpack(packed)
        assert found is not None
    risks = {pathway_id: Risk()}
    _add_items(risks, found.items, today)
    _add_contract_ends(risks, ends)
    return _sorted(risks)[pathway_id], found.items, found.more


def caseload_risks(user: Any, *, scheme_id: int | None = None, trade_id: int | None = None) -> dict[int, Risk] | None:
    """The pathways of the user's caseload that are not green, with their risk: what the
    pathway list filters and sorts by. The caseload is what the engine asks for the user
    (``engine.ask_for``: the pathways they manage, through their follow rows); the
    administrator's is the whole country, asked only one trade or scheme at a time (None
    without one)."""
    today = clock.today()
    filters = engine.Filters(scheme_id=scheme_id, trade_id=trade_id)
    ask = engine.ask_for(user, filters=filters, until=today, limit=RULE_LIMIT)
    managed = ask.pathways(MANAGERS)
    if managed is None:
        return None
    risks: dict[int, Risk] = {}
    _add_items(risks, engine.collect(ask, until=today).items, today, every=True)
    _add_contract_ends(risks, _contract_ends(managed, today), every=True)
    return _sorted(risks)
