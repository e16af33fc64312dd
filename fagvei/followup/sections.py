"""The follow-up app's section of the pathway page ("Møter"), registered with
``fagvei.core.registry`` when the app starts: the next meeting the user may read and the
number of open action items from the pathway's meetings, with a link to the meetings."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from fagvei.core import clock
from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import pathway_meetings
from .models import ActionItem, Status


def _meetings(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    mine = pathway_meetings(request.user, pathway)
    upcoming = mine.filter(status=Status.PLANNED, starts_at__gte=clock.now()).order_by("starts_at", "id").first()
    counts = ActionItem.objects.filter(meeting__in=mine.values("pk")).aggregate(
        open=Count("pk", filter=Q(done_at__isnull=True)), total=Count("pk")
    )
    return {"next_meeting": upcoming, "open_items": counts["open"], "all_items": counts["total"]}


def register() -> None:
    # Two queries: the next meeting, and the action items counted.
    register_pathway_section(
        PathwaySection("meetings", "followup/sections/meetings.html", 55, _meetings, max_queries=2)
    )
