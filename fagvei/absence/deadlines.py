"""The deadlines of absence (seed 002; county practice, RULES.md § 3):

- participation under the scheme's target (80 % by default) is a matter for this week;
- absence reaching the county's threshold (14 days by default) is to be reported to the
  county, and the end date extended by the time away: the item stands until a change
  request has been sent to the county after the day the threshold was reached.

Both are worked out by the pure functions of ``rates`` for the pathways in training that
have absence at all, read in five queries however many there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import Contract, CountySettings, Interruption, Submission
from fagvei.core.deadline_rows import on_pathways, subject
from fagvei.core.deadlines import MANAGERS, Ask, Item, Rule, register_rule
from fagvei.pathways.models import Pathway, Stage

from . import rates
from .models import Absence
from .summary import DEFAULT_THRESHOLD_DAYS


@dataclass(frozen=True)
class _Found:
    pathway_id: int
    name: str
    first_name: str
    participation: rates.Participation
    threshold_days: int
    # The day the absence in total reached the threshold, or None.
    reached_on: dt.date | None


def _standings(ask: Ask) -> list[_Found]:
    """Read once per ask, for both rules."""
    if "absence" not in ask.cache:
        ask.cache["absence"] = _read_standings(ask)
    found: list[_Found] = ask.cache["absence"]
    return found


def _read_standings(ask: Ask) -> list[_Found]:
    with_absence = Absence.objects.filter(pathway_id=OuterRef("pk"))
    qs = on_pathways(
        Pathway.objects.filter(stage=Stage.IN_TRAINING).filter(Exists(with_absence)),
        ask,
        MANAGERS,
        field="pk",
        stages=[Stage.IN_TRAINING],
    )
    rows = list(
        qs.order_by("pk").values(
            "pk",
            "started_on",
            "scheme__participation_target_percent",
            "participant__first_name",
            "participant__last_name",
        )
    )
    ids = [r["pk"] for r in rows]
    contracts = {
        c["pathway_id"]: c
        for c in Contract.objects.filter(pathway_id__in=ids).values(
            "pk", "pathway_id", "start_date", "end_date", "county_id"
        )
    }
    thresholds = dict(
        CountySettings.objects.filter(county_id__in={c["county_id"] for c in contracts.values()}).values_list(
            "county_id", "absence_threshold_days"
        )
    )
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for contract_id, starts, ends in Interruption.objects.filter(
        contract_id__in=[c["pk"] for c in contracts.values()]
    ).values_list("contract_id", "starts_on", "ends_on"):
        spans.setdefault(contract_id, []).append((starts, ends))
    periods: dict[int, list[rates.Period]] = {}
    for pathway_id, starts, ends, hours in (
        Absence.objects.filter(pathway_id__in=ids)
        .order_by("starts_on", "pk")
        .values_list("pathway_id", "starts_on", "ends_on", "hours")
    ):
        periods.setdefault(pathway_id, []).append(rates.Period(starts, ends, hours))
    found = []
    for row in rows:
        contract = contracts.get(row["pk"])
        start = row["started_on"] or (contract["start_date"] if contract else None)
        end = min(ask.today, contract["end_date"]) if contract else ask.today
        interruptions = spans.get(contract["pk"], []) if contract else []
        target = row["scheme__participation_target_percent"] or 80
        own = periods.get(row["pk"], [])
        result = rates.participation(start=start, end=end, periods=own, interruptions=interruptions, target=target)
        threshold = (
            thresholds.get(contract["county_id"], DEFAULT_THRESHOLD_DAYS) if contract else DEFAULT_THRESHOLD_DAYS
        )
        reached_on = None
        if rates.threshold_reached(result.absent_days, threshold):
            # The period with which the total reached the threshold, walked in order.
            reached_on = rates.reached_on(
                start=start, end=end, periods=own, interruptions=interruptions, threshold_days=threshold
            )
        name, first = subject(row, "")
        found.append(_Found(row["pk"], name, first, result, threshold, reached_on))
    return found


def _participation(ask: Ask) -> Iterable[Item]:
    # Seed 002: participation of at least the scheme's target (80 %) of planned days.
    if ask.responsible_person_id is not None:
        return
    week = ask.today.isocalendar()
    below = [f for f in _standings(ask) if f.participation.below_target]
    for f in below[: ask.limit]:
        yield Item(
            rule=PARTICIPATION_RULE,
            due=ask.today,
            url=reverse("pathway_absence", args=[f.pathway_id]),
            pathway_id=f.pathway_id,
            subject=f.name,
            first_name=f.first_name,
            # One reminder a week while it lasts.
            key=f"participation:{f.pathway_id}:{week.year}-{week.week}",
            detail=str(
                _("%(rate)s %% against a target of %(target)s %%")
                % {"rate": f.participation.rate, "target": f.participation.target}
            ),
        )


def _threshold(ask: Ask) -> Iterable[Item]:
    # County practice (RULES.md § 3): absence of 14 days or more in total is reported to
    # the county, and the training is extended by the time away.
    if ask.responsible_person_id is not None:
        return
    reached = [f for f in _standings(ask) if f.reached_on is not None]
    sent = {
        (pathway_id, day)
        for pathway_id, day in Submission.objects.filter(
            contract__pathway_id__in=[f.pathway_id for f in reached], kind=Submission.Kind.CHANGE
        ).values_list("contract__pathway_id", "sent_at__date")
    }
    for f in sorted(reached, key=lambda f: (f.reached_on, f.pathway_id))[: ask.limit]:
        assert f.reached_on is not None
        if any(p == f.pathway_id and day >= f.reached_on for p, day in sent):
            continue
        yield Item(
            rule=THRESHOLD_RULE,
            due=f.reached_on,
            url=reverse("contract_detail", args=[f.pathway_id]),
            pathway_id=f.pathway_id,
            subject=f.name,
            first_name=f.first_name,
            key=f"absence_threshold:{f.pathway_id}:{f.reached_on.isoformat()}",
            detail=str(_("%(days)s days of absence") % {"days": f.participation.absent_days}),
        )


PARTICIPATION_RULE = Rule(
    code="absence.participation_target",
    label=_("Participation under the target"),
    citation="seed 002",
    responsible=MANAGERS,
    collect=_participation,
    order=45,
    narrowed_only=True,
)
THRESHOLD_RULE = Rule(
    code="absence.threshold",
    label=_("Absence to report to the county (end date extended)"),
    citation="county practice (Telemark)",
    responsible=MANAGERS,
    collect=_threshold,
    order=46,
    narrowed_only=True,
)


def register() -> None:
    register_rule(PARTICIPATION_RULE)
    register_rule(THRESHOLD_RULE)
