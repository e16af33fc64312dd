"""The deadlines app's section of the pathway page ("Frister og risiko", issue 12).

Those who manage the pathway see its risk status with the reasons, and every deadline on
it from the overdue to four weeks ahead, whoever's it is to do. Anyone else who may open
the page sees the deadlines on it that are theirs (the engine's own narrowing): a mentor
their guidance, the participant what they are to do. The reasons name absence and
overdue steps, which are for those who follow the case up, not for everyone on it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core import clock
from fagvei.core.registry import PathwaySection, register_pathway_section

from . import engine
from .risk import pathway_outlook


def _deadlines(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    today = clock.today()
    if getattr(pathway, "can_manage", False):
        risk, items, more = pathway_outlook(pathway.pk)
    else:
        risk = None
        found = engine.for_user(request.user, filters=engine.Filters(pathway_id=pathway.pk), limit=engine.OUTLOOK_LIMIT)
        items, more = found.items, found.more
        if not items:
            return None
    return {"pathway": pathway, "risk": risk, "items": items, "more": more, "today": today}


def register() -> None:
    # One query per rule at most, and one for the contract's end.
    register_pathway_section(
        PathwaySection("deadlines", "deadlines/sections/deadlines.html", 50, _deadlines, max_queries=20)
    )
