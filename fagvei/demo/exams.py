"""The demo's exams and tests (issue 13), through the domain functions at the plan's moments.

- Every completed pathway passed its trade test first, registered in its window (ofo.
  § 9-56) and held in the contract's last three months (§ 9-55), after the written exam
  where the trade asks for it; one of them failed its first test and passed the new one
  (§ 9-66). ``before_completion`` runs while the replay reaches "complete".
- On the open pathways (``open_pathways``, after the replay, at the end of the demo's
  past): entries in every state across the three schemes — a written exam planned,
  registered, held with its result to record, passed, failed with a new one planned, and
  postponed after a documented absence (§ 9-67); trade tests planned, withdrawn,
  registered with their dates, and one held whose result is to be recorded (plan variant
  "test_held"); Norwegian results at several levels for the alternative route; one
  participant late for registration (variant "test_late": the contract ends in 50 days
  with no test registered); one whose written exam's window closed without a registration
  and whose trade test's window opens soon ("test_opens"); an apprentice registered by the
  company.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from fagvei.audit.models import Event
from fagvei.contracts.models import BINDING, Contract
from fagvei.core.clock import frozen_at
from fagvei.exams import services
from fagvei.exams.lifecycle import written_exam_required
from fagvei.exams.models import ExamEntry, Kind
from fagvei.exams.windows import OSLO, last_terms, trade_test_dates, written_window
from fagvei.pathways.models import Pathway, Stage, Track

from .cast import PARTICIPANT_USERNAME
from .contracts import synthetic_pdf

if TYPE_CHECKING:
    from .load import Build

# When the written exams are held (RULES.md § 4: April-June and November-December).
EXAM_DAY = {"spring": (5, 20), "autumn": (11, 25)}
# Tracks with common subjects to confirm before the trade test (ofo. § 9-57).
SUBJECT_TRACKS = (Track.APPRENTICE, Track.TRAINING_CANDIDATE)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


class Ticks:
    """When the builder's calls happen. During the replay, at the natural moment of each
    step (the pathway's timeline is written in order); afterwards, one minute apart after
    the pathway's last event, at the end of the demo's past, like the other builders that
    run after the replay (the dates of what happened are the arguments, not the clock)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.next = start

    def __call__(self, natural: dt.datetime) -> dt.datetime:
        if self.next is None:
            return natural
        moment, self.next = self.next, self.next + dt.timedelta(minutes=1)
        return moment


AS_IT_HAPPENED = Ticks()


def _version(entry: ExamEntry) -> int:
    return ExamEntry.objects.values_list("version", flat=True).get(pk=entry.pk)


def _exam_day(year: int, season: str) -> dt.date:
    month, day = EXAM_DAY[season]
    return dt.date(year, month, day)


def _term_before(day: dt.date) -> tuple[int, str]:
    """The latest term whose exam and result lie before ``day``."""
    year, season = day.year, "autumn"
    while _exam_day(year, season) + dt.timedelta(days=25) > day:
        year, season = (year, "spring") if season == "autumn" else (year - 1, "autumn")
    return year, season


def _protocol(build: Build, pathway_id: int) -> SimpleUploadedFile:
    build.count("documents")
    return SimpleUploadedFile(
        f"protokoll-{pathway_id}.pdf", synthetic_pdf("Prøveprotokoll (demo)"), content_type="application/pdf"
    )


def written_exam(
    build: Build, pathway_id: int, year: int, season: str, *, until: str, grade: int = 4, when: Ticks = AS_IT_HAPPENED
) -> ExamEntry:
    """The written exam of a term, as far as ``until`` (planned, registered, held, result)."""
    actor = build.coordinator
    window = written_window(year, season)
    with frozen_at(when(window.opens_at - dt.timedelta(days=10))):
        entry = services.plan_entry(
            actor=actor, pathway_id=pathway_id, kind=Kind.WRITTEN, term_year=year, term_season=season
        )
    if until == "planned":
        return entry
    registered = window.opens_at + dt.timedelta(days=3, hours=10)
    with frozen_at(when(registered + dt.timedelta(minutes=5))):
        entry = services.register_entry(
            actor=actor, entry_id=entry.pk, expected_version=_version(entry), registered_at=registered, fee_paid=True
        )
    if until == "registered":
        return entry
    day = _exam_day(year, season)
    with frozen_at(when(_at(day, 15))):
        entry = services.hold_entry(actor=actor, entry_id=entry.pk, expected_version=_version(entry), held_on=day)
    if until == "held":
        return entry
    with frozen_at(when(_at(day + dt.timedelta(days=20)))):
        return services.record_result(actor=actor, entry_id=entry.pk, expected_version=_version(entry), grade=grade)


def trade_test(
    build: Build,
    pathway: Pathway,
    contract_end: dt.date,
    *,
    registered_on: dt.date,
    held_on: dt.date | None,
    result: str = "passed",
    when: Ticks = AS_IT_HAPPENED,
) -> ExamEntry:
    """The trade test registered on a day, and (with ``held_on``) held and its result recorded."""
    actor = build.coordinator
    with frozen_at(when(_at(registered_on - dt.timedelta(days=7)))):
        entry = services.plan_entry(actor=actor, pathway_id=pathway.pk, kind=Kind.TRADE_TEST)
    return _register_and_hold(
        build, pathway, entry, registered_on=registered_on, held_on=held_on, result=result, when=when
    )


def _register_and_hold(
    build: Build,
    pathway: Pathway,
    entry: ExamEntry,
    *,
    registered_on: dt.date,
    held_on: dt.date | None,
    result: str,
    when: Ticks = AS_IT_HAPPENED,
) -> ExamEntry:
    actor = build.coordinator
    with frozen_at(when(_at(registered_on, 11))):
        entry = services.register_entry(
            actor=actor,
            entry_id=entry.pk,
            expected_version=_version(entry),
            registered_at=_at(registered_on, 9),
            subjects_confirmed=pathway.track in SUBJECT_TRACKS,
        )
    if held_on is None:
        return entry
    contract = _binding(pathway.pk)
    earliest = trade_test_dates(contract.end_date).earliest_test if contract is not None else held_on
    with frozen_at(when(_at(registered_on, 12))):
        entry = services.schedule_entry(
            actor=actor,
            entry_id=entry.pk,
            expected_version=_version(entry),
            # A two-day test, the first day no earlier than ofo. § 9-55 allows.
            starts_on=max(held_on - dt.timedelta(days=1), earliest),
            ends_on=held_on,
            site=_site(pathway),
            site_contact="Prøvenemndas leder, tlf. 400 00 000",
        )
    with frozen_at(when(_at(held_on, 16))):
        entry = services.hold_entry(actor=actor, entry_id=entry.pk, expected_version=_version(entry), held_on=held_on)
    with frozen_at(when(_at(held_on, 18))):
        return services.record_result(
            actor=actor,
            entry_id=entry.pk,
            expected_version=_version(entry),
            result=result,
            protocol_upload=_protocol(build, pathway.pk),
        )


def _site(pathway: Pathway) -> str:
    """The test is held at the workplace (the board agrees it with the company)."""
    return pathway.workplace.name if pathway.workplace is not None else ""


def _binding(pathway_id: int) -> Contract | None:
    return Contract.objects.filter(pathway_id=pathway_id, status__in=BINDING).first()


def before_completion(build: Build, pathway_id: int, at: dt.datetime, passed_on: dt.date) -> dt.date:
    """The written exam (where the trade asks for it) and the trade test passed before the
    pathway is completed; returns the test's date, the completion date."""
    pathway = Pathway.objects.select_related("trade", "workplace").get(pk=pathway_id)
    contract = _binding(pathway_id)
    completed_on = timezone.localdate(at)
    end = contract.end_date if contract is not None else completed_on
    dates = trade_test_dates(end)
    # ofo. § 9-55: held in the contract's last three months, and before it is completed.
    held = min(max(passed_on, dates.earliest_test), completed_on - dt.timedelta(days=1))
    registered_on = min(dates.registration_closes, max(dates.registration_opens, held - dt.timedelta(days=120)))
    if written_exam_required(pathway.trade, pathway.track):
        year, season = _term_before(registered_on)
        written_exam(build, pathway_id, year, season, until="result", grade=3 + pathway_id % 3)
    # One completed pathway failed its first test and passed the new one (ofo. § 9-66).
    retake = build.counts.get("exams.retakes", 0) == 0 and (held - dates.earliest_test).days >= 20
    if retake:
        first_held = dates.earliest_test + dt.timedelta(days=2)
        failed = trade_test(build, pathway, end, registered_on=registered_on, held_on=first_held, result="failed")
        with frozen_at(_at(first_held + dt.timedelta(days=1), 9)):
            new = services.plan_new_test(actor=build.coordinator, entry_id=failed.pk, expected_version=_version(failed))
        _register_and_hold(
            build, pathway, new, registered_on=first_held + dt.timedelta(days=3), held_on=held, result="passed"
        )
        build.count("exams.retakes")
    else:
        result = "passed_very_well" if pathway_id % 4 == 0 else "passed"
        trade_test(build, pathway, end, registered_on=registered_on, held_on=held, result=result)
    return held


# The open pathways ---------------------------------------------------------------------------

OPEN = (Stage.IN_TRAINING, Stage.INTERRUPTED)
# What each scheme's open pathways get, in turn (an interrupted one: a postponed exam).
ROLES = ("trade_test", "written_held", "written_registered", "written_planned", "written_failed")
# The levels (listening, reading, writing, oral) of a participant's two sittings, by trade (HK-dir).
LEVELS = {
    "BUA": (("A2", "A2", "A1", "A2"), ("B1", "B1", "A2", "B1")),
    "HEA": (("A2", "B1", "A2", "B1"), ("B2", "B1", "B1", "B2")),
    "ROF": (("below_a1", "A1", "no_basis", "A2"), ("A2", "A2", "A1", "B1")),
}
SITE_CONTACT = "Prøvenemndas leder, tlf. 400 00 000"


def _next_term(anchor: dt.date) -> tuple[int, str]:
    year = anchor.year
    while True:
        for season in ("spring", "autumn"):
            if written_window(year, season).closes_on > anchor:
                return year, season
        year += 1


def _norwegian(build: Build, pathway: Pathway, anchor: dt.date, when: Ticks) -> None:
    """Two sittings: one after the first months of training, one lately (the best result
    per part counts, HK-dir); one only where training began less than half a year ago."""
    start = pathway.started_on or anchor - dt.timedelta(days=200)
    days = [start + dt.timedelta(days=90), anchor - dt.timedelta(days=40)]
    if days[0] >= days[1] - dt.timedelta(days=60):
        days = days[1:]
    levels = LEVELS[pathway.trade.code][-len(days) :]
    bands = ("a2_b1", "b1_b2" if pathway.trade.code == "HEA" else "a2_b1")[-len(days) :]
    actor = build.coordinator
    for day, parts, band in zip(days, levels, bands, strict=True):
        with frozen_at(when(_at(day))):
            entry = services.plan_entry(
                actor=actor, pathway_id=pathway.pk, kind=Kind.NORWEGIAN, variant="standard", band=band
            )
        with frozen_at(when(_at(day))):
            entry = services.register_entry(
                actor=actor,
                entry_id=entry.pk,
                expected_version=_version(entry),
                registered_at=_at(day - dt.timedelta(days=28), 9),
                fee_paid=True,
            )
        with frozen_at(when(_at(day))):
            entry = services.hold_entry(actor=actor, entry_id=entry.pk, expected_version=_version(entry), held_on=day)
        with frozen_at(when(_at(day))):
            services.record_result(
                actor=actor,
                entry_id=entry.pk,
                expected_version=_version(entry),
                parts=dict(zip(("listening", "reading", "writing", "oral"), parts, strict=True)),
            )


def _held_trade_test(build: Build, pathway: Pathway, contract: Contract, anchor: dt.date, when: Ticks) -> None:
    """Registered in the window, the dates agreed with the board, held three days ago: the
    result is to be recorded (and then the pathway completed, on /exams/)."""
    dates = trade_test_dates(contract.end_date)
    entry = trade_test(
        build,
        pathway,
        contract.end_date,
        registered_on=dates.registration_opens + dt.timedelta(days=30),
        held_on=None,
        when=when,
    )
    held = max(dates.earliest_test, anchor - dt.timedelta(days=3))
    with frozen_at(when(_at(anchor))):
        entry = services.schedule_entry(
            actor=build.coordinator,
            entry_id=entry.pk,
            expected_version=_version(entry),
            starts_on=held - dt.timedelta(days=1) if held - dt.timedelta(days=1) >= dates.earliest_test else held,
            ends_on=held,
            site=_site(pathway),
            site_contact=SITE_CONTACT,
        )
    with frozen_at(when(_at(anchor))):
        services.hold_entry(actor=build.coordinator, entry_id=entry.pk, expected_version=_version(entry), held_on=held)


def _scheme_pathway(
    build: Build, pathway: Pathway, contract: Contract, role: str, anchor: dt.date, when: Ticks
) -> None:
    actor = build.coordinator
    latest, before = last_terms(anchor)
    if role in ("test_late", "test_held", "trade_test"):
        # The written exam passed first where the trade asks for it (ofo. § 9-57).
        if written_exam_required(pathway.trade, pathway.track):
            written_exam(build, pathway.pk, *before, until="result", grade=3 + pathway.pk % 3, when=when)
    if role == "test_late":
        # Nothing registered, and the last day (two months before the end) has passed.
        return
    if role == "test_opens":
        # Planned for the latest term, and the window closed without a registration (the
        # deadline list shows it overdue); the trade test's window opens soon.
        written_exam(build, pathway.pk, *latest, until="planned", when=when)
        return
    if role == "test_held":
        _held_trade_test(build, pathway, contract, anchor, when)
    elif role == "trade_test":
        dates = trade_test_dates(contract.end_date)
        if dates.registration_opens <= anchor - dt.timedelta(days=7):
            trade_test(
                build,
                pathway,
                contract.end_date,
                registered_on=max(dates.registration_opens, anchor - dt.timedelta(days=20)),
                held_on=None,
                when=when,
            )
        else:
            # Planned, to be registered when the window opens eight months before the end.
            with frozen_at(when(_at(anchor))):
                services.plan_entry(actor=actor, pathway_id=pathway.pk, kind=Kind.TRADE_TEST)
    elif role == "written_held":
        term = latest if _exam_day(*latest) < anchor else before
        written_exam(build, pathway.pk, *term, until="held", when=when)
    elif role == "written_registered":
        written_exam(build, pathway.pk, *latest, until="registered", when=when)
    elif role == "written_planned":
        written_exam(build, pathway.pk, *_next_term(anchor), until="planned", when=when)
        # A trade test planned too early, and withdrawn.
        with frozen_at(when(_at(anchor))):
            entry = services.plan_entry(actor=actor, pathway_id=pathway.pk, kind=Kind.TRADE_TEST)
        with frozen_at(when(_at(anchor))):
            services.withdraw_entry(
                actor=actor, entry_id=entry.pk, expected_version=entry.version, note="Planlagt for tidlig."
            )
    elif role == "written_failed":
        failed = written_exam(build, pathway.pk, *before, until="result", grade=1, when=when)
        with frozen_at(when(_at(anchor))):
            services.plan_new_test(actor=actor, entry_id=failed.pk, expected_version=_version(failed))
    else:  # interrupted: registered for the latest term, postponed after a documented illness (ofo. § 9-67)
        entry = written_exam(build, pathway.pk, *latest, until="registered", when=when)
        with frozen_at(when(_at(anchor))):
            services.postpone_entry(
                actor=actor,
                entry_id=entry.pk,
                expected_version=_version(entry),
                absence_documented=True,
                note="Sykmeldt i eksamensperioden; legeerklæring levert.",
            )


def open_pathways(build: Build) -> None:
    """Entries in every state on the open pathways (see the module), written at the end of
    the demo's past after each pathway's last event."""
    anchor = build.anchor
    end = _at(anchor - dt.timedelta(days=1), 18)
    pathways = list(Pathway.objects.filter(stage__in=OPEN).select_related("trade", "workplace").order_by("pk"))
    lasts = dict(
        Event.objects.filter(pathway__in=pathways)
        .values("pathway_id")
        .annotate(last=Max("at"))
        .values_list("pathway_id", "last")
    )
    variants = _variants(build)
    turn: dict[str, int] = {}
    for pathway in pathways:
        contract = _binding(pathway.pk)
        if contract is None:
            continue
        when = Ticks(max(end, (lasts.get(pathway.pk) or end) + dt.timedelta(minutes=5)))
        if pathway.track == Track.ALTERNATIVE:
            _norwegian(build, pathway, anchor, when)
            variant = variants.get(pathway.participant_id, "")
            if variant in ("test_late", "test_held", "test_opens"):
                role = variant
            elif pathway.stage == Stage.INTERRUPTED:
                role = "interrupted"
            else:
                code = pathway.trade.code
                role = ROLES[turn.get(code, 0) % len(ROLES)]
                turn[code] = turn.get(code, 0) + 1
            _scheme_pathway(build, pathway, contract, role, anchor, when)
        elif pathway.track == Track.APPRENTICE and pathway.stage == Stage.IN_TRAINING:
            _company_registration(build, pathway, contract, anchor, when)
    build.count("exam_entries", ExamEntry.objects.count())


def _variants(build: Build) -> dict[int, str]:
    """The plan's variant of each pathway, by its participant (keyed as pathways.py registers them)."""
    found: dict[int, str] = {}
    for item in build.plan:
        key = PARTICIPANT_USERNAME if item.variant == "deltaker" else f"participant{item.number}"
        person = build.people.get(key)
        if person is not None:
            found[person.pk] = item.variant
    return found


def _company_registration(build: Build, pathway: Pathway, contract: Contract, anchor: dt.date, when: Ticks) -> None:
    """Outside the schemes: the company registers an apprentice on the normal route (no
    written exam) once the window is open, with the dates agreed with the board (ofo.
    §§ 9-55, 9-56)."""
    if written_exam_required(pathway.trade, pathway.track):
        return
    dates = trade_test_dates(contract.end_date)
    registered_on = max(dates.registration_opens, anchor - dt.timedelta(days=20))
    if registered_on > min(dates.registration_closes, anchor - dt.timedelta(days=1)):
        return
    entry = trade_test(build, pathway, contract.end_date, registered_on=registered_on, held_on=None, when=when)
    first = max(dates.earliest_test, anchor + dt.timedelta(days=30))
    with frozen_at(when(_at(anchor))):
        services.schedule_entry(
            actor=build.coordinator,
            entry_id=entry.pk,
            expected_version=_version(entry),
            starts_on=first,
            ends_on=first + dt.timedelta(days=1),
            site=_site(pathway),
            site_contact=SITE_CONTACT,
        )
