"""The deadlines this app computes (DOMAIN.md, "Deadlines the system computes"): weekly
guidance missing for two weeks (seed 001), and the scheme's teacher visit interval
(seed 002, pathways.Scheme.teacher_visit_interval_days). Dates are Europe/Oslo days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Seed 001: guidance is weekly; two weeks without is a warning.
GUIDANCE_WARNING_DAYS = 14


@dataclass(frozen=True)
class Since:
    """How long since the last record: ``last`` (None when there is none), whole weeks
    since it, and whether that is past the rule's limit."""

    last: dt.date | None
    weeks: int | None
    overdue: bool


def _since(last: dt.date | None, started: dt.date | None, today: dt.date, limit_days: int) -> Since:
    if last is None:
        # None yet: overdue once the limit has passed since training started.
        overdue = started is not None and (today - started).days > limit_days
        return Since(None, None, overdue)
    days = max((today - last).days, 0)
    return Since(last, days // 7, days > limit_days)


def guidance_since(last: dt.date | None, started: dt.date | None, today: dt.date) -> Since:
    return _since(last, started, today, GUIDANCE_WARNING_DAYS)  # seed 001


def visit_since(last: dt.date | None, started: dt.date | None, today: dt.date, interval_days: int) -> Since:
    return _since(last, started, today, interval_days)  # seed 002
