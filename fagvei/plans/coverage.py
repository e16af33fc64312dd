"""The plan's coverage: how many goals are planned, underway, achieved and without
evidence, in all and per goal set (the curriculum's ``set_title``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Progress


@dataclass
class Coverage:
    title: str
    total: int = 0
    planned: int = 0
    underway: int = 0
    achieved: int = 0
    no_evidence: int = 0
    rows: list[Any] = field(default_factory=list)

    def add(self, row: Any) -> None:
        self.total += 1
        self.rows.append(row)
        if row.half_year is not None:
            self.planned += 1
        if row.status == Progress.IN_PROGRESS:
            self.underway += 1
        elif row.status == Progress.ACHIEVED:
            self.achieved += 1
        if not (row.evidence or "").strip():
            self.no_evidence += 1


def coverage(rows: list[Any]) -> tuple[Coverage, list[Coverage]]:
    """The whole plan and each goal set, in the curriculum's order. The rows come with
    their ``goal`` loaded."""
    whole = Coverage("")
    sets: dict[str, Coverage] = {}
    for row in rows:
        whole.add(row)
        key = row.goal.set_title or row.goal.set_code
        sets.setdefault(key, Coverage(key)).add(row)
    return whole, list(sets.values())
