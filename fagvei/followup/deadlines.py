"""The deadlines of follow-up (DOMAIN.md, "Deadlines the system computes"):

- the assessment conversation, at least once per half-year while in training
  (ofo. §§ 9-6, 15-8; seed 002);
- the project group every four weeks and the steering group each semester (seed 002),
  each at its group's own interval;
- every open action item's deadline (seed 004).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import DateField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import NAMES, on_pathways, subject
from fagvei.core.deadlines import MANAGERS, OWNER, PARTICIPANT, SCHEME_RUNNERS, Ask, Item, Rule, register_rule
from fagvei.lib.workdays import add_months
from fagvei.pathways.models import Group, Pathway, Stage

from .models import ActionItem, Kind, Meeting, Status

HALF_YEAR_MONTHS = 6
HELD = (Status.HELD, Status.APPROVED)


def _day_of(meetings: Any) -> Any:
    """The Oslo day of the latest of ``meetings`` (a subquery)."""
    rows = meetings.annotate(day=TruncDate("starts_at")).order_by("-starts_at").values("day")
    return Subquery(rows[:1], output_field=DateField())


def _assessment_conversations(ask: Ask) -> Iterable[Item]:
    # ofo. § 9-6 (§ 15-8 for adults): at least one conversation per half-year, counted
    # from the start of training or the last conversation held.
    cutoff = add_months(ask.until, -HALF_YEAR_MONTHS)
    held = Meeting.objects.filter(pathway_id=OuterRef("pk"), kind=Kind.ASSESSMENT, status__in=HELD)
    qs = on_pathways(
        Pathway.objects.filter(stage=Stage.IN_TRAINING, started_on__isnull=False),
        ask,
        MANAGERS,
        PARTICIPANT,
        field="pk",
        stages=[Stage.IN_TRAINING],
    )
    rows = (
        qs.annotate(basis=Coalesce(_day_of(held), "started_on"))
        .filter(basis__lte=cutoff)
        .order_by("basis", "pk")
        .values("pk", "basis", "participant__first_name", "participant__last_name")[: ask.limit]
    )
    for row in rows:
        name, first = subject(row, "")
        due = add_months(row["basis"], HALF_YEAR_MONTHS)
        # The pathway's meetings: the one planned, if any, or (for those who manage it)
        # the form to plan it; a participant not invited to a planned one sees the list.
        url = reverse("pathway_meetings", args=[row["pk"]]) + "?kind=assessment"
        yield Item(
            rule=CONVERSATION_RULE,
            due=due,
            url=url,
            pathway_id=row["pk"],
            subject=name,
            first_name=first,
            key=f"conversation:{row['pk']}:{due.isoformat()}",
        )


def _action_items(ask: Ask) -> Iterable[Item]:
    # Seed 004: what a meeting agreed, by its deadline, until it is marked done.
    mine = Q(owner_id=ask.person_id) if ask.person_id is not None else Q(pk__in=[])
    ids = ask.pathways(OWNER)
    on_theirs = Q(meeting__pathway__isnull=False) if ids is None else Q(meeting__pathway_id__in=ids)
    if not ask.about_groups:
        run = Q(pk__in=[])
    elif ask.schemes is None:
        run = Q(meeting__group__isnull=False)
    else:
        run = Q(meeting__group__scheme_id__in=ask.schemes) if ask.schemes else Q(pk__in=[])
    if ask.scheme_id is not None or ask.trade_id is not None or ask.pathway_id is not None:
        # The user's own items, as the list is narrowed: those on its pathways, and those
        # of the chosen scheme's groups.
        on_group = Q(meeting__group__scheme_id=ask.scheme_id) if ask.about_groups else Q(pk__in=[])
        on_chosen = {
            f"meeting__pathway__{name}": value
            for name, value in (("scheme_id", ask.scheme_id), ("trade_id", ask.trade_id), ("id", ask.pathway_id))
            if value is not None
        }
        mine = mine & (Q(**on_chosen) | on_group)
    # A concern meeting has no action items (its steps are the concern's: seed 004), and
    # its goals are the concern's own deadline rule; kept out here all the same.
    qs = ActionItem.objects.filter(done_at__isnull=True, deadline__lte=ask.until, meeting__concern__isnull=True).filter(
        mine | on_theirs | run
    )
    if ask.responsible_person_id is not None:
        qs = qs.filter(owner_id=ask.responsible_person_id)
    rows = qs.order_by("deadline", "pk").values(
        "pk",
        "deadline",
        "text",
        "owner_id",
        "meeting_id",
        "meeting__pathway_id",
        "meeting__group__name",
        *(f"meeting__{n}" for n in NAMES),
    )[: ask.limit]
    for row in rows:
        name, first = subject(row, "meeting__pathway__")
        yield Item(
            rule=ACTION_ITEM_RULE,
            due=row["deadline"],
            url=reverse("meeting_detail", args=[row["meeting_id"]]),
            pathway_id=row["meeting__pathway_id"],
            subject=name or row["meeting__group__name"] or "",
            first_name=first,
            responsible_person_id=row["owner_id"],
            key=f"action_item:{row['pk']}",
            detail=row["text"][:120],
        )


def _groups(ask: Ask, kind: str) -> Iterable[Item]:
    # Seed 002: the project group meets every four weeks, the steering group each
    # semester; the next meeting is due an interval after the last one held or planned.
    if ask.responsible_person_id is not None or Ask.none_of(ask.schemes) or not ask.about_groups:
        return
    if "groups" not in ask.cache:
        # Both kinds of group in one query, shared by the two rules.
        qs = Group.objects.all() if ask.schemes is None else Group.objects.filter(scheme_id__in=ask.schemes)
        met = Meeting.objects.filter(group_id=OuterRef("pk")).exclude(status=Status.CANCELLED)
        ask.cache["groups"] = list(
            qs.annotate(last=_day_of(met))
            .order_by("pk")
            .values("pk", "kind", "name", "scheme_id", "meeting_interval_days", "last")
        )
    found = []
    for row in ask.cache["groups"]:
        if row["kind"] != kind:
            continue
        due = (row["last"] or ask.today) + dt.timedelta(days=row["meeting_interval_days"] if row["last"] else 0)
        if due <= ask.until:
            found.append((due, row))
    found.sort(key=lambda f: (f[0], f[1]["pk"]))
    for due, row in found[: ask.limit]:
        yield Item(
            rule=GROUP_RULES[row["kind"]],
            due=due,
            url=reverse("group_meeting_new", args=[row["pk"]]),
            pathway_id=None,
            subject=row["name"],
            key=f"group:{row['pk']}:{due.isoformat()}",
        )


CONVERSATION_RULE = Rule(
    code="followup.assessment_conversation",
    label=_("Assessment conversation (at least once per half-year)"),
    citation="ofo. §§ 9-6, 15-8",
    responsible=MANAGERS,
    collect=_assessment_conversations,
    order=10,
    moves_to_working_day=True,
)
ACTION_ITEM_RULE = Rule(
    code="followup.action_item",
    label=_("Action item from a meeting"),
    citation="seed 004",
    responsible=OWNER,
    collect=_action_items,
    order=5,
)
PROJECT_GROUP_RULE = Rule(
    code="followup.project_group",
    label=_("Project group meeting"),
    citation="seed 002",
    responsible=SCHEME_RUNNERS,
    collect=lambda ask: _groups(ask, Group.Kind.PROJECT),
    order=50,
    moves_to_working_day=True,
)
STEERING_GROUP_RULE = Rule(
    code="followup.steering_group",
    label=_("Steering group meeting"),
    citation="seed 002",
    responsible=SCHEME_RUNNERS,
    collect=lambda ask: _groups(ask, Group.Kind.STEERING),
    order=51,
    moves_to_working_day=True,
)
GROUP_RULES = {Group.Kind.PROJECT: PROJECT_GROUP_RULE, Group.Kind.STEERING: STEERING_GROUP_RULE}


def register() -> None:
    for rule in (CONVERSATION_RULE, ACTION_ITEM_RULE, PROJECT_GROUP_RULE, STEERING_GROUP_RULE):
        register_rule(rule)
