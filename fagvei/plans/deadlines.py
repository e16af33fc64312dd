"""The deadline of the training plan: the half-yearly assessment (ofo. § 9-13: carried
out by the instructor; "every 6 months from the contract's start" is county practice,
RULES.md § 2), the next half-year's due six months after the last one was signed by
both the instructor and the professional manager — the first six months after the
start of training."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import on_pathways, subject
from fagvei.core.deadlines import Ask, Item, Rule, register_rule
from fagvei.lib.workdays import add_months
from fagvei.pathways.models import Pathway, PathwayMember, Stage

from .models import Assessment, AssessmentStatus

HALF_YEAR_MONTHS = 6
# Signed by both: the half-year's assessment is done (the participant's reading is theirs).
SIGNED = (AssessmentStatus.MANAGER_SIGNED, AssessmentStatus.READ)


def _assessments(ask: Ask) -> Iterable[Item]:
    done = (
        Assessment.objects.filter(pathway_id=OuterRef("pk"), status__in=SIGNED)
        .values("pathway_id")
        .annotate(last=Max("half_year"))
        .values("last")
    )
    qs = on_pathways(
        Pathway.objects.filter(
            stage=Stage.IN_TRAINING, started_on__isnull=False, started_on__lte=add_months(ask.until, -HALF_YEAR_MONTHS)
        ),
        ask,
        PathwayMember.Role.INSTRUCTOR,
        PathwayMember.Role.PROFESSIONAL_MANAGER,
        field="pk",
        stages=[Stage.IN_TRAINING],
    )
    if ask.responsible_person_id is not None:
        qs = qs.filter(members__role=PathwayMember.Role.INSTRUCTOR, members__person_id=ask.responsible_person_id)
    # The half-years done differ by pathway, so the due day is worked out here from two
    # small columns, then the names are read for the soonest only.
    found = []
    for pk, started, last in qs.annotate(last=Coalesce(Subquery(done[:1]), 0)).values_list("pk", "started_on", "last"):
        due = add_months(started, HALF_YEAR_MONTHS * (last + 1))
        if due <= ask.until:
            found.append((due, pk, last + 1))
    found.sort()
    found = found[: ask.limit]
    names = Pathway.objects.filter(pk__in=[f[1] for f in found]).values(
        "pk", "participant__first_name", "participant__last_name"
    )
    by_pk: dict[int, dict[str, Any]] = {row["pk"]: dict(row) for row in names}
    for due, pk, half_year in found:
        name, first = subject(by_pk.get(pk, {}), "")
        yield Item(
            rule=ASSESSMENT_RULE,
            due=due,
            url=reverse("assessment_list", args=[pk]),
            pathway_id=pk,
            subject=name,
            first_name=first,
            key=f"assessment:{pk}:{half_year}",
            detail=str(_("Half-year %(n)s") % {"n": half_year}),
        )


ASSESSMENT_RULE = Rule(
    code="plans.half_yearly_assessment",
    label=_("Half-yearly assessment"),
    citation="ofo. § 9-13",
    responsible=PathwayMember.Role.INSTRUCTOR,
    collect=_assessments,
    order=20,
    moves_to_working_day=True,
)


def register() -> None:
    register_rule(ASSESSMENT_RULE)
