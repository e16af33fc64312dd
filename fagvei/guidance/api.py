"""The guidance log, teacher visits and language progress in the API, and the trade
teacher's participants (``/visits/mine``). The same access helper
(``get_pathway_records_for``) and domain functions (services.py) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, oslo, page_links
from fagvei.api.base import lazy as _
from fagvei.core import clock
from fagvei.core.lists import BoundedPaginator
from fagvei.pathways.models import CEFR

from . import services
from .access import (
    GUIDANCE,
    LANGUAGE,
    VISITS,
    get_pathway_records_for,
    guidance_entries,
    language_assessments,
    my_visit_pathways,
    teacher_visits,
)
from .deadlines import visit_since
from .models import MAX_MINUTES, MIN_MINUTES, GuidanceEntry, LanguageAssessment, Skill, TeacherVisit

router = Router(tags=["guidance"])


class PageQuery(Schema):
    page: int = Field(1, ge=1)


class GuidanceOut(Schema):
    id: int
    pathway_id: int
    given_on: dt.date
    minutes: int
    goals: list[int] = Field(description="Competence goal ids.")
    note: str
    author: str
    created_at: dt.datetime


class GuidanceIn(Schema):
    given_on: dt.date = Field(description="Not in the future (Europe/Oslo).")
    minutes: int = Field(60, description=f"Between {MIN_MINUTES} and {MAX_MINUTES}.")
    goals: list[int] = Field(default_factory=list, description="Competence goal ids of the pathway's curriculum.")
    note: str = ""


class GuidancePage(PageLinks):
    items: list[GuidanceOut]


class VisitOut(Schema):
    id: int
    pathway_id: int
    visited_on: dt.date
    observations: str
    tasks_given: str
    goals: list[int]
    author: str
    created_at: dt.datetime


class VisitIn(Schema):
    visited_on: dt.date
    observations: str
    tasks_given: str = ""
    goals: list[int] = Field(default_factory=list)


class VisitPage(PageLinks):
    items: list[VisitOut]


class AssessmentOut(Schema):
    id: int
    pathway_id: int
    skill: Skill
    level: CEFR
    note: str
    assessed_on: dt.date
    author: str
    created_at: dt.datetime


class AssessmentIn(Schema):
    assessed_on: dt.date
    levels: dict[str, str] = Field(description="Skill (listening, reading, writing, oral) → CEFR level.")
    notes: dict[str, str] = Field(default_factory=dict, description="Skill → note.")


class AssessmentPage(PageLinks):
    items: list[AssessmentOut]


class MyPathwayOut(Schema):
    pathway_id: int
    participant: str
    trade: str
    workplace: str | None
    last_visit: dt.date | None
    interval_days: int
    overdue: bool


def _goal_ids(row: Any) -> list[int]:
    return sorted(g.pk for g in row.goals.all())


def _guidance(row: GuidanceEntry) -> dict[str, Any]:
    return {
        "id": row.pk,
        "pathway_id": row.pathway_id,
        "given_on": row.given_on,
        "minutes": row.minutes,
        "goals": _goal_ids(row),
        "note": row.note,
        "author": row.author.display_name,
        "created_at": oslo(row.created_at),
    }


def _visit(row: TeacherVisit) -> dict[str, Any]:
    return {
        "id": row.pk,
        "pathway_id": row.pathway_id,
        "visited_on": row.visited_on,
        "observations": row.observations,
        "tasks_given": row.tasks_given,
        "goals": _goal_ids(row),
        "author": row.author.display_name,
        "created_at": oslo(row.created_at),
    }


def _assessment(row: LanguageAssessment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "pathway_id": row.pathway_id,
        "skill": row.skill,
        "level": row.level,
        "note": row.note,
        "assessed_on": row.assessed_on,
        "author": row.author.display_name,
        "created_at": oslo(row.created_at),
    }


def _page(request: HttpRequest, qs: Any, number: int, out: Any) -> dict[str, Any]:
    page = BoundedPaginator(qs, settings.PAGE_SIZE).get_page(number)
    return {**page_links(request, page), "items": [out(row) for row in page.object_list]}


@router.get(
    "/pathways/{pathway_id}/guidance",
    response={200: GuidancePage, **REFUSALS},
    summary=_("List a pathway's guidance log"),
    description=_(
        "Latest first; 25 a page. For the instructor, the professional manager, those who manage the "
        "pathway and the participant."
    ),
)
def list_guidance(request: HttpRequest, pathway_id: int, query: Query[PageQuery]) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, GUIDANCE)
    return _page(request, guidance_entries(pathway).prefetch_related("goals"), query.page, _guidance)


@router.post(
    "/pathways/{pathway_id}/guidance",
    response={201: GuidanceOut, **WRITE_REFUSALS},
    summary=_("Log guidance"),
    description=_("For the instructor, the professional manager and those who manage the pathway (seed 001)."),
)
def create_guidance(request: HttpRequest, pathway_id: int, payload: GuidanceIn) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, GUIDANCE, write=True)
    entry = services.log_guidance(
        actor=request.user,
        pathway_id=pathway.pk,
        given_on=payload.given_on,
        minutes=payload.minutes,
        goals=payload.goals,
        note=payload.note,
    )
    return Status(201, _guidance(guidance_entries(pathway).prefetch_related("goals").get(pk=entry.pk)))


@router.get(
    "/pathways/{pathway_id}/visits",
    response={200: VisitPage, **REFUSALS},
    summary=_("List a pathway's teacher visits"),
    description=_("Latest first; 25 a page."),
)
def list_visits(request: HttpRequest, pathway_id: int, query: Query[PageQuery]) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, VISITS)
    return _page(request, teacher_visits(pathway).prefetch_related("goals"), query.page, _visit)


@router.post(
    "/pathways/{pathway_id}/visits",
    response={201: VisitOut, **WRITE_REFUSALS},
    summary=_("Record a teacher visit"),
    description=_("For the pathway's trade teacher (seed 002)."),
)
def create_visit(request: HttpRequest, pathway_id: int, payload: VisitIn) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, VISITS, write=True)
    visit = services.record_visit(
        actor=request.user,
        pathway_id=pathway.pk,
        visited_on=payload.visited_on,
        observations=payload.observations,
        tasks_given=payload.tasks_given,
        goals=payload.goals,
    )
    return Status(201, _visit(teacher_visits(pathway).prefetch_related("goals").get(pk=visit.pk)))


@router.get(
    "/pathways/{pathway_id}/language",
    response={200: AssessmentPage, **REFUSALS},
    summary=_("List a pathway's language assessments"),
    description=_("Latest first; 25 a page; one row per skill and date."),
)
def list_language(request: HttpRequest, pathway_id: int, query: Query[PageQuery]) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, LANGUAGE)
    return _page(request, language_assessments(pathway), query.page, _assessment)


@router.post(
    "/pathways/{pathway_id}/language",
    response={201: list[AssessmentOut], **WRITE_REFUSALS},
    summary=_("Record language progress"),
    description=_("For the pathway's Norwegian teacher (seed 002): a level per skill assessed on a date."),
)
def create_language(request: HttpRequest, pathway_id: int, payload: AssessmentIn) -> Any:
    pathway = get_pathway_records_for(request.user, pathway_id, LANGUAGE, write=True)
    rows = services.assess_language(
        actor=request.user,
        pathway_id=pathway.pk,
        assessed_on=payload.assessed_on,
        levels=payload.levels,
        notes=payload.notes,
    )
    saved = language_assessments(pathway).filter(pk__in=[r.pk for r in rows]).order_by("id")
    return Status(201, [_assessment(r) for r in saved])


@router.get(
    "/visits/mine",
    response={200: list[MyPathwayOut], **REFUSALS},
    summary=_("My participants (trade teacher)"),
    description=_(
        "The pathways in training on which the user is the trade teacher, with the last visit and "
        "whether the scheme's interval has passed; at most 200."
    ),
)
def my_visits(request: HttpRequest) -> Any:
    today = clock.today()
    out = []
    pathway: Any
    for pathway in my_visit_pathways(request.user).order_by("pk")[: settings.PAGE_SIZE * 8]:
        interval = pathway.scheme.teacher_visit_interval_days if pathway.scheme_id else 14
        since = visit_since(pathway.last_visit, pathway.started_on, today, interval)
        out.append(
            {
                "pathway_id": pathway.pk,
                "participant": pathway.participant.full_name,
                "trade": pathway.trade.name if pathway.trade_id else "",
                "workplace": pathway.workplace.name if pathway.workplace_id else None,
                "last_visit": pathway.last_visit,
                "interval_days": interval,
                "overdue": since.overdue,
            }
        )
    return out
