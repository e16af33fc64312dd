"""Planning the outbox (issue 12): which users are due a digest today, and what it holds.

A digest lists the deadlines coming up ("Snart frist") and those passed that the user has
not been told of before ("Fristen er passert"), as the deadline engine gives them to the
user (fagvei/deadlines/engine.py: the same items, in the same scope, as their list).
Planning is idempotent: a unique constraint allows one digest per user and day, so two
planners at once, or one run twice, plan it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from fagvei.core import clock
from fagvei.core.deadlines import Item
from fagvei.deadlines import engine

from .access import preference_for
from .models import MissedNotice, Preference, Reminder

logger = logging.getLogger(__name__)

# How far ahead a digest looks: a week for the daily digest; for the weekly one, up to
# the next weekly digest and a week beyond it, so nothing falls between two of them.
DAILY_AHEAD_DAYS = 7
WEEKLY_AHEAD_DAYS = 14
# The engine is asked for this many items at most (the overdue come first); the e-mail
# lists fewer and links to the list for the rest.
ITEM_LIMIT = 200
KEY_LENGTH = 200
CHUNK = 200


def ahead_days(preference: Preference) -> int:
    return WEEKLY_AHEAD_DAYS if preference.digest == Preference.Digest.WEEKLY else DAILY_AHEAD_DAYS


def users_due(day: dt.date) -> QuerySet[Any]:
    """Active users with an e-mail address whose choice gives them a digest on ``day`` (a
    user who has not chosen has the daily one) and who have none planned for it yet."""
    planned = Reminder.objects.filter(user_id=OuterRef("pk"), kind=Reminder.Kind.DIGEST, period=day)
    daily = Q(reminder_preference__isnull=True) | Q(reminder_preference__digest=Preference.Digest.DAILY)
    weekly = Q(reminder_preference__digest=Preference.Digest.WEEKLY, reminder_preference__weekday=day.weekday())
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(daily | weekly)
        .filter(~Exists(planned))
        .order_by("pk")
    )


def item_key(item: Item) -> str:
    """The item's stable key (every rule gives one; a rule that does not is named by its
    code, pathway and day)."""
    return (item.key or f"{item.rule.code}:{item.pathway_id}:{item.due.isoformat()}")[:KEY_LENGTH]


def _entry(item: Item) -> dict[str, Any]:
    # Codes, keys, dates and ids: no label, name or text (models.Reminder.payload).
    return {"rule": item.rule.code, "key": item_key(item), "due": item.due.isoformat(), "pathway": item.pathway_id}


def plan_digest(user: Any, day: dt.date | None = None) -> Reminder | None:
    """Plan the user's digest for today: the new row, or None when there is nothing to
    tell them or the digest is already planned (by this run or another at the same time)."""
    day = day or clock.today()
    preference = preference_for(user)
    if preference.digest == Preference.Digest.NONE:
        return None
    found = engine.for_user(user, horizon_days=ahead_days(preference), limit=ITEM_LIMIT, personal=True)
    soon = [i for i in found.items if i.due >= day]
    overdue = [i for i in found.items if i.due < day]
    told = set(
        MissedNotice.objects.filter(user_id=user.pk, key__in=[item_key(i) for i in overdue]).values_list(
            "key", flat=True
        )
    )
    missed = [i for i in overdue if item_key(i) not in told]
    if not soon and not missed:
        return None
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                user_id=user.pk,
                kind=Reminder.Kind.DIGEST,
                period=day,
                planned_at=clock.now(),
                payload={"soon": [_entry(i) for i in soon], "missed": [_entry(i) for i in missed]},
            )
            # Told of once: the next digest leaves these out (in the same transaction, so
            # a digest that was not planned tells of nothing).
            MissedNotice.objects.bulk_create(
                [MissedNotice(user_id=user.pk, key=key, reminder=reminder) for key in {item_key(i) for i in missed}],
                ignore_conflicts=True,
            )
    except IntegrityError:
        if Reminder.objects.filter(user_id=user.pk, kind=Reminder.Kind.DIGEST, period=day).exists():
            return None  # another planner was first
        raise
    return reminder


def plan_digests(day: dt.date | None = None) -> int:
    """Plan today's digest of every user due one; the number planned."""
    day = day or clock.today()
    planned = 0
    # The ids first: the rows planned meanwhile are in the query's own subquery, and
    # SQLite gives no isolation between a cursor being read and writes on its connection.
    ids = list(users_due(day).values_list("pk", flat=True))
    users = get_user_model().objects.all()
    for start in range(0, len(ids), CHUNK):
        chunk = users.in_bulk(ids[start : start + CHUNK])
        for pk in ids[start : start + CHUNK]:
            if pk in chunk and plan_digest(chunk[pk], day) is not None:
                planned += 1
    logger.info("reminders: %s digests planned for %s", planned, day.isoformat())
    return planned
