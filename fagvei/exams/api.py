"""Exams in the API: a pathway's exams and tests, planning one, each step of an entry, and a
teacher's recommendation. The same access helpers (access.py) and domain functions
(services.py) as the pages (views.py); what the page hides from a reader, the API leaves
out too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, oslo
from fagvei.api.base import lazy as _
from fagvei.audit.services import log_access
from fagvei.core.domain import DomainError

from . import services
from .access import entries_of, get_entry_for, get_exams_for, latest_recommendations
from .lifecycle import STEPS, allowed
from .models import Band, ExamEntry, Kind, NorwegianVariant, PartLevel, Registrant, Result, Season
from .models import Status as EntryStatus
from .progress import norwegian_progress, trade_test_plan

router = Router(tags=["exams"])


class EntryOut(Schema):
    id: int
    pathway_id: int
    kind: Kind
    status: EntryStatus
    term_year: int | None
    term_season: Season | None
    registrant: Registrant | None
    registered_at: dt.datetime | None
    fee_paid: bool
    subjects_confirmed: bool
    starts_on: dt.date | None
    ends_on: dt.date | None
    site: str
    site_contact: str | None = Field(description="For those who manage the pathway; null for anyone else.")
    held_on: dt.date | None
    result: Result | None
    grade: int | None
    variant: NorwegianVariant | None
    band: Band | None
    parts: dict[str, PartLevel | None] = Field(description="The Norwegian test's four parts (HK-dir).")
    follows_id: int | None = Field(description="The entry a postponed or new test follows.")
    is_retake: bool = Field(description="A new test after a fail (ofo. § 9-66).")
    is_postponed: bool = Field(description="A postponed test after documented absence (ofo. § 9-67).")
    protocol_document_id: int | None
    steps: list[str] | None = Field(description="The steps allowed now: for those who manage the pathway.")
    version: int


class TradeTestDatesOut(Schema):
    contract_end: dt.date
    registration_opens: dt.date = Field(description="Eight months before the end (county practice).")
    registration_closes: dt.date = Field(description="Two months before the end (ofo. § 9-56).")
    earliest_test: dt.date = Field(description="Three months before the end (ofo. § 9-55).")


class PartProgressOut(Schema):
    part: str
    screened: str
    assessed: str
    tested: str


class RecommendationOut(Schema):
    kind: Kind
    register_from: dt.date
    note: str
    author: str


class ExamsOut(Schema):
    pathway_id: int
    entries: list[EntryOut]
    trade_test_dates: TradeTestDatesOut | None
    written_exam_required: bool
    norwegian_target: str
    norwegian_target_met: bool
    norwegian: list[PartProgressOut]
    recommendations: list[RecommendationOut]
    can_manage: bool


def _enum(value: str) -> str | None:
    return value or None


def entry_body(entry: ExamEntry, manages: bool) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "pathway_id": entry.pathway_id,
        "kind": entry.kind,
        "status": entry.status,
        "term_year": entry.term_year,
        "term_season": _enum(entry.term_season),
        "registrant": _enum(entry.registrant),
        "registered_at": oslo(entry.registered_at),
        "fee_paid": entry.fee_paid,
        "subjects_confirmed": entry.subjects_confirmed,
        "starts_on": entry.starts_on,
        "ends_on": entry.ends_on,
        "site": entry.site,
        "site_contact": entry.site_contact if manages else None,
        "held_on": entry.held_on,
        "result": _enum(entry.result),
        "grade": entry.grade,
        "variant": _enum(entry.variant),
        "band": _enum(entry.band),
        "parts": {p: _enum(getattr(entry, p)) for p in ("listening", "reading", "writing", "oral")},
        "follows_id": entry.follows_id,
        "is_retake": entry.is_retake,
        "is_postponed": entry.is_postponed,
        "protocol_document_id": entry.protocol_id,
        "steps": [n for n in STEPS if allowed(n, entry)] if manages else None,
        "version": entry.version,
    }


def _exams_out(pathway: Any) -> dict[str, Any]:
    manages = bool(pathway.exam_rights.manage)
    entries = entries_of(pathway)
    plan = trade_test_plan(pathway)
    norwegian = norwegian_progress(pathway, entries)
    dates = plan.dates
    return {
        "pathway_id": pathway.pk,
        "entries": [entry_body(e, manages) for e in entries],
        "trade_test_dates": None
        if dates is None
        else {
            "contract_end": dates.contract_end,
            "registration_opens": dates.registration_opens,
            "registration_closes": dates.registration_closes,
            "earliest_test": dates.earliest_test,
        },
        "written_exam_required": plan.written_required,
        "norwegian_target": norwegian.target,
        "norwegian_target_met": norwegian.target_met,
        "norwegian": [
            {"part": p.part, "screened": p.screened, "assessed": p.assessed, "tested": p.tested}
            for p in norwegian.parts
        ],
        "recommendations": [
            {
                "kind": r.kind,
                "register_from": r.register_from,
                "note": r.note,
                "author": r.author.display_name,
            }
            for r in latest_recommendations(pathway).values()
        ],
        "can_manage": manages,
    }


@router.get(
    "/pathways/{pathway_id}/exams",
    response={200: ExamsOut, **REFUSALS},
    summary=_("A pathway's exams and tests"),
    description=_(
        "The written exam, the trade test and the Norwegian tests with their results, the trade test's dates from "
        "the contract's end, and the Norwegian from screening to now against the scheme's target. For those who "
        "manage the pathway, its participant, its teachers, professional manager and instructor; 404 for others."
    ),
)
def get_exams(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_exams_for(request.user, pathway_id)
    log_access(request, pathway, detail="api: exams")
    return _exams_out(pathway)


class PlanIn(Schema):
    kind: Kind
    term_year: int | None = Field(None, description="The written exam's year.")
    term_season: Season | None = Field(None, description="The written exam's term.")
    variant: NorwegianVariant | None = Field(None, description="The Norwegian test: the ordinary or the C1 test.")
    band: Band | None = Field(None, description="The Norwegian test's band for writing and oral.")


@router.post(
    "/pathways/{pathway_id}/exams",
    response={201: EntryOut, **WRITE_REFUSALS},
    summary=_("Plan an exam or a test"),
    description=_(
        "The written exam for a term whose registration window has not closed (seed 002), the trade test, or a "
        "Norwegian test sitting. One entry of each kind is under way at a time (422 on `kind` otherwise)."
    ),
)
def plan_exam(request: HttpRequest, pathway_id: int, payload: PlanIn) -> Any:
    pathway = get_exams_for(request.user, pathway_id, write=True)
    entry = services.plan_entry(
        actor=request.user,
        pathway_id=pathway.pk,
        kind=payload.kind,
        term_year=payload.term_year,
        term_season=payload.term_season or "",
        variant=payload.variant or "",
        band=payload.band or "",
    )
    return Status(201, entry_body(entry, True))


class StepIn(Schema):
    version: int = Field(description="The entry's version read: an older one is refused with 409.")
    registered_at: dt.datetime | None = Field(None, description="register: when it was registered.")
    fee_paid: bool = Field(False, description="register: the privatist's fee is paid.")
    subjects_confirmed: bool = Field(False, description="register (trade test): required subjects passed, § 9-57.")
    starts_on: dt.date | None = Field(None, description="schedule: the first day.")
    ends_on: dt.date | None = Field(None, description="schedule: the last day.")
    site: str = Field("", max_length=200, description="schedule: the test site.")
    site_contact: str = Field("", max_length=200, description="schedule: the contact at the test site.")
    held_on: dt.date | None = Field(None, description="hold: the day it was held.")
    result: Result | None = Field(None, description="record_result: written exam or trade test (ofo. § 9-5).")
    grade: int | None = Field(None, description="record_result: the written exam's grade, 1-6.")
    protocol_document_id: int | None = Field(
        None, description="record_result (trade test): the board's protocol, a document uploaded to the pathway."
    )
    parts: dict[str, PartLevel] = Field(default_factory=dict, description="record_result: the Norwegian parts.")
    absence_documented: bool = Field(False, description="postpone: the absence is documented (ofo. § 9-67).")
    note: str = Field("", max_length=2000, description="postpone, withdraw: why.")


def _step(request: HttpRequest, name: str, entry: ExamEntry, payload: StepIn) -> ExamEntry:
    ids: dict[str, Any] = {"actor": request.user, "entry_id": entry.pk, "expected_version": payload.version}
    if name == "register":
        return services.register_entry(
            **ids,
            registered_at=payload.registered_at,
            fee_paid=payload.fee_paid,
            subjects_confirmed=payload.subjects_confirmed,
        )
    if name == "schedule":
        return services.schedule_entry(
            **ids,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            site=payload.site,
            site_contact=payload.site_contact,
        )
    if name == "hold":
        return services.hold_entry(**ids, held_on=payload.held_on)
    if name == "record_result":
        return services.record_result(
            **ids,
            result=payload.result or "",
            grade=payload.grade,
            parts={k: str(v) for k, v in payload.parts.items()},
            protocol_id=payload.protocol_document_id,
        )
    if name == "postpone":
        return services.postpone_entry(**ids, absence_documented=payload.absence_documented, note=payload.note)
    if name == "retake":
        return services.plan_new_test(**ids)
    if name == "fee":
        return services.record_fee_paid(**ids)
    if name == "withdraw":
        return services.withdraw_entry(**ids, note=payload.note)
    raise DomainError(_("Step: choose one of the entry's steps."), field="name")


@router.post(
    "/exams/{entry_id}/steps/{name}",
    response={200: EntryOut, **WRITE_REFUSALS},
    summary=_("Take a step with an exam entry"),
    description=_(
        "`register`, `schedule`, `hold`, `record_result`, `postpone` (ofo. § 9-67), `retake` (a new test, "
        "ofo. § 9-66), `fee` or `withdraw`. Answers the entry the step leaves: for `postpone` and `retake` the new "
        "entry. Each refusal names its field and its rule (422)."
    ),
)
def take_step(request: HttpRequest, entry_id: int, name: str, payload: StepIn) -> Any:
    entry = get_entry_for(request.user, entry_id, write=True)
    done = _step(request, name, entry, payload)
    return entry_body(done, True)


class RecommendationIn(Schema):
    kind: Kind
    register_from: dt.date
    note: str = Field("", max_length=2000)


@router.post(
    "/pathways/{pathway_id}/exams/recommendations",
    response={201: RecommendationOut, **WRITE_REFUSALS},
    summary=_("Recommend when to register"),
    description=_(
        "The trade teacher's recommendation for the trade test, the Norwegian teacher's for the Norwegian test "
        "(seed 002); 403 for others who read the pathway's exams."
    ),
)
def recommend(request: HttpRequest, pathway_id: int, payload: RecommendationIn) -> Any:
    pathway = get_exams_for(request.user, pathway_id, recommend=True)
    done = services.recommend_registration(
        actor=request.user,
        pathway_id=pathway.pk,
        kind=payload.kind,
        register_from=payload.register_from,
        note=payload.note,
    )
    return Status(
        201,
        {
            "kind": done.kind,
            "register_from": done.register_from,
            "note": done.note,
            "author": done.author.display_name,
        },
    )
