"""The concern ladder's deadlines (DOMAIN.md, "Deadlines the system computes"):

- a concern with no concern conversation a week after it was registered (seed 004: the
  concern is followed by a conversation; the week is issue 14's rule), shown to those who
  manage the pathway;
- every open goal of a live follow-up plan by its deadline (seed 004: "Tidsfrister og
  ansvarlig"), shown to the person responsible for it — a mentor, instructor or teacher
  included, who sees their goal and nothing more of the concern — and to those who
  manage the pathway;
- the next meeting the plan agreed (seed 004: "Avtale nytt møte"), shown to those who
  manage the pathway.

The labels say only that a case or a task waits, never a category, a description or a
goal's text; e-mails and calendar feeds get the neutral label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import NAMES, on_pathways, subject
from fagvei.core.deadlines import MANAGERS, OWNER, Ask, Item, Rule, register_rule

from .access import REGISTERING_ROLES
from .models import Concern, PlanGoal, Status

# A follow-up plan that is agreed and running: its goals and next meeting are due.
LIVE_PLAN = (Status.PLAN_AGREED, Status.FOLLOW_UP)

# Issue 14: the concern conversation is held within a week of the concern.
CONVERSATION_WITHIN_DAYS = 7


def _conversations(ask: Ask) -> Iterable[Item]:
    # Registered before the start of the day after ``until`` less the week.
    cutoff = timezone.make_aware(
        dt.datetime.combine(ask.until - dt.timedelta(days=CONVERSATION_WITHIN_DAYS - 1), dt.time())
    )
    late = Concern.objects.filter(status=Status.REGISTERED, registered_at__lt=cutoff)
    managed = ask.pathways(MANAGERS)
    if managed is None:
        qs = late
    else:
        # seed 004: the company holds the conversation too — the professional manager (or
        # the school) who raised the concern is shown it, on the pathways they are on.
        mine = Q(pathway_id__in=managed)
        if ask.person_id is not None and ask.roles.intersection(REGISTERING_ROLES):
            mine |= Q(raised_by__person_id=ask.person_id, pathway_id__in=ask.pathways(*REGISTERING_ROLES))
        qs = late.filter(mine)
    if ask.responsible_person_id is not None:
        qs = qs.filter(pathway__coordinator__person_id=ask.responsible_person_id)
    rows = (
        qs.annotate(registered_on=TruncDate("registered_at"))
        .order_by("registered_at", "pk")
        .values("pk", "pathway_id", "registered_on", *NAMES)[: ask.limit]
    )
    for row in rows:
        name, first = subject(row)
        yield Item(
            rule=CONVERSATION_RULE,
            due=row["registered_on"] + dt.timedelta(days=CONVERSATION_WITHIN_DAYS),
            url=reverse("concern_detail", args=[row["pk"]]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"concern_conversation:{row['pk']}",
        )


CONVERSATION_RULE = Rule(
    code="concerns.conversation",
    label=_("Concern conversation"),
    citation="seed 004",
    responsible=MANAGERS,
    collect=_conversations,
    order=35,
    neutral_label=_("A case to follow up"),
)


def _goals(ask: Ask) -> Iterable[Item]:
    # The asker's own goals, and every goal on the pathways they manage (a participant:
    # their own plan's goals; they read their own case).
    ids = ask.pathways(OWNER)
    if ask.person_id is None and Ask.none_of(ids):
        return  # no goals of their own, no pathways to ask about: no query
    mine = Q(responsible_id=ask.person_id) if ask.person_id is not None else Q(pk__in=[])
    if ask.pathway_id is not None:
        mine &= Q(concern__pathway_id=ask.pathway_id)
    on_theirs = Q(concern__pathway__isnull=False) if ids is None else Q(concern__pathway_id__in=ids)
    qs = PlanGoal.objects.filter(done_at__isnull=True, deadline__lte=ask.until, concern__status__in=LIVE_PLAN).filter(
        mine | on_theirs
    )
    if ask.responsible_person_id is not None:
        qs = qs.filter(responsible_id=ask.responsible_person_id)
    rows = qs.order_by("deadline", "pk").values(
        "pk", "deadline", "responsible_id", "concern__pathway_id", *(f"concern__{n}" for n in NAMES)
    )[: ask.limit]
    for row in rows:
        name, first = subject(row, "concern__pathway__")
        yield Item(
            rule=GOAL_RULE,
            due=row["deadline"],
            # The pathway's page: the person responsible may not open the concern, and
            # finds their goals there (sections.py); those who handle it follow its link.
            url=reverse("pathway_detail", args=[row["concern__pathway_id"]]) + "#concerns-heading",
            pathway_id=row["concern__pathway_id"],
            subject=name,
            first_name=first,
            responsible_person_id=row["responsible_id"],
            key=f"concern_goal:{row['pk']}",
        )


def _next_meetings(ask: Ask) -> Iterable[Item]:
    qs = on_pathways(Concern.objects.filter(status__in=LIVE_PLAN, next_meeting_on__lte=ask.until), ask, MANAGERS)
    if ask.responsible_person_id is not None:
        qs = qs.filter(pathway__coordinator__person_id=ask.responsible_person_id)
    rows = qs.order_by("next_meeting_on", "pk").values("pk", "pathway_id", "next_meeting_on", *NAMES)[: ask.limit]
    for row in rows:
        name, first = subject(row)
        yield Item(
            rule=NEXT_MEETING_RULE,
            due=row["next_meeting_on"],
            url=reverse("concern_detail", args=[row["pk"]]),
            pathway_id=row["pathway_id"],
            subject=name,
            first_name=first,
            key=f"concern_next_meeting:{row['pk']}:{row['next_meeting_on'].isoformat()}",
        )


GOAL_RULE = Rule(
    code="concerns.plan_goal",
    label=_("Goal in a follow-up plan"),
    citation="seed 004",
    responsible=OWNER,
    collect=_goals,
    order=36,
    neutral_label=_("A task with a deadline"),
)
NEXT_MEETING_RULE = Rule(
    code="concerns.next_meeting",
    label=_("Follow-up plan: next meeting"),
    citation="seed 004",
    responsible=MANAGERS,
    collect=_next_meetings,
    order=37,
    neutral_label=_("A case to follow up"),
)


def register() -> None:
    for rule in (CONVERSATION_RULE, GOAL_RULE, NEXT_MEETING_RULE):
        register_rule(rule)
