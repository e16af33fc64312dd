"""The demo's plan: which pathways "Fjordvik kommune" holds, who their participants are,
and what happened to each of them and when. Pure and deterministic: no database, the same
plan for the same anchor date.

Names come from the cast's lists (``cast.py``), choices from ``random.Random(SEED)``
(never the global generator), and every moment is relative to the anchor date (today in
Europe/Oslo unless given). The builders replay the plan through the domain functions, so
the plan obeys their rules and the replay is never refused: every pathway at or past
admission has its screening registered before the decision (seed 002, "Vurdering og
opptak"); start-up begins with a responsible coordinator; every pathway that started
training had, before it started, an approved workplace (ofo. § 6-13), a participation
consent (seed 002, "Inntakssamtale"), a police certificate where the trade requires one
(seed 002), a mentor or an instructor (seed 002, ofo. § 9-13) and planned dates. Some
pathways in start-up lack one of these, so the pathway page can show why training cannot
start yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from fagvei.pathways.lifecycle import TRANSITIONS
from fagvei.pathways.models import Consent, EndReason, PathwayMember, ReferralSource, Screening, Stage, Track

from .cast import (
    BACKGROUND_WEIGHTS,
    COUNTY_NAME,
    D_NUMBER_BACKGROUNDS,
    DELTAKER_BACKGROUND,
    DEMO_USERS,
    FIRST_NAMES,
    LAST_NAMES,
    PARTICIPANT_USERNAME,
    SEED,
    TRADE_BY_CODE,
    email_address,
    synthetic_national_id,
)
from .texts import (
    ADMIT_REASONS,
    DECLINE_REASONS,
    EDUCATION_NOTES,
    END_NOTES,
    HINDRANCES,
    INTERRUPT_REASONS,
    LIFE_SITUATIONS,
    MOTIVATION_NOTES,
    NO_80_HINDRANCE,
    REFERRAL_NOTES,
    SUITABILITY_NOTES,
    WORK_NOTES,
)

OSLO = ZoneInfo("Europe/Oslo")

ALT = Track.ALTERNATIVE

# (trade, track, stage, workplace key, variant). Scheme pathways are the "alternative"
# ones. Variants: "deltaker" (the demo participant's own pathway), "resumed" (an earlier
# interruption), "screened" (screening registered), the start-up gaps "ready",
# "no_police", "no_workplace", "no_member", "no_consent", and for ended pathways
# "<stage it ended from>:<end reason>"; "test_late", "test_held" and "test_opens" (issue
# 13) an in-training pathway whose contract ends in 50 days with no trade test registered,
# one whose contract ends in 70 days and whose trade test has just been held, and one whose
# registration for the trade test opens in a couple of weeks (eight months before its end).
PATHWAY_SPECS: tuple[tuple[str, str, str, str | None, str], ...] = (
    # Fagbrevordningen — barne- og ungdomsarbeider
    ("BUA", ALT, Stage.REFERRED, None, ""),
    ("BUA", ALT, Stage.REFERRED, None, ""),
    ("BUA", ALT, Stage.SCREENING, None, ""),
    ("BUA", ALT, Stage.ADMITTED, None, ""),
    ("BUA", ALT, Stage.DECLINED, None, ""),
    ("BUA", ALT, Stage.STARTING, "k2", "ready"),
    ("BUA", ALT, Stage.STARTING, "k3", "no_police"),
    ("BUA", ALT, Stage.IN_TRAINING, "k1", "deltaker"),
    ("BUA", ALT, Stage.IN_TRAINING, "k1", ""),
    ("BUA", ALT, Stage.IN_TRAINING, "k2", "test_late"),
    ("BUA", ALT, Stage.IN_TRAINING, "k3", "resumed"),
    ("BUA", ALT, Stage.IN_TRAINING, "k2", ""),
    ("BUA", ALT, Stage.INTERRUPTED, "k3", ""),
    ("BUA", ALT, Stage.COMPLETED, "k1", ""),
    ("BUA", ALT, Stage.COMPLETED, "k2", ""),
    ("BUA", ALT, Stage.ENDED, "k3", "in_training:terminated"),
    # Fagbrevordningen — helsearbeider
    ("HEA", ALT, Stage.REFERRED, None, ""),
    ("HEA", ALT, Stage.SCREENING, None, "screened"),
    ("HEA", ALT, Stage.SCREENING, None, ""),
    ("HEA", ALT, Stage.ADMITTED, None, ""),
    ("HEA", ALT, Stage.DECLINED, None, ""),
    ("HEA", ALT, Stage.STARTING, None, "no_workplace"),
    ("HEA", ALT, Stage.STARTING, "n2", "no_member"),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n2", "test_held"),
    ("HEA", ALT, Stage.IN_TRAINING, "n3", ""),
    ("HEA", ALT, Stage.IN_TRAINING, "n1", "resumed"),
    ("HEA", ALT, Stage.INTERRUPTED, "n2", ""),
    ("HEA", ALT, Stage.COMPLETED, "n1", ""),
    ("HEA", ALT, Stage.COMPLETED, "n3", ""),
    ("HEA", ALT, Stage.ENDED, None, "screening:withdrawn"),
    ("HEA", ALT, Stage.ENDED, "n2", "interrupted:cancelled"),
    # Fagbrevordningen — renholdsoperatør
    ("ROF", ALT, Stage.REFERRED, None, ""),
    ("ROF", ALT, Stage.SCREENING, None, "screened"),
    ("ROF", ALT, Stage.ADMITTED, None, ""),
    ("ROF", ALT, Stage.DECLINED, None, ""),
    ("ROF", ALT, Stage.STARTING, None, "no_workplace"),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", "test_opens"),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", ""),
    ("ROF", ALT, Stage.IN_TRAINING, "rof", ""),
    ("ROF", ALT, Stage.COMPLETED, "rof", ""),
    ("ROF", ALT, Stage.ENDED, None, "admitted:other"),
    # Outside the schemes: apprentices and training candidates through the training
    # office, experience candidates and trade certificate at work.
    ("BUA", Track.APPRENTICE, Stage.REFERRED, None, ""),
    ("BUA", Track.APPRENTICE, Stage.IN_TRAINING, "k2", ""),
    ("HEA", Track.APPRENTICE, Stage.IN_TRAINING, "n3", ""),
    ("HEA", Track.APPRENTICE, Stage.COMPLETED, "n2", ""),
    ("HEA", Track.TRAINING_CANDIDATE, Stage.SCREENING, None, "screened"),
    ("ROF", Track.TRAINING_CANDIDATE, Stage.IN_TRAINING, "rof", ""),
    ("BUA", Track.TRAINING_CANDIDATE, Stage.INTERRUPTED, "k3", ""),
    ("HEA", Track.EXPERIENCE_CANDIDATE, Stage.ADMITTED, None, ""),
    ("ROF", Track.EXPERIENCE_CANDIDATE, Stage.COMPLETED, "rof", ""),
    ("BUA", Track.EXPERIENCE_CANDIDATE, Stage.ENDED, None, "screening:withdrawn"),
    ("HEA", Track.EXPERIENCE_CANDIDATE, Stage.DECLINED, None, ""),
    ("HEA", Track.AT_WORK, Stage.IN_TRAINING, "n1", ""),
    ("BUA", Track.AT_WORK, Stage.IN_TRAINING, "k1", ""),
    ("ROF", Track.AT_WORK, Stage.STARTING, "rof", "no_consent"),
    ("HEA", Track.AT_WORK, Stage.INTERRUPTED, "n3", ""),
    ("HEA", Track.AT_WORK, Stage.ENDED, "n1", "in_training:withdrawn"),
)

# The transitions that lead to each stage, after "created".
_TO_SCREENING = ("start_screening",)
_TO_STARTING = ("start_screening", "admit", "begin_start_up")
CHAINS: dict[str, tuple[str, ...]] = {
    Stage.REFERRED: (),
    Stage.SCREENING: _TO_SCREENING,
    Stage.ADMITTED: ("start_screening", "admit"),
    Stage.DECLINED: ("start_screening", "decline"),
    Stage.STARTING: _TO_STARTING,
    Stage.IN_TRAINING: (*_TO_STARTING, "start_training"),
    Stage.INTERRUPTED: (*_TO_STARTING, "start_training", "interrupt"),
    Stage.COMPLETED: (*_TO_STARTING, "start_training", "complete"),
}
# Days between a transition and the one before it.
GAPS: dict[str, tuple[int, int]] = {
    "start_screening": (5, 25),
    "admit": (14, 40),
    "decline": (14, 40),
    "begin_start_up": (7, 30),
    "start_training": (21, 60),
    "interrupt": (60, 300),
    "resume": (30, 90),
    "complete": (640, 725),
}
END_GAPS: dict[str, tuple[int, int]] = {Stage.IN_TRAINING: (90, 400), Stage.INTERRUPTED: (30, 120)}
# Days before the anchor date of the pathway's last transition.
LAST_OFFSETS: dict[str, tuple[int, int]] = {
    Stage.REFERRED: (2, 40),
    Stage.SCREENING: (2, 25),
    Stage.ADMITTED: (3, 35),
    Stage.DECLINED: (5, 250),
    Stage.STARTING: (4, 35),
    Stage.IN_TRAINING: (14, 600),
    Stage.INTERRUPTED: (5, 90),
    Stage.COMPLETED: (10, 400),
    Stage.ENDED: (10, 250),
}
CONTRACT_DAYS = 730
# Issue 13: training started this many days before the anchor, so that the contract ends
# 50 days after it (registration for the trade test closed ten days ago, ofo. § 9-56), 70
# days after it (the trade test held in the last three months, § 9-55), or 260 days after
# it (registration opens eight months before the end: in about two weeks).
TEST_OFFSETS = {"test_late": CONTRACT_DAYS - 50, "test_held": CONTRACT_DAYS - 70, "test_opens": CONTRACT_DAYS - 260}
SCHEME_SOURCES = (
    ReferralSource.REFUGEE_SERVICE,
    ReferralSource.NAV,
    ReferralSource.JOBBSJANSEN,
    ReferralSource.ADULT_EDUCATION,
    ReferralSource.REFUGEE_SERVICE,
    ReferralSource.SELF,
    ReferralSource.NAV,
    ReferralSource.OTHER,
)
INCOME_BY_SOURCE: dict[str, str] = {
    ReferralSource.REFUGEE_SERVICE: Screening.IncomeBasis.INTRODUCTION_BENEFIT,
    ReferralSource.JOBBSJANSEN: Screening.IncomeBasis.JOBBSJANSEN,
    ReferralSource.NAV: Screening.IncomeBasis.NAV_BENEFIT,
    ReferralSource.EMPLOYER: Screening.IncomeBasis.SALARY,
}
CEFR_ORDER = ("pre_a1", "A1", "A2", "B1", "B2", "C1", "C2")

# The plan's shape ----------------------------------------------------------------------

# Keyword inputs of a domain function, as (name, value) pairs in a fixed order.
Inputs = tuple[tuple[str, Any], ...]


def _inputs(**values: Any) -> Inputs:
    return tuple(sorted(values.items()))


@dataclass(frozen=True)
class PlannedPerson:
    first_name: str
    last_name: str
    female: bool
    background: str
    birth_date: dt.date
    national_id: str
    email: str


class Action(NamedTuple):
    """One thing the coordinator did on a pathway, at a moment: "created", a transition's
    name (its inputs are the keywords of the transition's domain function, see
    ``Transition.inputs``), or "details" (the workplace and the planned dates),
    "screening", "consent", "police_certificate" or "member"."""

    at: dt.datetime
    kind: str
    inputs: Inputs


@dataclass(frozen=True)
class PlannedPathway:
    number: int
    person: PlannedPerson
    trade: str
    track: str
    stage: str
    in_scheme: bool
    workplace: str | None
    variant: str
    referral_source: str
    referral_note: str
    # ("created" | transition name, when, the inputs the user gave for it)
    steps: tuple[tuple[str, dt.datetime, Inputs], ...]
    # The workplace and the planned dates are registered early in start-up (DOMAIN.md,
    # "starting": approved workplace found, start interview at the workplace). The planned
    # end is the one registered then: resuming after an interruption moves it by the time
    # away (resume_pathway).
    details_at: dt.datetime | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    # The screening form's fields (screened_on included), and when it was registered.
    screening: Inputs | None
    screened_at: dt.datetime | None
    # (purpose, receiving party, when)
    consents: tuple[tuple[str, str, dt.datetime], ...]
    # (issued on, checked at)
    police: tuple[dt.date, dt.datetime] | None
    # (person key, role, when)
    members: tuple[tuple[str, str, dt.datetime], ...]

    def actions(self) -> list[Action]:
        """Everything done on the pathway, in the order it was done."""
        ranked: list[tuple[dt.datetime, int, Action]] = [
            (at, rank, Action(at, name, inputs)) for rank, (name, at, inputs) in enumerate(self.steps)
        ]
        # At the same moment, a step comes before what is done on the pathway it leads to.
        side: list[Action] = []
        if self.details_at is not None:
            details = _inputs(workplace=self.workplace, planned_start=self.planned_start, planned_end=self.planned_end)
            side.append(Action(self.details_at, "details", details))
        if self.screening is not None and self.screened_at is not None:
            side.append(Action(self.screened_at, "screening", self.screening))
        for purpose, party, at in self.consents:
            side.append(
                Action(at, "consent", _inputs(purpose=purpose, receiving_party=party, given_on=_local_date(at)))
            )
        if self.police is not None:
            issued_on, checked_at = self.police
            side.append(
                Action(
                    checked_at, "police_certificate", _inputs(issued_on=issued_on, checked_on=_local_date(checked_at))
                )
            )
        for key, role, at in self.members:
            side.append(Action(at, "member", _inputs(person=key, role=role)))
        ranked += [(action.at, 100 + n, action) for n, action in enumerate(side)]
        return [action for _, _, action in sorted(ranked, key=lambda entry: (entry[0], entry[1]))]


def _local_date(moment: dt.datetime) -> dt.date:
    """The day of a moment in Europe/Oslo: the date the user gives for it."""
    return moment.astimezone(OSLO).date()


def approval_date(anchor: dt.date, years: int) -> dt.date:
    """The 15 August ``years`` years before the last 15 August on or before the anchor
    date: an approval of the cast that many years old (at least)."""
    last = anchor.replace(month=8, day=15)
    if last > anchor:
        last = last.replace(year=last.year - 1)
    return last.replace(year=last.year - years)


def setup_moment(plan: list[PlannedPathway]) -> dt.datetime:
    """When the organisations, the staff and the approvals were registered: 09:00 on the
    working day before the first referral of the plan."""
    first = min(item.steps[0][1] for item in plan)
    return _Planner.at_time(_Planner.weekday_before(_local_date(first) - dt.timedelta(days=1)), 9, 0)


# The planner ---------------------------------------------------------------------------


class _Planner:
    def __init__(self, anchor: dt.date) -> None:
        self.anchor = anchor
        # Two streams: the people do not depend on the anchor date, the dates do.
        self.people_rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.rng = random.Random(SEED + 1)  # noqa: S311
        self.deltaker = next(u for u in DEMO_USERS if u.username == PARTICIPANT_USERNAME)
        self.used_names: set[tuple[str, str]] = {(self.deltaker.first_name, self.deltaker.last_name)}
        self.used_ids: set[str] = set()
        # The last moment anything in the demo may happen: the afternoon before the anchor date.
        self.limit = self.at_time(anchor - dt.timedelta(days=1), 16, 0)
        # The demo instructor and professional manager follow four pathways each at
        # Fjordvik sykehjem; their colleagues there follow the rest.
        self.n1_instructions = 0
        self.n1_managements = 0

    # Times ----------------------------------------------------------------------------

    @staticmethod
    def at_time(day: dt.date, hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)

    def at(self, day: dt.date) -> dt.datetime:
        return self.at_time(day, self.rng.randint(8, 14), self.rng.choice(range(0, 60, 5)))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A working-hours moment on a working day strictly between two moments (or half
        an hour after the first, if there is no such day)."""
        first = start.date() + dt.timedelta(days=1)
        days = [first + dt.timedelta(days=n) for n in range((end.date() - first).days)]
        weekdays = [d for d in days if d.weekday() < 5]
        if not weekdays:
            return start + dt.timedelta(minutes=30)
        return self.at(self.rng.choice(weekdays))

    @staticmethod
    def weekday_before(day: dt.date) -> dt.date:
        """Saturday and Sunday move back to Friday."""
        return day - dt.timedelta(days=max(0, day.weekday() - 4))

    def days(self, bounds: tuple[int, int]) -> int:
        return self.rng.randint(*bounds)

    # People ---------------------------------------------------------------------------

    def person(self, track: str, deltaker: bool) -> PlannedPerson:
        rng = self.people_rng
        if deltaker:
            background, female = DELTAKER_BACKGROUND, True
            first, last = self.deltaker.first_name, self.deltaker.last_name
        else:
            backgrounds = list(BACKGROUND_WEIGHTS)
            while True:
                background = rng.choices(backgrounds, weights=[BACKGROUND_WEIGHTS[b] for b in backgrounds])[0]
                first, female = rng.choice(FIRST_NAMES[background])
                last = rng.choice(LAST_NAMES[background])
                if (first, last) not in self.used_names:
                    break
            self.used_names.add((first, last))
        young = track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE)
        age_days = rng.randint(18 * 365, 22 * 365) if young else rng.randint(23 * 365, 56 * 365)
        birth_date = self.anchor - dt.timedelta(days=age_days)
        national_id = ""
        if deltaker or rng.random() < 0.5:
            national_id = synthetic_national_id(
                birth_date, female=female, d_number=background in D_NUMBER_BACKGROUNDS, used=self.used_ids
            )
        email = email_address(first, last, "epost.example") if rng.random() < 0.7 else ""
        return PlannedPerson(first, last, female, background, birth_date, national_id, email)

    def screening(
        self, person: PlannedPerson, trade: str, source: str, declined: bool, work_years: float, on: dt.date
    ) -> dict[str, Any]:
        rng = self.rng
        if person.background == "nb":
            oral, written = 6, 5
            # Born in Norway: in Norway all their life, counted in whole years on the day of
            # the screening (save_screening refuses more years than the person's age).
            years: float = (on - person.birth_date).days * 4 // 1461
        else:
            oral = rng.randint(1, 2) if declined else rng.randint(2, 4)
            written = max(0, oral - rng.randint(0, 1))
            years = round(rng.uniform(1.5, 3.5), 1) if person.background == "uk" else round(rng.uniform(2.0, 14.0), 1)
        education = rng.choice(
            [Screening.Education.PRIMARY, Screening.Education.UPPER_SECONDARY, Screening.Education.UPPER_SECONDARY_DONE]
            if person.background == "nb"
            else list(EDUCATION_NOTES)
        )
        can_80 = not (declined and rng.random() < 0.5)
        return {
            "norwegian_listening": CEFR_ORDER[oral],
            "norwegian_speaking": CEFR_ORDER[oral],
            "norwegian_reading": CEFR_ORDER[written],
            "norwegian_writing": CEFR_ORDER[max(0, written - rng.randint(0, 1))],
            "years_in_norway": Decimal(str(years)),
            "education": education,
            "education_note": EDUCATION_NOTES[education],
            "work_experience_years": Decimal(str(work_years)),
            "work_experience_note": WORK_NOTES[trade],
            "motivation": rng.randint(2, 3) if declined else rng.randint(3, 4),
            "motivation_note": rng.choice(MOTIVATION_NOTES),
            "suitability": rng.randint(1, 3) if declined else rng.randint(3, 4),
            "suitability_note": SUITABILITY_NOTES[trade],
            "life_situation": rng.choice(LIFE_SITUATIONS),
            "can_participate_80": can_80,
            "hindrances": rng.choice(HINDRANCES) if can_80 else NO_80_HINDRANCE,
            "income_basis": INCOME_BY_SOURCE.get(source, rng.choice(list(Screening.IncomeBasis.values))),
            "screened_on": on,
        }

    # Pathways -------------------------------------------------------------------------

    def chain(self, stage: str, variant: str) -> tuple[str, ...]:
        if stage == Stage.ENDED:
            from_stage = variant.split(":")[0]
            return (*CHAINS[from_stage], "end")
        if variant == "resumed":
            return (*CHAINS[Stage.IN_TRAINING], "interrupt", "resume")
        return CHAINS[stage]

    def timeline(self, stage: str, variant: str, chain: tuple[str, ...]) -> list[tuple[str, dt.datetime]]:
        gaps = []
        for name in chain:
            if name == "end":
                from_stage = variant.split(":")[0]
                gaps.append(self.days(END_GAPS.get(from_stage, (10, 40))))
            else:
                gaps.append(self.days(GAPS[name]))
        if variant == "deltaker":
            last_offset = 250
        elif variant == "resumed":
            last_offset = self.days((20, 120))
        else:
            # Drawn for every pathway, so the variants below keep the others' dates.
            last_offset = TEST_OFFSETS.get(variant, self.days(LAST_OFFSETS[stage]))
        last_day = self.anchor - dt.timedelta(days=last_offset)
        day = last_day - dt.timedelta(days=sum(gaps))
        # The gaps are at least five days, so moving weekends back keeps the order.
        steps = [("created", self.at(self.weekday_before(day)))]
        for name, gap in zip(chain, gaps, strict=True):
            day += dt.timedelta(days=gap)
            steps.append((name, self.at(self.weekday_before(day))))
        return steps

    def inputs(self, name: str, moments: dict[str, dt.datetime], variant: str) -> dict[str, Any]:
        """What the user gives for a transition: the keywords of its domain function. The
        reasons stay on the pathway's row, never in the events (ARCHITECTURE.md)."""
        rng = self.rng
        if name == "admit":
            return {"reason": rng.choice(ADMIT_REASONS)}
        if name == "decline":
            return {"reason": rng.choice(DECLINE_REASONS)}
        if name == "start_training":
            return {"started_on": _local_date(moments[name])}
        if name == "interrupt":
            # DOMAIN.md "interrupted": a temporary interruption is reported to the county.
            return {"reason": rng.choice(INTERRUPT_REASONS), "county_informed": True}
        if name == "resume":
            return {"returned_on": _local_date(moments[name])}
        if name == "complete":
            # The trade test is passed during training, shortly before it is registered.
            return {"passed_on": _local_date(moments[name]) - dt.timedelta(days=rng.randint(3, 20))}
        if name == "end":
            from_stage, end_reason = variant.split(":")
            return {
                "end_reason": end_reason,
                "reason": END_NOTES[EndReason(end_reason)],
                # ol. § 7-3: ending a contract (terminated, cancelled or withdrawn under
                # contract) is told to the county in writing.
                "county_informed": from_stage in (Stage.IN_TRAINING, Stage.INTERRUPTED),
            }
        return {}

    def pathway(self, number: int, spec: tuple[str, str, str, str | None, str], scheme_index: int) -> PlannedPathway:
        rng = self.rng
        trade, track, stage, workplace, variant = spec
        in_scheme = track == Track.ALTERNATIVE
        person = self.person(track, variant == "deltaker")
        if in_scheme:
            source = SCHEME_SOURCES[scheme_index % len(SCHEME_SOURCES)]
        elif track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE):
            source = ReferralSource.SCHOOL
        elif track == Track.AT_WORK:
            source = ReferralSource.EMPLOYER
        else:
            source = rng.choice([ReferralSource.SELF, ReferralSource.NAV])
        chain = self.chain(stage, variant)
        reached: str = Stage.REFERRED
        for name in chain:
            assert reached in TRANSITIONS[name].sources, f"pathway {number}: {name} from {reached}"
            reached = TRANSITIONS[name].target
        assert reached == stage, f"pathway {number}: the steps end in {reached}, not {stage}"
        timeline = self.timeline(stage, variant, chain)
        moments = dict(timeline)
        steps = []
        for name, at in timeline:
            typed = self.inputs(name, moments, variant)
            assert name == "created" or set(typed) == set(TRANSITIONS[name].inputs), name
            steps.append((name, at, _inputs(**typed)))

        # The next milestone after a moment, or the limit: what is done in a stage fits in between.
        def next_after(name: str) -> dt.datetime:
            names = [n for n, _ in timeline]
            later = names.index(name) + 1
            return timeline[later][1] if later < len(timeline) else self.limit

        # Screening: registered during screening, before the decision.
        screening = screened_at = None
        work_years = round(rng.uniform(1.0, 9.0), 1)
        if "admit" in moments or "decline" in moments or variant == "screened":
            screened_at = self.between(moments["start_screening"], next_after("start_screening"))
            screening = _inputs(
                **self.screening(person, trade, source, "decline" in moments, work_years, _local_date(screened_at))
            )

        started_up = "begin_start_up" in moments
        trained = "start_training" in moments
        # Start-up tasks happen between the start of start-up and the start of training.
        window = (moments["begin_start_up"], next_after("begin_start_up")) if started_up else None
        consents: list[tuple[str, str, dt.datetime]] = []
        police = None
        if window and variant != "no_consent":
            given = self.between(*window)
            consents.append((Consent.Purpose.PARTICIPATION, "", given))
            if trained and rng.random() < 0.6:
                consents.append((Consent.Purpose.SHARE_WITH_COUNTY, COUNTY_NAME, given + dt.timedelta(minutes=5)))
            if source == ReferralSource.NAV:
                consents.append((Consent.Purpose.SHARE_WITH_NAV, "NAV Fjordvik", given + dt.timedelta(minutes=10)))
        if window and TRADE_BY_CODE[trade].requires_police_certificate and variant not in ("no_police", "no_workplace"):
            checked = self.between(*window)
            # Seed 002: at most three months old when checked (register_police_certificate).
            police = (_local_date(checked) - dt.timedelta(days=rng.randint(3, 40)), checked)

        planned_start = planned_end = details_at = None
        if trained:
            planned_start = _local_date(moments["start_training"])
            planned_end = planned_start + dt.timedelta(days=CONTRACT_DAYS)
        elif started_up and variant != "no_workplace":
            planned_start = self.weekday_before(self.anchor + dt.timedelta(days=rng.randint(7, 30)))
            planned_end = planned_start + dt.timedelta(days=CONTRACT_DAYS)
        if started_up and (workplace or planned_start):
            # Two hours into start-up: before anything else done in it on later days.
            details_at = moments["begin_start_up"] + dt.timedelta(hours=2)

        members = self.members(trade, track, workplace, variant, moments, window, trained)
        return PlannedPathway(
            number=number,
            person=person,
            trade=trade,
            track=track,
            stage=stage,
            in_scheme=in_scheme,
            workplace=workplace,
            variant=variant,
            referral_source=source,
            referral_note=REFERRAL_NOTES[source].format(p=TRADE_BY_CODE[trade].practitioner),
            steps=tuple(steps),
            details_at=details_at,
            planned_start=planned_start,
            planned_end=planned_end,
            screening=screening,
            screened_at=screened_at,
            consents=tuple(consents),
            police=police,
            members=tuple(members),
        )

    def members(
        self,
        trade: str,
        track: str,
        workplace: str | None,
        variant: str,
        moments: dict[str, dt.datetime],
        window: tuple[dt.datetime, dt.datetime] | None,
        trained: bool,
    ) -> list[tuple[str, str, dt.datetime]]:
        R = PathwayMember.Role
        hour = dt.timedelta(hours=1)
        members: list[tuple[str, str, dt.datetime]] = []
        if track in (Track.APPRENTICE, Track.TRAINING_CANDIDATE):
            # The training office follows apprentices and training candidates in its
            # member companies (ol. § 7-12); its adviser is on the pathway as a person.
            members.append(("office_adviser", R.TRAINING_OFFICE_ADVISER, moments["created"] + hour))
        in_scheme = track == Track.ALTERNATIVE
        if in_scheme and "admit" in moments:
            teacher = {"BUA": "faglaerer", "HEA": "hea_teacher", "ROF": "rof_teacher"}[trade]
            members.append((teacher, R.TRADE_TEACHER, moments["admit"] + hour))
        if in_scheme and window:
            teacher = "norsklaerer" if trade == "HEA" else "nor_teacher2"
            members.append((teacher, R.NORWEGIAN_TEACHER, moments["begin_start_up"] + hour))
        if workplace and window and variant != "no_member":
            at = self.between(*window)
            if trade == "BUA":
                mentor = {"k1": "fadder" if in_scheme else "k1_mentor2", "k2": "k2_mentor", "k3": "k3_mentor"}
                members.append((mentor[workplace], R.MENTOR, at))
            elif trade == "HEA":
                if workplace == "n1":
                    self.n1_instructions += 1
                instructor = {
                    "n1": "instruktor" if self.n1_instructions <= 4 else "n1_instructor2",
                    "n2": "n2_instructor",
                    "n3": "n3_instructor",
                }
                members.append((instructor[workplace], R.INSTRUCTOR, at))
            else:
                members.append(("rof_mentor", R.MENTOR, at))
            if trained:
                if workplace == "n1":
                    self.n1_managements += 1
                manager = {
                    "k1": ("k1_manager", R.WORKPLACE_MANAGER),
                    "k2": ("k2_manager", R.WORKPLACE_MANAGER),
                    "k3": ("k3_manager", R.WORKPLACE_MANAGER),
                    "n1": ("fagligleder" if self.n1_managements <= 4 else "n1_manager2", R.PROFESSIONAL_MANAGER),
                    "n2": ("n2_manager", R.PROFESSIONAL_MANAGER),
                    "n3": ("n3_manager", R.WORKPLACE_MANAGER),
                    "rof": ("rof_manager", R.WORKPLACE_MANAGER),
                }[workplace]
                members.append((*manager, at + dt.timedelta(minutes=10)))
        if in_scheme and trade == "HEA" and trained:
            # The county adviser follows the pathways under contract in the health scheme.
            members.append(("raadgiver", R.COUNTY_ADVISER, moments["start_training"] + hour))
        return members


def build_plan(today: dt.date) -> list[PlannedPathway]:
    """The demo pathways for the anchor date ``today``: pure and deterministic."""
    planner = _Planner(today)
    plan = []
    scheme_index = 0
    for number, spec in enumerate(PATHWAY_SPECS, start=1):
        plan.append(planner.pathway(number, spec, scheme_index))
        if spec[1] == Track.ALTERNATIVE:
            scheme_index += 1
    return plan
