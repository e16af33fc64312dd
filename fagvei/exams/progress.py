"""What the exams add up to, read for the pages, the API and the certificate: the trade
test's dates from the contract, the participant's Norwegian from screening to now against
the scheme's target (seed 002: B1 in child and youth work and cleaning, B2 in health
work), and what the participation certificate (deltakerbevis) says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from fagvei.contracts.models import BINDING, Contract
from fagvei.contracts.rules import contract_of
from fagvei.guidance.models import SCREENING_FIELDS, Skill
from fagvei.guidance.sections import latest_levels
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import Stage

from .lifecycle import final_test_label, written_exam_required
from .models import PARTS, ExamEntry, Kind, PartLevel, Status
from .windows import TradeTestDates, trade_test_dates

# One scale for the screening's and the teacher's levels (pathways.CEFR) and the test's.
RANK = {
    PartLevel.NO_BASIS: 0,
    PartLevel.C1_FAILED: 0,
    PartLevel.BELOW_A1: 1,
    "pre_a1": 1,
    "A1": 2,
    "A2": 3,
    "B1": 4,
    "B2": 5,
    "C1": 6,
    "C2": 7,
}
# The skills of the guidance app by the test's parts ("oral" is the teacher's "oral").
SKILL_OF_PART = {
    "listening": Skill.LISTENING,
    "reading": Skill.READING,
    "writing": Skill.WRITING,
    "oral": Skill.ORAL,
}
PART_LABELS = {
    "listening": _("Listening"),
    "reading": _("Reading"),
    "writing": _("Written production"),
    "oral": _("Oral communication"),
}
# Seed 002: "bestå prøve i norsk muntlig og skriftlig på nivå B1" (B2 in health work).
TARGET_PARTS = ("writing", "oral")


def rank(level: str | None) -> int:
    return RANK.get(level or "", -1)


def level_label(level: str | None) -> str:
    if not level:
        return ""
    if level in PartLevel.values:
        return str(PartLevel(level).label)
    return str(_("Below A1")) if level == "pre_a1" else level


@dataclass
class PartProgress:
    part: str
    label: Any
    screened: str = ""
    assessed: str = ""
    tested: str = ""
    tested_on: dt.date | None = None


@dataclass
class NorwegianProgress:
    target: str
    parts: list[PartProgress] = field(default_factory=list)

    @property
    def target_met(self) -> bool:
        if not self.target:
            return False
        by_part = {p.part: p for p in self.parts}
        return all(rank(by_part[p].tested) >= rank(self.target) for p in TARGET_PARTS)

    @property
    def reached(self) -> list[tuple[Any, str]]:
        """The best tested level per part, as the certificate lists it (HK-dir: the best
        result counts)."""
        return [(p.label, level_label(p.tested)) for p in self.parts if p.tested]


def best_results(entries: list[ExamEntry]) -> dict[str, tuple[str, dt.date | None]]:
    best: dict[str, tuple[str, dt.date | None]] = {}
    for entry in entries:
        if entry.kind != Kind.NORWEGIAN or entry.status != Status.RESULT_RECORDED:
            continue
        for part in PARTS:
            value = getattr(entry, part)
            if value and rank(value) > rank(best.get(part, ("", None))[0]):
                best[part] = (value, entry.held_on)
    return best


def _screening(pathway: Any) -> Any:
    try:
        return pathway.screening
    except pathway._meta.get_field("screening").related_model.DoesNotExist:
        return None


def norwegian_progress(pathway: Any, entries: list[ExamEntry], *, with_teacher: bool = True) -> NorwegianProgress:
    """From the screening's levels through the Norwegian teacher's latest to the best
    tested, per part, against the scheme's target (the trade's setting). Two queries at
    most: the screening (unless loaded) and the teacher's latest levels."""
    screening = _screening(pathway)
    teacher = latest_levels(pathway) if with_teacher else {}
    best = best_results(entries)
    progress = NorwegianProgress(target=getattr(pathway.trade, "norwegian_target", "") or "")
    for part in PARTS:
        skill = SKILL_OF_PART[part]
        tested, tested_on = best.get(part, ("", None))
        assessed = teacher.get(skill)
        progress.parts.append(
            PartProgress(
                part=part,
                label=PART_LABELS[part],
                screened=level_label(getattr(screening, SCREENING_FIELDS[skill], "") if screening else ""),
                assessed=level_label(assessed.level if assessed is not None else ""),
                tested=tested,
                tested_on=tested_on,
            )
        )
    return progress


@dataclass(frozen=True)
class TradeTestPlan:
    contract: Contract | None
    dates: TradeTestDates | None
    written_required: bool
    test_name: Any


def trade_test_plan(pathway: Any) -> TradeTestPlan:
    """The contract the trade test is registered under and the dates that follow from its
    end (moved by interruptions): the pathway's contract as the contract's section has
    read it (one query where it has not)."""
    found = contract_of(pathway)
    contract = found if found is not None and found.status in BINDING else None
    return TradeTestPlan(
        contract=contract,
        dates=trade_test_dates(contract.end_date) if contract is not None else None,
        written_required=written_exam_required(pathway.trade, pathway.track),
        test_name=final_test_label(pathway.trade, pathway.track),
    )


# The participation certificate (deltakerbevis, seed 002) ----------------------------------------


@dataclass(frozen=True)
class Certificate:
    pathway: Any
    organisation: Organisation
    started_on: dt.date | None
    completed_on: dt.date
    written: ExamEntry | None
    trade_test: ExamEntry
    norwegian: NorwegianProgress
    test_name: Any


def certificate_for(pathway: Any) -> Certificate | None:
    """The deltakerbevis of a participant of a municipal scheme closed after passing the
    trade test (seed 002: "Avslutte deltaker … Etter bestått fagprøve … Deltakerbevis gis
    til deltaker"); None for anyone else."""
    scheme = pathway.scheme
    if pathway.stage != Stage.COMPLETED or scheme is None or pathway.trade_test_passed_on is None:
        return None
    organisation = scheme.organisation
    if organisation.kind != Organisation.Kind.MUNICIPAL_SERVICE:
        return None
    entries = list(ExamEntry.objects.filter(pathway_id=pathway.pk, status=Status.RESULT_RECORDED).order_by("held_on"))
    passed_tests = [e for e in entries if e.kind == Kind.TRADE_TEST and e.passed]
    if not passed_tests:
        return None
    written = [e for e in entries if e.kind == Kind.WRITTEN and e.passed]
    return Certificate(
        pathway=pathway,
        organisation=organisation,
        started_on=pathway.started_on,
        completed_on=pathway.trade_test_passed_on,
        written=written[-1] if written else None,
        trade_test=passed_tests[-1],
        norwegian=norwegian_progress(pathway, entries, with_teacher=False),
        test_name=final_test_label(pathway.trade, pathway.track),
    )
