"""What the deadline rules of every app share: the participant's name read with a rule's
rows, and the restriction to the pathways the asker is shown (fagvei/core/deadlines.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from .deadlines import Ask

# The participant's names, read with a rule's rows (``values()`` through ``pathway``).
NAMES = ("pathway__participant__first_name", "pathway__participant__last_name")


def on_pathways(
    qs: QuerySet[Any], ask: Ask, *roles: str, field: str = "pathway_id", stages: Iterable[str] | None = None
) -> QuerySet[Any]:
    """``qs`` narrowed to the pathways the asker is shown items of for ``roles``; with
    ``stages``, to those in them (the rule's own filter on the stage stays: this lets the
    asker's pathways be read from one index range)."""
    ids = ask.pathways(*roles, stages=stages)
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def narrowed(qs: QuerySet[Any], ask: Ask, to: str = "pathway__") -> QuerySet[Any]:
    """``qs`` narrowed as the list is (scheme, trade, pathway), through ``to``, the path
    from its rows to their pathway."""
    if ask.scheme_id is not None:
        qs = qs.filter(**{f"{to}scheme_id": ask.scheme_id})
    if ask.trade_id is not None:
        qs = qs.filter(**{f"{to}trade_id": ask.trade_id})
    if ask.pathway_id is not None:
        qs = qs.filter(**{f"{to}id": ask.pathway_id})
    return qs


def subject(row: dict[str, Any], prefix: str = "pathway__") -> tuple[str, str]:
    """(full name, first name) of the participant in a row read with ``NAMES``."""
    first = row.get(f"{prefix}participant__first_name") or ""
    last = row.get(f"{prefix}participant__last_name") or ""
    return f"{first} {last}".strip(), first
