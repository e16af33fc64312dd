"""The deadlines in the API: the user's list with the page's filters, and one pathway's
deadlines with its risk status. The same engine and access as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from fagvei.api.base import REFUSALS
from fagvei.api.base import lazy as _
from fagvei.core import clock
from fagvei.core.deadlines import Item
from fagvei.pathways.access import get_pathway_for

from . import engine
from .risk import pathway_outlook
from .views import listed

router = Router(tags=["deadlines"])


class DeadlineQuery(Schema):
    kind: str = Field("", description="A rule's code (see `rule` in the answer); empty for all.")
    scheme: str = Field("", description="A scheme id among those of the pathways the user manages.")
    trade: str = Field("", description="A trade id.")
    responsible: str = Field("", description="A person id: only the deadlines that are theirs to do.")
    overdue: bool = False
    page: int = Field(1, ge=1)


class DeadlineOut(Schema):
    rule: str = Field(description="The rule's code, e.g. `followup.assessment_conversation`.")
    label: str
    citation: str = Field(description="The section of the law or the seed behind the rule.")
    due: dt.date
    overdue: bool
    pathway_id: int | None
    subject: str = Field(description="The participant's name, or the group's or the organisation's.")
    responsible: str = Field(description="The role whose task it is.")
    responsible_person_id: int | None
    url: str = Field(description="The page where it is done.")
    detail: str


class DeadlinePage(Schema):
    page: int
    next: str | None
    previous: str | None
    items: list[DeadlineOut]
    left_out: list[str] = Field(
        description="The kinds of deadline not worked out for the whole country: the administrator sees them "
        "once the list is narrowed to a trade, a scheme or a person."
    )
    worked_out_at: dt.datetime | None = Field(
        description="For the administrator's first page for the whole country, kept for minutes: when it was "
        "worked out; null when worked out for this request."
    )


def out(request: HttpRequest, item: Item, today: dt.date) -> dict[str, Any]:
    return {
        "rule": item.rule.code,
        "label": str(item.rule.label),
        "citation": item.rule.citation,
        "due": item.due,
        "overdue": item.due < today,
        "pathway_id": item.pathway_id,
        "subject": item.subject,
        "responsible": item.rule.responsible,
        "responsible_person_id": item.responsible_person_id,
        "url": request.build_absolute_uri(item.url),
        "detail": item.detail,
    }


@router.get(
    "/deadlines",
    response={200: DeadlinePage, **REFUSALS},
    summary=_("List my deadlines"),
    description=_(
        "What needs the user from the overdue to four weeks ahead, soonest first, 25 a page (at most 40 "
        "pages): the caseload of those who manage pathways, a role's own deadlines for the people in a "
        "role, the participant's own. Filters as on /deadlines/; a filter value the user may not use is "
        "left out."
    ),
)
def list_deadlines(request: HttpRequest, query: Query[DeadlineQuery]) -> Any:
    data = {k: ("on" if v is True else v) for k, v in query.dict().items() if v not in ("", False, None)}
    found = listed(request, data)
    items, has_next, page = found.items, found.has_next, found.page
    today = clock.today()

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "page": page,
        "next": link(page + 1) if has_next else None,
        "previous": link(page - 1) if page > 1 else None,
        "items": [out(request, item, today) for item in items],
        "left_out": [str(label) for label in found.left_out],
        "worked_out_at": found.worked_out_at,
    }


class ReasonOut(Schema):
    level: str = Field(description="`red` or `amber`.")
    text: str
    url: str


class RiskOut(Schema):
    level: str = Field(description="`green`, `amber` or `red`.")
    label: str
    reasons: list[ReasonOut]


class PathwayDeadlines(Schema):
    risk: RiskOut | None = Field(description="For those who manage the pathway; null for anyone else.")
    items: list[DeadlineOut]
    more: bool = Field(description="True when the list is cut.")


@router.get(
    "/pathways/{pathway_id}/deadlines",
    response={200: PathwayDeadlines, **REFUSALS},
    summary=_("A pathway's deadlines and risk status"),
    description=_(
        "For those who manage the pathway: its risk status (green, amber or red) with the reasons, and every "
        "deadline on it from the overdue to four weeks ahead. Anyone else who may open the pathway gets the "
        "deadlines on it that are theirs, and no risk status."
    ),
)
def pathway_deadlines(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    today = clock.today()
    risk = None
    if pathway.can_manage:
        found, items, more = pathway_outlook(pathway.pk)
        risk = {
            "level": found.level,
            "label": str(found.label),
            "reasons": [
                {"level": r.level, "text": r.text, "url": request.build_absolute_uri(r.url)} for r in found.reasons
            ],
        }
    else:
        collected = engine.for_user(
            request.user, filters=engine.Filters(pathway_id=pathway.pk), limit=engine.OUTLOOK_LIMIT
        )
        items, more = collected.items, collected.more
    return {"risk": risk, "items": [out(request, item, today) for item in items], "more": more}
