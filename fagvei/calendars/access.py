"""Who a feed belongs to, and which meetings it shows.

A feed is opened by its secret alone (a calendar service cannot log in): an unknown or
revoked secret, or one of a user who may no longer log in, is not found, the same
answer for each. What the feed shows goes through the same access as the pages: the
deadline engine (``fagvei.deadlines.engine``) and ``visible_meetings``, narrowed to the
meetings the user takes part in or answers for.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from fagvei.accounts.access import scope_for
from fagvei.audit.models import Event
from fagvei.core.deadlines import Item
from fagvei.deadlines import engine
from fagvei.followup.access import visible_meetings
from fagvei.followup.models import Invitee, Meeting, Status
from fagvei.pathways.models import GroupMember

from .models import FeedToken
from .services import digest

# What ``secrets.token_urlsafe`` gives, with room to spare; anything else is refused
# before the database is asked.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def get_feed_for(secret: str) -> FeedToken | None:
    """The live feed with this secret, with its user, or None.

    The row is found by the secret's digest through a unique index. How long that takes
    can tell an attacker at most something about a digest, never about a secret (that
    would need a preimage of SHA-256), so no constant-time comparison is needed here."""
    if not SECRET_SHAPE.fullmatch(secret or ""):
        return None
    return (
        FeedToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_deadlines(user: Any, *, horizon_days: int, limit: int) -> list[Item]:
    """The user's own deadlines from the engine, overdue ones included: what needs them
    (``personal``), as on the start page. The administrator's list of every pathway's
    does not leave fagvei."""
    return engine.for_user(user, horizon_days=horizon_days, limit=limit, personal=True).items


def feed_meetings(user: Any, *, since: dt.datetime, until: dt.datetime, limit: int) -> QuerySet[Any, dict[str, Any]]:
    """The meetings the user may read (``visible_meetings``) and takes part in — invited,
    or a member of the meeting's group — or answers for — the pathway's responsible
    coordinator, or the one who planned it — starting in [since, until), not cancelled,
    soonest first, at most ``limit``. Rows as dicts of the few fields a feed may show;
    ``changed_at`` is the meeting's last event (its planning time when it has none)."""
    person_id = scope_for(user).person_id
    takes_part: Any = Q(pathway__coordinator_id=user.pk) | Q(scheduled_by_id=user.pk)
    if person_id is not None:
        takes_part |= Exists(Invitee.objects.filter(meeting_id=OuterRef("pk"), person_id=person_id))
        takes_part |= Exists(GroupMember.objects.filter(group_id=OuterRef("group_id"), person_id=person_id))
    last_event = (
        Event.objects.filter(object_type=Meeting._meta.label_lower, object_id=OuterRef("pk"))
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        visible_meetings(user)
        .filter(takes_part, starts_at__gte=since, starts_at__lt=until)
        .exclude(status=Status.CANCELLED)
        .annotate(changed_at=Coalesce(Subquery(last_event), "scheduled_at"))
        .order_by("starts_at", "pk")
        .values(
            "pk",
            "kind",
            "status",
            "starts_at",
            "place",
            "version",
            "changed_at",
            "pathway_id",
            "pathway__participant__first_name",
            "group__name",
            "concern_id",
        )[:limit]
    )
