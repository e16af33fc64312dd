"""The absence app's section of the pathway page ("Fravær"): the participation rate
against the scheme's target, the days absent, and — when the county's threshold is
reached — a notice with the contract's interruption and change request. Never a kind."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, register_pathway_section

from .access import Sight, absence_sight
from .summary import standing
from .views import contract_links


def _absence(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    sight = absence_sight(request.user, pathway)
    if sight == Sight.NONE:
        return None
    state = standing(pathway)
    return {"absence_state": state, "absence_write": sight >= Sight.REASONS, **contract_links(pathway, state)}


def register() -> None:
    # Four queries at most: the contract (none when the contract's section has read it),
    # its county's settings, its interruptions, the periods; the user's roles come from
    # the members the page has loaded. Without a contract, the periods only.
    register_pathway_section(PathwaySection("absence", "absence/sections/absence.html", 58, _absence, max_queries=4))
