"""The concerns' section of the pathway page (registered when the app starts).

Those who handle or may read a concern see how many there are and at which step, with
a link to them; those who manage the pathway also see who read them lately, and in
which role. Others on the pathway see nothing of a concern: only that a follow-up plan
is in place and the goals they are responsible for (need to know, issue 14).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fagvei.accounts.access import scope_for
from fagvei.audit.models import AccessLog
from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import Reading, county_ids, goals_for, may_register
from .models import CLOSED, COUNTY_INFORMED, Concern, Status

# The role a read was made in (``access.Reading``), as the access log's detail names it.
ROLE_LABELS: dict[str, Any] = {
    Reading.ADMINISTRATOR: _("administrator"),
    Reading.MANAGER: _("manages the pathway"),
    Reading.RAISED_BY: _("raised it"),
    Reading.COUNTY_ADVISER: _("county adviser"),
    Reading.PARTICIPANT: _("participant"),
}
# How many reads of the pathway's concerns the section lists.
SHOWN_READS = 10


@dataclass(frozen=True)
class ConcernRead:
    user: Any
    at: Any
    role: str


def concern_reads(concern_ids: list[int], limit: int = SHOWN_READS) -> list[ConcernRead]:
    """The latest reads of these concerns, newest first, with the role each was read in.
    One query."""
    if not concern_ids:
        return []
    rows = (
        AccessLog.objects.filter(object_type=Concern._meta.label_lower, object_id__in=concern_ids)
        .select_related("user__person")
        .order_by("-at", "-id")[:limit]
    )
    reads = []
    for row in rows:
        code = row.detail.rpartition("role=")[2]
        reads.append(ConcernRead(row.user, row.at, str(ROLE_LABELS.get(code, code))))
    return reads


def _readable(user: Any, pathway: Any, row: Any) -> bool:
    scope = scope_for(user)
    if row["raised_by_id"] == user.pk or (scope.person_id is not None and scope.person_id == pathway.participant_id):
        return True
    return row["status"] in COUNTY_INFORMED and row["county_id"] in county_ids(user)


def _concerns(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    user = request.user
    rows = list(Concern.objects.filter(pathway_id=pathway.pk).values("pk", "status", "raised_by_id", "county_id"))
    manages = bool(getattr(pathway, "can_manage", False))
    readable = rows if manages else [r for r in rows if _readable(user, pathway, r)]
    registers = manages or may_register(user, pathway)
    context: dict[str, Any] = {"registers": registers, "readable": bool(readable) or registers}
    if readable:
        counts = Counter(r["status"] for r in readable)
        context["open_count"] = sum(n for status, n in counts.items() if status not in CLOSED)
        context["closed_count"] = sum(n for status, n in counts.items() if status in CLOSED)
        context["statuses"] = [(Status(status).label, n) for status, n in sorted(counts.items())]
    if manages:
        context["reads"] = concern_reads([r["pk"] for r in rows])
    if not readable:
        # Need to know: only that a follow-up plan is in place, and the user's own goals.
        if any(r["status"] in (Status.PLAN_AGREED, Status.FOLLOW_UP) for r in rows):
            context["plan_exists"] = True
            context["goals"] = goals_for(user, pathway)
        elif not registers:
            return None
    return context


def register() -> None:
    register_pathway_section(
        PathwaySection("concerns", "concerns/sections/concerns.html", 54, _concerns, max_queries=3)
    )
