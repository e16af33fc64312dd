"""The exams' section of the pathway page (registered when the app starts): the written
exam and the trade test with the trade test's last day to register, and the Norwegian
from screening to now against the scheme's target (seed 002)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import entries_of, rights_for
from .models import Kind
from .progress import norwegian_progress, trade_test_plan


def _latest(entries: list[Any], kind: str) -> Any:
    found = [e for e in entries if e.kind == kind]
    return found[-1] if found else None


def _exams(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    rights = rights_for(request.user, pathway)
    if not rights.read:
        return None
    entries = entries_of(pathway)
    return {
        "rights": rights,
        "written": _latest(entries, Kind.WRITTEN),
        "trade_test": _latest(entries, Kind.TRADE_TEST),
        "norwegian_entry": _latest(entries, Kind.NORWEGIAN),
        "plan": trade_test_plan(pathway),
        # The Norwegian teacher's latest levels stand in the guidance section beside it.
        "norwegian": norwegian_progress(pathway, entries, with_teacher=False),
    }


def register() -> None:
    # One query, the entries: the user's roles and the screening come with the pathway the
    # page has loaded, the contract with the contract's section (contracts.rules.contract_of).
    register_pathway_section(PathwaySection("exams", "exams/sections/exams.html", 58, _exams, max_queries=2))
