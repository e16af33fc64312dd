"""The concern ladder's deadlines (DOMAIN.md, "Deadlines the system computes"):

- a concern with no concern conversation a week after it was registered (seed 004: the
  concern is followed by a conversation; the week is issue 14's rule).

Shown to those who manage the pathway. The label says only that a case waits, never a
category; e-mails and calendar feeds get the neutral label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fagvei.core.deadline_rows import NAMES, on_pathways, subject
from fagvei.core.deadlines import MANAGERS, Ask, Item, Rule, register_rule

from .models import Concern, Status

# Issue 14: the concern conversation is held within a week of the concern.
CONVERSATION_WITHIN_DAYS = 7


def _conversations(ask: Ask) -> Iterable[Item]:
    # Registered before the start of the day after ``until`` less the week.
    cutoff = timezone.make_aware(
        dt.datetime.combine(ask.until - dt.timedelta(days=CONVERSATION_WITHIN_DAYS - 1), dt.time())
    )
    qs = on_pathways(Concern.objects.filter(status=Status.REGISTERED, registered_at__lt=cutoff), ask, MANAGERS)
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


def register() -> None:
    register_rule(CONVERSATION_RULE)
