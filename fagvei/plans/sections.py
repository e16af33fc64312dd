"""The plans app's section of the pathway page ("Opplæringsplan og vurderinger"): the
plan's progress counts, the latest assessment the user may read, and how many wait for
the user's own step (a signature, or the participant's confirmation)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import mark, pathway_assessments
from .lifecycle import ROLE, TRANSITIONS
from .models import PlanGoal, Progress
from .periods import half_year_label


def _plans(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    mark(request.user, pathway)  # the members are prefetched: no query
    if not pathway.can_read_plan:
        return None
    counts = PlanGoal.objects.filter(plan__pathway_id=pathway.pk).aggregate(
        total=Count("pk"),
        planned=Count("pk", filter=Q(half_year__isnull=False)),
        underway=Count("pk", filter=Q(status=Progress.IN_PROGRESS)),
        achieved=Count("pk", filter=Q(status=Progress.ACHIEVED)),
    )
    rows = list(
        pathway_assessments(pathway)
        .select_related(None)
        .only("pk", "half_year", "status", "pathway_id")
        .order_by("-half_year")
    )
    latest = rows[0] if rows else None
    if latest is not None:
        latest.period = half_year_label(pathway, latest.half_year)
    waiting_states = {next(iter(t.sources)) for n, t in TRANSITIONS.items() if ROLE[n] in pathway.plan_roles}
    return {
        "pathway": pathway,
        "counts": counts if counts["total"] else None,
        "latest": latest,
        "awaiting": sum(1 for r in rows if r.status in waiting_states),
    }


def register() -> None:
    # Two queries: the plan's goals counted, and the assessments the user may read.
    register_pathway_section(PathwaySection("plans", "plans/sections/plans.html", 57, _plans, max_queries=2))
