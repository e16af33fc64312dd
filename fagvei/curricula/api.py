"""Trades, curricula and their competence goals in the API: Udir's public data (Grep,
NLOD), read by every logged-in user, changed by nobody here (fagvei/curricula/access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema

from fagvei.api.base import REFUSALS
from fagvei.api.base import lazy as _

from .access import get_curriculum_for, visible_curricula
from .models import Trade

router = Router(tags=["curricula"])


class TradeOut(Schema):
    id: int
    code: str
    name: str
    requires_police_certificate: bool
    written_exam_rule: str
    # Issue 13: which written exam, the kind of final test, the Norwegian target (seed 002).
    written_exam: str
    final_test: str
    norwegian_target: str


class CurriculumItem(Schema):
    id: int
    code: str
    title: str
    trade_id: int | None
    language: str
    valid_from: dt.date | None
    status: str
    goal_count: int


class Goal(Schema):
    code: str
    text: str


class GoalSet(Schema):
    code: str
    title: str
    goals: list[Goal]


class CurriculumOut(CurriculumItem):
    established_on: dt.date | None
    replaced_by_code: str
    source_url: str
    assessment_text: str
    goal_sets: list[GoalSet]


ITEM_FIELDS = ("id", "code", "title", "trade_id", "language", "valid_from", "status")


@router.get(
    "/trades",
    response={200: list[TradeOut], **REFUSALS},
    summary=_("The trades"),
    description=_("Every trade, by name (a few dozen: not paged)."),
)
def list_trades(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:  # the API's authentication has already run
        return []
    return list(Trade.objects.order_by("name", "id"))


@router.get(
    "/",
    response={200: list[CurriculumItem], **REFUSALS},
    summary=_("The curricula"),
    description=_(
        "Every curriculum fagvei holds, by code, with its number of competence goals (a "
        "few hundred at most: not paged)."
    ),
)
def list_curricula(request: HttpRequest) -> Any:
    curricula = visible_curricula(request.user).annotate(goal_count=Count("goals")).order_by("code", "id")
    return [{**{f: getattr(c, f) for f in ITEM_FIELDS}, "goal_count": c.goal_count} for c in curricula]


@router.get("/{curriculum_id}", response={200: CurriculumOut, **REFUSALS}, summary=_("One curriculum and its goals"))
def get_curriculum(request: HttpRequest, curriculum_id: int) -> Any:
    curriculum = get_curriculum_for(request.user, curriculum_id)
    goal_sets: list[dict[str, Any]] = []
    for goal in curriculum.goals.order_by("position", "id"):
        if not goal_sets or goal_sets[-1]["code"] != goal.set_code:
            goal_sets.append({"code": goal.set_code, "title": goal.set_title, "goals": []})
        goal_sets[-1]["goals"].append({"code": goal.code, "text": goal.text})
    return {
        **{f: getattr(curriculum, f) for f in ITEM_FIELDS},
        "goal_count": sum(len(s["goals"]) for s in goal_sets),
        "established_on": curriculum.established_on,
        "replaced_by_code": curriculum.replaced_by_code,
        "source_url": curriculum.source_url,
        "assessment_text": curriculum.assessment_text,
        "goal_sets": goal_sets,
    }
