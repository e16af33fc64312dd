"""The contract's section of the pathway page (registered when the app starts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, register_pathway_section

from .rules import contract_of


def _contract(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    contract = contract_of(pathway)
    if contract is None and not pathway.can_manage:
        return None
    return {"contract": contract}


def register() -> None:
    register_pathway_section(
        PathwaySection("contract", "contracts/sections/contract.html", 10, _contract, max_queries=1, area="cards")
    )
