"""The equipment section of the pathway page: what is still lent out, emphasised as
"Utstyr som ikke er levert tilbake" when the pathway is ending (the contract ends within
30 days) or closed (completed, ended, declined). Empty when nothing is out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fagvei.contracts.rules import contract_of
from fagvei.core import clock
from fagvei.core.registry import PathwaySection, register_pathway_section
from fagvei.pathways.models import CLOSED

from .access import sees_loans
from .models import Loan

ENDING_WITHIN = dt.timedelta(days=30)


def is_ending(pathway: Any) -> bool:
    """Closed, or its contract ends within 30 days."""
    if pathway.stage in CLOSED:
        return True
    contract = contract_of(pathway)
    return contract is not None and contract.end_date <= clock.today() + ENDING_WITHIN


def _equipment(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    if not sees_loans(request.user, pathway):
        return None
    out = list(Loan.objects.filter(pathway_id=pathway.pk, returned_on__isnull=True).order_by("lent_on", "id"))
    # Nothing out: the partial renders nothing.
    return {"loans_out": out, "loans_ending": bool(out) and is_ending(pathway)}


def register() -> None:
    # Two queries: the loans still out, and the contract (none when the contract's
    # section has read it already).
    register_pathway_section(
        PathwaySection("equipment", "equipment/sections/equipment.html", 59, _equipment, max_queries=2)
    )
