"""The audit trail's sections of the pathway page (registered with
``fagvei.core.registry``): the timeline of the pathway's events, read through what each
app registered, and who opened the pathway lately."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from fagvei.core.registry import PathwaySection, describe_event, hidden_events, register_pathway_section

from .models import AccessLog, Event

# What names a user (User.__str__): their own name, else their person's; nothing else.
NAMED = ("username", "first_name", "last_name", "person__first_name", "person__last_name")


def _timeline(request: HttpRequest, pathway: Any) -> dict[str, Any]:
    # The actor's person names a user who has no name of their own.
    events = list(
        Event.objects.filter(pathway_id=pathway.pk)
        .select_related("actor", "actor__person")
        .only(*(f"actor__{name}" for name in NAMED), "at", "verb", "data", "pathway_id", "object_type", "object_id")
        .order_by("at", "id")
    )
    # Need to know: an app may keep some of its events from this user (its one query).
    hidden = hidden_events(request, pathway, events)
    return {"timeline": [describe_event(e) for e in events if e.pk not in hidden]}


@dataclass(frozen=True)
class Reader:
    user: Any
    at: Any
    times: int


# How far back "lately" reaches: the object's latest reads, read newest first from the
# index, so that a case opened ten thousand times costs what one opened ten times does.
RECENT_READS = 100


def recent_readers(obj: Any, limit: int = 10) -> list[Reader]:
    """Who opened the object lately: one line per user with their latest read, and how
    many of the object's last ``RECENT_READS`` reads were theirs. One query: each read
    comes with the names of its reader (``NAMED``), and the users are made from those."""
    reads = AccessLog.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk).order_by("-at", "-id")
    user_fields = ("username", "first_name", "last_name", "person_id")
    latest: dict[int, Any] = {}
    times: dict[int, int] = {}
    names: dict[int, tuple[Any, ...]] = {}
    named_fields = (*(f"user__{name}" for name in user_fields), "user__person__first_name", "user__person__last_name")
    rows = reads.values_list("user_id", "at", *named_fields)
    for user_id, at, *named in rows[:RECENT_READS]:
        latest.setdefault(user_id, at)
        names.setdefault(user_id, tuple(named))
        times[user_id] = times.get(user_id, 0) + 1
    shown = sorted(latest, key=lambda user_id: (-latest[user_id].timestamp(), user_id))[:limit]
    return [Reader(_user(user_id, user_fields, names[user_id]), latest[user_id], times[user_id]) for user_id in shown]


def _user(user_id: int, fields: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    """A user as the database gave its named fields (the rest deferred), with its
    person's names when it has a person, so that ``str(user)`` reads no more."""
    model = get_user_model()
    user = model.from_db(AccessLog.objects.db, ["id", *fields], [user_id, *values[: len(fields)]])
    person_id = values[len(fields) - 1]
    if person_id is not None:
        person_model: Any = model._meta.get_field("person").related_model  # people sits above audit
        user.person = person_model.from_db(
            AccessLog.objects.db, ["id", "first_name", "last_name"], [person_id, *values[len(fields) :]]
        )
    return user


def _reads(request: HttpRequest, pathway: Any) -> dict[str, Any] | None:
    if not getattr(pathway, "can_manage", False):
        return None
    reads = recent_readers(pathway)
    return {"reads": reads} if reads else None


def register() -> None:
    register_pathway_section(PathwaySection("timeline", "audit/sections/timeline.html", 80, _timeline, max_queries=2))
    register_pathway_section(PathwaySection("reads", "audit/sections/reads.html", 90, _reads, max_queries=1))
