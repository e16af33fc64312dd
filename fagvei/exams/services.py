"""Domain functions for exams and tests: one per state change, atomic, row-locked, audited.

Each function locks the pathway first (as every pathway function does), then the entry,
checks its version and the rules with their sections named, writes the change and its
event in one transaction, and refuses with a ``DomainError`` naming the field and the rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.contracts.models import BINDING, Contract
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.documents.models import Document
from fagvei.documents.services import upload_document
from fagvei.guidance.access import roles_on
from fagvei.lib.dates import is_sane
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Pathway, PathwayMember, Stage, Track

from .lifecycle import NO_COMMON_SUBJECTS, STEPS, WRITTEN_EXAM_TRACKS, written_exam_required
from .models import (
    BAND_TOP,
    C1_LEVELS,
    LEVEL_ORDER,
    OPEN,
    PARTS,
    PASSED,
    STANDARD_LEVELS,
    Band,
    ExamEntry,
    Kind,
    NorwegianVariant,
    Recommendation,
    Registrant,
    Result,
    Season,
    Status,
)
from .windows import add_months, trade_test_dates, written_window

# The stages a pathway's exams are planned and kept in.
EXAM_STAGES = frozenset({Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED})
# Who records a recommendation of when to register (seed 002).
RECOMMENDERS = {
    Kind.TRADE_TEST: PathwayMember.Role.TRADE_TEACHER,
    Kind.NORWEGIAN: PathwayMember.Role.NORWEGIAN_TEACHER,
}


def _d(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _dt(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _managed(actor: Any, pathway_id: int) -> Pathway:
    pathway: Pathway = lock(Pathway, pathway_id)
    if not can_manage_pathway(actor, pathway):
        raise DomainError(_("You may not change this pathway."))
    if pathway.stage not in EXAM_STAGES:
        raise DomainError(
            _("Exams are kept while the participant is in start-up or in training; the pathway is %(stage)s.")
            % {"stage": pathway.get_stage_display().lower()}
        )
    return pathway


def _locked(actor: Any, entry_id: int, expected_version: int | None) -> tuple[Pathway, ExamEntry]:
    found = ExamEntry.objects.filter(pk=entry_id).values_list("pathway_id", flat=True).first()
    if found is None:
        raise DomainError(_("That exam entry is not registered."))
    pathway = _managed(actor, found)
    entry: ExamEntry = ExamEntry.objects.select_for_update().get(pk=entry_id)
    if expected_version is not None and entry.version != expected_version:
        raise StaleObject()
    entry.pathway = pathway
    return pathway, entry


def _require_step(step: str, entry: ExamEntry) -> None:
    if entry.status not in STEPS[step].sources:
        raise DomainError(
            _("“%(action)s” is not possible when the entry is %(status)s.")
            % {"action": STEPS[step].label, "status": entry.get_status_display().lower()}
        )


def _touch(entry: ExamEntry, *fields: str) -> None:
    entry.version += 1
    entry.save(update_fields=[*fields, "version"])


def _event(verb: str, entry: ExamEntry, actor: Any, pathway: Pathway, **data: Any) -> None:
    # Ids, codes and dates only (ARCHITECTURE.md): a note stays on the entry's row.
    record_event(verb, entry, actor=actor, pathway=pathway, data={"entry": entry.pk, "kind": entry.kind, **data})


def _past_date(value: dt.date | None, field: str, label: str) -> dt.date:
    if value is None:
        raise DomainError(_("%(field)s: give the date.") % {"field": label}, field=field)
    if value > clock.today():
        raise DomainError(_("%(field)s: the date cannot be in the future.") % {"field": label}, field=field)
    return value


def binding_contract(pathway: Pathway) -> Contract | None:
    return Contract.objects.filter(pathway_id=pathway.pk, status__in=BINDING).first()


def registrant_for(pathway: Pathway, contract: Contract | None) -> str:
    """Who registers the written exam: the company for an apprentice or a fagbrev-på-jobb
    candidate under a contract (ofo. § 9-27 fourth ledd); otherwise the participant as a
    privatist, paying the fee (seed 002, the municipal scheme's participants)."""
    if contract is not None and pathway.track in (Track.APPRENTICE, Track.AT_WORK):
        return Registrant.COMPANY
    return Registrant.PRIVATIST


def fee_free(entry: ExamEntry) -> bool:
    """ofo. § 9-27: a privatist pays the fee; postponed and new exams are free, and the
    company's registration costs the participant nothing."""
    return entry.registrant == Registrant.COMPANY or entry.is_retake or entry.is_postponed


def _save_new(entry: ExamEntry) -> ExamEntry:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:  # a second click, or a second user, at the same moment
        raise DomainError(
            _("%(exam)s: an entry is already planned or under way; finish or withdraw it first.")
            % {"exam": entry.get_kind_display()},
            field="kind",
        ) from exc
    return entry


# Planning -----------------------------------------------------------------------------------


def plan_entry(
    *,
    actor: Any,
    pathway_id: int,
    kind: str,
    term_year: int | None = None,
    term_season: str = "",
    variant: str = "",
    band: str = "",
) -> ExamEntry:
    """Plan an exam or a test for the participant: the written exam for a term, the trade
    test, or a Norwegian test sitting (with its band for writing and oral). A term whose
    window has closed may be planned too: an exam sat before the pathway came to fagvei is
    recorded after the fact, and its registration is still checked against its window."""
    with transaction.atomic():
        pathway = _managed(actor, pathway_id)
        if kind not in Kind.values:
            raise DomainError(_("Exam: choose one of the listed exams."), field="kind")
        entry = ExamEntry(pathway=pathway, kind=kind, planned_by=actor, planned_at=clock.now())
        if kind == Kind.WRITTEN:
            # ofo. § 9-25 third ledd: a training candidate sits no central written exam.
            if pathway.track not in WRITTEN_EXAM_TRACKS:
                raise DomainError(
                    _("Exam: a training candidate sits no central written exam (ofo. § 9-25)."), field="kind"
                )
            if term_season not in Season.values:
                raise DomainError(_("Term: choose spring or autumn."), field="term_season")
            if term_year is None or not 2000 <= term_year <= 2100:
                raise DomainError(_("Year: give the year of the exam."), field="term_year")
            entry.term_year, entry.term_season = term_year, term_season
            entry.registrant = registrant_for(pathway, binding_contract(pathway))
        elif kind == Kind.TRADE_TEST:
            # ofo. § 9-56: the company (or the training office for it) registers the test.
            entry.registrant = Registrant.COMPANY
        else:
            if variant not in NorwegianVariant.values:
                raise DomainError(_("Test: choose the Norwegian test or the C1 test."), field="variant")
            if variant == NorwegianVariant.STANDARD and band not in Band.values:
                raise DomainError(_("Band: choose the band for writing and oral (HK-dir)."), field="band")
            entry.variant = variant
            entry.band = band if variant == NorwegianVariant.STANDARD else ""
            entry.registrant = Registrant.PRIVATIST
        validate(entry, exclude=["pathway", "planned_by", "protocol", "follows"])
        _save_new(entry)
        _event("exam.planned", entry, actor, pathway, **_term_data(entry))
    return entry


def _term_data(entry: ExamEntry) -> dict[str, Any]:
    if entry.kind == Kind.WRITTEN:
        return {"term_year": entry.term_year, "term_season": entry.term_season}
    if entry.kind == Kind.NORWEGIAN:
        return {"variant": entry.variant, "band": entry.band}
    return {}


# Registration ---------------------------------------------------------------------------


def passed_written_exam(pathway: Pathway) -> ExamEntry | None:
    return (
        ExamEntry.objects.filter(
            pathway_id=pathway.pk, kind=Kind.WRITTEN, status=Status.RESULT_RECORDED, result__in=PASSED
        )
        .order_by("-held_on", "-id")
        .first()
    )


def _check_written_registration(entry: ExamEntry, moment: dt.datetime) -> None:
    assert entry.term_year is not None  # the constraint holds it
    window = written_window(entry.term_year, entry.term_season)
    if not window.contains(moment):
        # Seed 002: 15 January-1 February and 1-15 September, closing 23:55.
        raise DomainError(
            _(
                "Registered: registration for the written exam in %(term)s %(year)s is open from %(opens)s until"
                " %(closes)s (seed 002; ofo. § 9-27)."
            )
            % {
                "term": entry.get_term_season_display().lower(),
                "year": entry.term_year,
                "opens": _dt(window.opens_at),
                "closes": _dt(window.closes_at),
            },
            field="registered_at",
        )


def trade_test_problems(pathway: Pathway, entry: ExamEntry, registered_on: dt.date, subjects: bool) -> None:
    """What stands in the way of registering the trade test, as a refusal naming its rule."""
    contract = binding_contract(pathway)
    if contract is None:
        raise DomainError(
            _("Registered: the trade test is registered under a contract signed and sent to the county (ofo. § 9-56).")
        )
    dates = trade_test_dates(contract.end_date)
    # A postponed or a new test is arranged after the first; the window is for the first.
    if not (entry.is_retake or entry.is_postponed):
        if registered_on < dates.registration_opens:
            # County practice (Vigo Bedrift): at the earliest eight months before the end.
            raise DomainError(
                _(
                    "Registered: registration opens %(opens)s, eight months before the contract ends %(end)s"
                    " (county practice, Vigo Bedrift)."
                )
                % {"opens": _d(dates.registration_opens), "end": _d(dates.contract_end)},
                field="registered_at",
            )
        if registered_on > dates.registration_closes:
            # ofo. § 9-56: no later than two months before the contract ends.
            raise DomainError(
                _(
                    "Registered: the company registers the trade test no later than two months before the contract"
                    " ends (%(end)s), that is by %(last)s (ofo. § 9-56)."
                )
                % {"end": _d(dates.contract_end), "last": _d(dates.registration_closes)},
                field="registered_at",
            )
    # ROF: everyone; BUA and HEA: those not on the normal route (the trade's setting).
    if written_exam_required(pathway.trade, pathway.track) and passed_written_exam(pathway) is None:
        raise DomainError(
            _(
                "Registered: %(trade)s asks this participant to pass the interdisciplinary written exam before"
                " the trade test is registered (ofo. § 9-57; the curriculum)."
            )
            % {"trade": pathway.trade.name},
            field="registered_at",
        )
    # ofo. § 9-57: the subjects and exams required passed first (apprentices may lack
    # one or two common subjects); § 9-48 third ledd: fagbrev på jobb needs none.
    if pathway.track not in NO_COMMON_SUBJECTS and not subjects:
        raise DomainError(
            _("Required subjects: confirm that the subjects required before the trade test are passed (ofo. § 9-57)."),
            field="subjects_confirmed",
        )


def register_entry(
    *,
    actor: Any,
    entry_id: int,
    expected_version: int | None,
    registered_at: dt.datetime | None,
    fee_paid: bool = False,
    subjects_confirmed: bool = False,
) -> ExamEntry:
    """Record the registration made in Privatistportalen or Vigo Bedrift, with its time."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("register", entry)
        if registered_at is None:
            raise DomainError(_("Registered: give the date and time of the registration."), field="registered_at")
        if timezone.is_naive(registered_at):
            registered_at = timezone.make_aware(registered_at)
        if registered_at > clock.now():
            raise DomainError(_("Registered: the time cannot be in the future."), field="registered_at")
        if not is_sane(timezone.localdate(registered_at)):
            raise DomainError(_("Registered: give a date between 1900 and 2100."), field="registered_at")
        registered_on = timezone.localdate(registered_at)
        if entry.kind == Kind.WRITTEN:
            _check_written_registration(entry, registered_at)
        elif entry.kind == Kind.TRADE_TEST:
            trade_test_problems(pathway, entry, registered_on, subjects_confirmed)
            contract = binding_contract(pathway)
            entry.contract_end = contract.end_date if contract is not None else None
        entry.registered_at = registered_at
        entry.fee_paid = bool(fee_paid) and not fee_free(entry)
        entry.subjects_confirmed = bool(subjects_confirmed)
        entry.status = Status.REGISTERED
        _touch(entry, "registered_at", "fee_paid", "subjects_confirmed", "status", "contract_end")
        _event("exam.registered", entry, actor, pathway, registered_on=registered_on.isoformat())
    return entry


def record_fee_paid(*, actor: Any, entry_id: int, expected_version: int | None) -> ExamEntry:
    """The privatist has paid the fee (ofo. § 9-27; seed 002: the participant pays)."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        if entry.status not in (Status.PLANNED, Status.REGISTERED) or fee_free(entry):
            raise DomainError(_("Fee: there is no fee to record for this entry."))
        if entry.fee_paid:
            return entry
        entry.fee_paid = True
        _touch(entry, "fee_paid")
        _event("exam.fee_paid", entry, actor, pathway)
    return entry


def schedule_entry(
    *,
    actor: Any,
    entry_id: int,
    expected_version: int | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    site: str = "",
    site_contact: str = "",
) -> ExamEntry:
    """Record the dates agreed with the board and the test site with its contact (seed
    002), or the date of the exam or Norwegian test."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("schedule", entry)
        if starts_on is None:
            raise DomainError(_("From: give the first day."), field="starts_on")
        ends_on = ends_on or starts_on
        if ends_on < starts_on:
            raise DomainError(_("To: the last day cannot be before the first."), field="ends_on")
        if entry.kind == Kind.TRADE_TEST:
            _check_test_date(pathway, entry, starts_on, "starts_on", _("From"))
        changed = {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "site": (site or "").strip(),
            "site_contact": (site_contact or "").strip(),
        }
        fields = [f for f, v in changed.items() if getattr(entry, f) != v]
        if not fields:
            return entry
        for field in fields:
            setattr(entry, field, changed[field])
        validate(entry, exclude=["pathway", "planned_by", "protocol", "follows"])
        _touch(entry, *fields)
        _event("exam.scheduled", entry, actor, pathway, starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return entry


def _check_test_date(pathway: Pathway, entry: ExamEntry, day: dt.date, field: str, label: Any) -> None:
    failed = entry.follows if entry.is_retake else None
    if pathway.track == Track.EXPERIENCE_CANDIDATE and failed is not None and failed.held_on is not None:
        # ofo. § 9-66: an experience candidate's new test is held six months after the failed one at the earliest.
        first = add_months(failed.held_on, 6)
        if day < first:
            raise DomainError(
                _(
                    "%(field)s: an experience candidate's new test is held no earlier than six months after the"
                    " test not passed, that is from %(first)s (ofo. § 9-66)."
                )
                % {"field": label, "first": _d(first)},
                field=field,
            )
    contract = binding_contract(pathway)
    if contract is None:
        return
    dates = trade_test_dates(contract.end_date)
    if day < dates.earliest_test:
        # ofo. § 9-55 second ledd: not earlier than three months before the end.
        raise DomainError(
            _(
                "%(field)s: the trade test is held no earlier than three months before the contract ends (%(end)s),"
                " that is from %(first)s (ofo. § 9-55)."
            )
            % {"field": label, "end": _d(dates.contract_end), "first": _d(dates.earliest_test)},
            field=field,
        )


# Held and results ------------------------------------------------------------------------------


def hold_entry(*, actor: Any, entry_id: int, expected_version: int | None, held_on: dt.date | None) -> ExamEntry:
    """The exam or test has been held (the trade test's last day)."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("hold", entry)
        day = _past_date(held_on, "held_on", _("Held on"))
        registered_on = timezone.localdate(entry.registered_at) if entry.registered_at else None
        if registered_on is not None and day < registered_on:
            raise DomainError(
                _("Held on: the date cannot be before the registration (%(date)s).") % {"date": _d(registered_on)},
                field="held_on",
            )
        if entry.kind == Kind.TRADE_TEST:
            _check_test_date(pathway, entry, day, "held_on", _("Held on"))
        entry.held_on = day
        entry.held_at = clock.now()
        entry.status = Status.HELD
        _touch(entry, "held_on", "held_at", "status")
        _event("exam.held", entry, actor, pathway, held_on=day.isoformat())
    return entry


def _norwegian_parts(entry: ExamEntry, parts: dict[str, str]) -> None:
    allowed = C1_LEVELS if entry.variant == NorwegianVariant.C1 else STANDARD_LEVELS
    for part in PARTS:
        value = parts.get(part) or ""
        label = entry._meta.get_field(part).verbose_name  # type: ignore[union-attr]
        if value not in allowed:
            raise DomainError(
                _("%(part)s: choose one of the results the test gives (HK-dir).") % {"part": str(label).capitalize()},
                field=part,
            )
        setattr(entry, part, value)
    if entry.variant == NorwegianVariant.STANDARD and entry.band:
        top = BAND_TOP[Band(entry.band)]
        if LEVEL_ORDER.index(entry.writing) > LEVEL_ORDER.index(top):
            # HK-dir: writing cannot score above the band the candidate sat.
            raise DomainError(
                _("Written production: the result cannot be above %(top)s, the top of the band sat (HK-dir).")
                % {"top": top},
                field="writing",
            )


def record_result(
    *,
    actor: Any,
    entry_id: int,
    expected_version: int | None,
    result: str = "",
    grade: int | None = None,
    parts: dict[str, str] | None = None,
    protocol_upload: Any = None,
    protocol_id: int | None = None,
) -> ExamEntry:
    """Record the result: the written exam's grade or passed / not passed, the trade test's
    bestått meget godt, bestått or ikke bestått with the board's protocol (ofo. §§ 9-5,
    9-61), or the Norwegian test's four parts."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("record_result", entry)
        fields = ["status", "result_at"]
        if entry.kind == Kind.WRITTEN:
            if grade is not None:
                if not 1 <= grade <= 6:
                    raise DomainError(_("Grade: give a grade from 1 to 6."), field="grade")
                # Grade 1 is a fail; 2 to 6 pass.
                result = Result.FAILED if grade == 1 else Result.PASSED
            if result not in (Result.PASSED, Result.FAILED):
                raise DomainError(_("Result: give the grade, or passed or not passed."), field="result")
            entry.grade = grade
            entry.result = result
            fields += ["grade", "result"]
        elif entry.kind == Kind.TRADE_TEST:
            if result not in Result.values:
                # ofo. § 9-5: bestått meget godt, bestått or ikke bestått.
                raise DomainError(
                    _("Result: choose passed very well, passed or not passed (ofo. § 9-5)."), field="result"
                )
            # ofo. § 9-61: the board keeps a protocol of the test; uploaded here, or (the
            # API) a document of the pathway's uploaded before.
            if protocol_upload is not None:
                entry.protocol = upload_document(
                    actor=actor,
                    pathway_id=pathway.pk,
                    kind="other",
                    title=_("Trade test protocol"),
                    upload=protocol_upload,
                )
            elif protocol_id is not None:
                entry.protocol = Document.objects.filter(
                    pk=protocol_id, pathway_id=pathway.pk, deleted_at__isnull=True
                ).first()
            if entry.protocol is None:
                raise DomainError(_("Protocol: upload the board's protocol (ofo. § 9-61)."), field="protocol")
            entry.result = result
            fields += ["result", "protocol"]
        else:
            _norwegian_parts(entry, parts or {})
            fields += list(PARTS)
        entry.status = Status.RESULT_RECORDED
        entry.result_at = clock.now()
        _touch(entry, *fields)
        data: dict[str, Any] = {"result": entry.result} if entry.result else {}
        if entry.grade is not None:
            data["grade"] = entry.grade
        if entry.kind == Kind.NORWEGIAN:
            data.update({p: getattr(entry, p) for p in PARTS})
        _event("exam.result_recorded", entry, actor, pathway, **data)
    return entry


# Postponed and new tests, withdrawal -----------------------------------------------------------


def _next_term(year: int, season: str) -> tuple[int, str]:
    return (year, Season.AUTUMN) if season == Season.SPRING else (year + 1, Season.SPRING)


def _follow_up(entry: ExamEntry, actor: Any, **flags: bool) -> ExamEntry:
    new = ExamEntry(
        pathway=entry.pathway,
        kind=entry.kind,
        planned_by=actor,
        planned_at=clock.now(),
        registrant=entry.registrant,
        variant=entry.variant,
        band=entry.band,
        follows=entry,
        **flags,
    )
    if entry.kind == Kind.WRITTEN:
        assert entry.term_year is not None
        year, season = _next_term(entry.term_year, entry.term_season)
        while written_window(year, season).closes_at <= clock.now():
            year, season = _next_term(year, season)
        new.term_year, new.term_season = year, season
    return _save_new(new)


def postpone_entry(
    *, actor: Any, entry_id: int, expected_version: int | None, absence_documented: bool, note: str = ""
) -> ExamEntry:
    """A postponed test after documented absence (ofo. § 9-67): the registered entry is
    closed as postponed, and a new one planned, free of fee (ofo. § 9-27)."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("postpone", entry)
        if not absence_documented:
            raise DomainError(
                _("Absence documented: a postponed test needs documented absence (ofo. § 9-67)."),
                field="absence_documented",
            )
        entry.status = Status.POSTPONED
        entry.absence_documented = True
        entry.note = (note or "").strip()
        entry.closed_at = clock.now()
        _touch(entry, "status", "absence_documented", "note", "closed_at")
        new = _follow_up(entry, actor, is_postponed=True)
        _event("exam.postponed", entry, actor, pathway, new_entry=new.pk)
    return new


def plan_new_test(*, actor: Any, entry_id: int, expected_version: int | None) -> ExamEntry:
    """A new test after a fail (ofo. § 9-66: the right to one new trade test; a new written
    exam is free, ofo. § 9-27)."""
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("retake", entry)
        if not entry.failed:
            raise DomainError(_("A new test follows a test not passed."))
        if ExamEntry.objects.filter(follows=entry).exists():
            raise DomainError(_("A new test has already been planned after this one."))
        if entry.kind == Kind.TRADE_TEST and _retakes_used(entry) and not _contract_extended(pathway, entry):
            raise DomainError(
                _(
                    "A failed trade test gives the right to one new test, and it has been used (ofo. § 9-66);"
                    " the limit is lifted only if the contract is extended or renewed."
                )
            )
        new = _follow_up(entry, actor, is_retake=True)
        _event("exam.retake_planned", entry, actor, pathway, new_entry=new.pk)
    return new


def _retakes_used(entry: ExamEntry) -> bool:
    """Whether the entry is itself a new test, or follows one (a postponed new test)."""
    seen: ExamEntry | None = entry
    while seen is not None:
        if seen.is_retake:
            return True
        seen = seen.follows
    return False


def _contract_extended(pathway: Pathway, entry: ExamEntry) -> bool:
    """ofo. § 9-66: the limit of one new test is lifted when the contract is extended or
    renewed — its end now later than when the failed test was registered."""
    contract = binding_contract(pathway)
    return contract is not None and entry.contract_end is not None and contract.end_date > entry.contract_end


def withdraw_entry(*, actor: Any, entry_id: int, expected_version: int | None, note: str = "") -> ExamEntry:
    with transaction.atomic():
        pathway, entry = _locked(actor, entry_id, expected_version)
        _require_step("withdraw", entry)
        entry.status = Status.WITHDRAWN
        entry.note = (note or "").strip()
        entry.closed_at = clock.now()
        _touch(entry, "status", "note", "closed_at")
        _event("exam.withdrawn", entry, actor, pathway)
    return entry


# Recommendations ---------------------------------------------------------------------------


def recommend_registration(
    *, actor: Any, pathway_id: int, kind: str, register_from: dt.date | None, note: str = ""
) -> Recommendation:
    """The trade teacher recommends when to register the trade test, the Norwegian teacher
    when to sit the Norwegian test (seed 002)."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        role = RECOMMENDERS.get(kind)  # type: ignore[call-overload]
        if role is None:
            raise DomainError(_("Exam: choose the trade test or the Norwegian test."), field="kind")
        if role not in roles_on(actor, pathway):
            raise DomainError(_("Only the pathway's %(role)s recommends this.") % {"role": role.label.lower()})
        if register_from is None:
            raise DomainError(_("Register from: give the date."), field="register_from")
        recommendation = Recommendation(
            pathway=pathway,
            kind=kind,
            register_from=register_from,
            note=(note or "").strip(),
            author=actor,
            created_at=clock.now(),
        )
        validate(recommendation, exclude=["pathway", "author"])
        recommendation.save()
        record_event(
            "exam.recommended",
            recommendation,
            actor=actor,
            pathway=pathway,
            data={"kind": kind, "register_from": register_from.isoformat()},
        )
    return recommendation


# Completion ------------------------------------------------------------------------------------


def passed_trade_test(pathway: Any) -> ExamEntry | None:
    """The pathway's passed trade test, the latest if there were several."""
    return (
        ExamEntry.objects.filter(
            pathway_id=pathway.pk, kind=Kind.TRADE_TEST, status=Status.RESULT_RECORDED, result__in=PASSED
        )
        .order_by("-held_on", "-id")
        .first()
    )


def trade_test_passed_on(pathway: Any) -> dt.date | None:
    """The completion date: the day of the passed trade test (DOMAIN.md "completed")."""
    entry = passed_trade_test(pathway)
    return entry.held_on if entry is not None else None


def open_entries(pathway: Any) -> list[ExamEntry]:
    return list(ExamEntry.objects.filter(pathway_id=pathway.pk, status__in=OPEN))
