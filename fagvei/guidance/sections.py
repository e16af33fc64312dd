"""This app's section of the pathway page ("Veiledning og besøk"): the last guidance and
weeks since it, the last teacher visit against the scheme's interval, and the latest
Norwegian level per skill — only the parts the user may read (access.py)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, Subquery
from django.http import HttpRequest

from fagvei.core import clock
from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import guidance_entries, rights_for, teacher_visits
from .deadlines import guidance_since, visit_since
from .models import LanguageAssessment, Skill


def latest_levels(pathway: Any) -> dict[str, LanguageAssessment]:
    """The latest assessment in each skill, by skill: one query, each skill's row read
    from the index."""
    pick = [
        Q(
            pk=Subquery(
                LanguageAssessment.objects.filter(pathway_id=pathway.pk, skill=skill)
                .order_by("-assessed_on", "-id")
                .values("pk")[:1]
            )
        )
        for skill in Skill.values
    ]
    rows = LanguageAssessment.objects.filter(reduce(or_, pick))
    return {row.skill: row for row in rows}


def _context(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    rights = rights_for(request.user, pathway)
    if not (rights.read_guidance or rights.read_visits or rights.read_language):
        return None
    today = clock.today()
    context: dict[str, Any] = {"rights": rights}
    if rights.read_guidance:
        last = guidance_entries(pathway).values_list("given_on", flat=True).first()
        context["guidance"] = guidance_since(last, pathway.started_on, today)
    if rights.read_visits:
        visit = teacher_visits(pathway).values_list("visited_on", flat=True).first()
        interval = pathway.scheme.teacher_visit_interval_days if pathway.scheme_id else 14
        context["visits"] = visit_since(visit, pathway.started_on, today, interval)
        context["interval"] = interval
    if rights.read_language:
        levels = latest_levels(pathway)
        context["levels"] = [(label, levels.get(value)) for value, label in Skill.choices]
    return context


def register() -> None:
    # At most three queries: the last guidance, the last visit, the latest levels (the
    # user's roles come from the members the page has loaded).
    register_pathway_section(PathwaySection("guidance", "guidance/sections/guidance.html", 56, _context, max_queries=3))
