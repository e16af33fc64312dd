"""The start page's "What needs me", kept per user until something it is worked out from
changes (issue 12; QUALITY.md: the start page within 15 ms at national size).

The rules compute from the data on every ask; what is kept is one user's answer for one
day (Europe/Oslo), stamped with two generations: the user's own, renewed whenever an
event is recorded on a pathway they follow, and everyone's, renewed by an event that
belongs to no pathway (a group's meeting, an organisation, a county's settings). Every
change of state is a domain function that records an event in its transaction
(ARCHITECTURE.md), so a change on the user's pathways renews their generation at once,
and again after the commit (a request between the two would keep what it read before
the change). A change that records no event — a role given in the admin — is caught up
by the answer's own lifetime, ``SECONDS``.

What is kept holds codes, dates, ids and the names the panel shows; it lives in the
cache, never in a log or a URL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.audit.models import Event
from fagvei.core import clock
from fagvei.core.deadlines import Item, rule
from fagvei.pathways.models import Follow

from .engine import Collected

EVERYONE = "deadlines:generation"


def _own(user_id: int) -> str:
    return f"deadlines:generation:{user_id}"


def _kept(user_id: int, name: str) -> str:
    return f"deadlines:{name}:{user_id}"


def _pathway(pathway_id: int) -> str:
    return f"deadlines:generation:pathway:{pathway_id}"


def _outlook(pathway_id: int) -> str:
    return f"deadlines:outlook:{pathway_id}"


def seconds() -> int:
    """How long an answer is kept at most (0: not kept)."""
    return int(settings.FAGVEI_NEEDS_ME_SECONDS)


def pack(found: Collected) -> tuple[Any, ...]:
    rows = [
        (i.rule.code, i.due, i.url, i.pathway_id, i.subject, i.first_name, i.responsible_person_id, i.key, i.detail)
        for i in found.items
    ]
    return found.more, rows, found.left_out


def unpack(packed: tuple[Any, ...]) -> Collected | None:
    if len(packed) != 3:
        # Kept by an earlier release: work it out again.
        return None
    more, rows, left_out = packed
    items = []
    for code, *rest in rows:
        found = rule(code)
        if found is None:
            # A rule gone since (a new release): work it out again.
            return None
        items.append(Item(found, *rest))
    return Collected(items, more, tuple(left_out))


def keepable(user: Any, *, personal: bool) -> bool:
    """Whether the user's answer may be kept: when all its items are on pathways the user
    follows or in groups. What awaits a county or a company comes from rows no follow row
    leads to, and the administrator's whole list (not ``personal``) from every pathway."""
    scope = scope_for(user)
    if scope.is_admin and not personal:
        return False
    return not scope.orgs_with(Role.COUNTY_ADVISER, Role.TRAINING_OFFICE_ADVISER, Role.WORKPLACE_MANAGER)


def kept_or_computed(user: Any, compute: Callable[[], Collected], *, name: str = "needs-me") -> Collected:
    """The user's answer (``name``: the start page's, or the list's first page) as kept
    for today under the current generations, or ``compute()`` kept for next time. One
    round trip to the cache when it is there."""
    if seconds() <= 0:
        return compute()
    keys = [EVERYONE, _own(user.pk), _kept(user.pk, name)]
    got = cache.get_many(keys)
    stamp = (clock.today().isoformat(), got.get(EVERYONE, ""), got.get(_own(user.pk), ""))
    kept = got.get(_kept(user.pk, name))
    if kept is not None and kept[0] == stamp:
        found = unpack(kept[1])
        if found is not None:
            return found
    found = compute()
    cache.set(_kept(user.pk, name), (stamp, pack(found)), seconds())
    return found


def kept_value(user: Any, name: str, compute: Callable[[], Any]) -> Any:
    """A value worked out from the user's pathways (the deadline list's filter options),
    kept as ``kept_or_computed`` keeps the user's answer: for today, under the current
    generations."""
    if seconds() <= 0:
        return compute()
    keys = [EVERYONE, _own(user.pk), _kept(user.pk, name)]
    got = cache.get_many(keys)
    stamp = (clock.today().isoformat(), got.get(EVERYONE, ""), got.get(_own(user.pk), ""))
    kept = got.get(_kept(user.pk, name))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    value = compute()
    cache.set(_kept(user.pk, name), (stamp, value), seconds())
    return value


NATIONAL = "deadlines:national"


def kept_national(compute: Callable[[], Collected]) -> tuple[Collected, dt.datetime | None]:
    """The administrator's first page for the whole country, unfiltered — the same for
    every administrator — and when it was worked out. Every event in the country bears on
    it, so no generation can tell it is stale: it is kept for ``SECONDS`` at most (five
    minutes by default) within the day, and the page says when it was worked out."""
    if seconds() <= 0:
        return compute(), None
    now = timezone.now()
    kept = cache.get(NATIONAL)
    if kept is not None and kept[0] == clock.today().isoformat():
        found = unpack(kept[2])
        if found is not None:
            return found, kept[1]
    found = compute()
    cache.set(NATIONAL, (clock.today().isoformat(), now, pack(found)), seconds())
    return found, now


def kept_outlook(pathway_id: int, compute: Callable[[], Any]) -> Any:
    """One pathway's outlook (its risk and deadlines, the same whoever manages it) as kept
    for today under the pathway's and everyone's generations, or ``compute()`` kept."""
    if seconds() <= 0:
        return compute()
    got = cache.get_many([EVERYONE, _pathway(pathway_id), _outlook(pathway_id)])
    stamp = (clock.today().isoformat(), got.get(EVERYONE, ""), got.get(_pathway(pathway_id), ""))
    kept = got.get(_outlook(pathway_id))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    found = compute()
    cache.set(_outlook(pathway_id), (stamp, found), seconds())
    return found


def renew_followers(pathway_id: int) -> None:
    users = list(Follow.objects.filter(pathway_id=pathway_id).values_list("user_id", flat=True))
    token = uuid.uuid4().hex
    cache.set_many({_pathway(pathway_id): token, **{_own(user_id): token for user_id in users}}, None)


def renew_everyone() -> None:
    cache.set(EVERYONE, uuid.uuid4().hex, None)


def _renew(pathway_id: int | None) -> None:
    if pathway_id is None:
        renew_everyone()
    else:
        renew_followers(pathway_id)


def _event_recorded(sender: Any, instance: Event, created: bool = False, **kwargs: Any) -> None:
    if not created or seconds() <= 0:
        return
    pathway_id = instance.pathway_id
    _renew(pathway_id)
    transaction.on_commit(lambda: _renew(pathway_id))


def connect() -> None:
    post_save.connect(_event_recorded, sender=Event, dispatch_uid="deadlines-freshness-event")
