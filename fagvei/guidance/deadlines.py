"""The deadlines this app computes (DOMAIN.md, "Deadlines the system computes"): weekly
guidance missing for two weeks (seed 001), and the scheme's teacher visit interval
(seed 002, pathways.Scheme.teacher_visit_interval_days). Dates are Europe/Oslo days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import on_pathways, subject
from fagvei.core.deadlines import Ask, Item, Rule, register_rule
from fagvei.pathways.models import Pathway, PathwayMember, Stage

from .models import GuidanceEntry, TeacherVisit

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


# The rules of the deadline engine (fagvei/core/deadlines.py) ---------------------------


def _last(model: Any, date_field: str) -> Any:
    rows = model.objects.filter(pathway_id=OuterRef("pk")).order_by(f"-{date_field}", "-id").values(date_field)
    return Subquery(rows[:1], output_field=DateField())


def _in_training(ask: Ask, *roles: str) -> Any:
    qs = Pathway.objects.filter(stage=Stage.IN_TRAINING, started_on__isnull=False)
    return on_pathways(qs, ask, *roles, field="pk", stages=[Stage.IN_TRAINING])


def _guidance(ask: Ask) -> Iterable[Item]:
    # Seed 001: guidance is weekly; two weeks with none is a deadline missed.
    cutoff = ask.until - dt.timedelta(days=GUIDANCE_WARNING_DAYS)
    qs = (
        _in_training(ask, PathwayMember.Role.INSTRUCTOR, PathwayMember.Role.PROFESSIONAL_MANAGER)
        .filter(members__role=PathwayMember.Role.INSTRUCTOR)
        .annotate(basis=Coalesce(_last(GuidanceEntry, "given_on"), "started_on"))
        .filter(basis__lte=cutoff)
        .order_by("basis", "pk")
        .values("pk", "basis", "participant__first_name", "participant__last_name")
        .distinct()[: ask.limit]
    )
    for row in qs:
        name, first = subject(row, "")
        due = row["basis"] + dt.timedelta(days=GUIDANCE_WARNING_DAYS)
        yield Item(
            rule=GUIDANCE_RULE,
            due=due,
            url=reverse("pathway_guidance", args=[row["pk"]]),
            pathway_id=row["pk"],
            subject=name,
            first_name=first,
            key=f"guidance:{row['pk']}:{due.isoformat()}",
        )


def _visits(ask: Ask) -> Iterable[Item]:
    # Seed 002: the trade teacher visits every ``teacher_visit_interval_days`` (the scheme's).
    base = _in_training(ask, PathwayMember.Role.TRADE_TEACHER).filter(
        scheme__isnull=False, members__role=PathwayMember.Role.TRADE_TEACHER
    )
    # The interval is the scheme's: the rows are read by the day of the last visit, the
    # soonest first, and the due day worked out here (an interval is at least a day).
    qs = (
        base.annotate(basis=Coalesce(_last(TeacherVisit, "visited_on"), "started_on"))
        .filter(basis__lt=ask.until)
        .order_by("basis", "pk")
        .values(
            "pk", "basis", "scheme__teacher_visit_interval_days", "participant__first_name", "participant__last_name"
        )
        .distinct()[: ask.limit]
    )
    for row in qs:
        name, first = subject(row, "")
        due = row["basis"] + dt.timedelta(days=row["scheme__teacher_visit_interval_days"])
        if due > ask.until:
            continue
        yield Item(
            rule=VISIT_RULE,
            due=due,
            url=reverse("pathway_visits", args=[row["pk"]]),
            pathway_id=row["pk"],
            subject=name,
            first_name=first,
            key=f"visit:{row['pk']}:{due.isoformat()}",
        )


GUIDANCE_RULE = Rule(
    code="guidance.weekly",
    label=_("Guidance from the instructor (none for two weeks)"),
    citation="seed 001",
    responsible=PathwayMember.Role.INSTRUCTOR,
    collect=_guidance,
    order=30,
)
VISIT_RULE = Rule(
    code="guidance.teacher_visit",
    label=_("Workplace visit by the trade teacher"),
    citation="seed 002",
    responsible=PathwayMember.Role.TRADE_TEACHER,
    collect=_visits,
    order=31,
)


def register() -> None:
    register_rule(GUIDANCE_RULE)
    register_rule(VISIT_RULE)
