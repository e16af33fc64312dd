"""Who may see which person, kept in ``people.Follow`` (fagvei/core/follows.py).

The rules: a user sees the person their login belongs to; a caseworker sees and manages
the people their organisation registered; the apps above add theirs with
``register_person_rule`` (``pathways``: the people on the pathways a user follows).
Every change that can move a row calls ``sync`` in its own transaction: the services of
this app, and the signals below for what the admin and the apps above change.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save

from fagvei.accounts.models import CASEWORKER_ROLES, Membership, User
from fagvei.core import follows

from .models import Follow, Person

_RULES: list[follows.Rule] = []


def register_person_rule(rule: follows.Rule) -> None:
    """Called by an app above this one (at start-up): more rows, by the same contract."""
    if rule not in _RULES:
        _RULES.append(rule)


def _own_person(users: Collection[int] | None, people: Collection[int] | None) -> Iterable[tuple[int, int, bool]]:
    qs = User.objects.filter(person__isnull=False)
    if users is not None:
        qs = qs.filter(pk__in=users)
    if people is not None:
        qs = qs.filter(person_id__in=people)
    return ((user_id, person_id, False) for user_id, person_id in qs.values_list("pk", "person_id"))


def _registered_by_own_organisation(
    users: Collection[int] | None, people: Collection[int] | None
) -> Iterable[tuple[int, int, bool]]:
    qs = Person.objects.filter(
        registered_by_organisation__memberships__role__in=CASEWORKER_ROLES,
        **({"registered_by_organisation__memberships__user_id__in": users} if users is not None else {}),
    )
    if people is not None:
        qs = qs.filter(pk__in=people)
    rows = qs.values_list("registered_by_organisation__memberships__user_id", "pk")
    return ((user_id, person_id, True) for user_id, person_id in rows)


def _keys(people: set[int]) -> dict[int, dict[str, Any]]:
    keys: dict[int, dict[str, Any]] = {}
    for batch in follows.chunks(people):
        keys.update(
            (pk, {"sort_key": key}) for pk, key in Person.objects.filter(pk__in=batch).values_list("pk", "sort_key")
        )
    return keys


def sync(*, users: Collection[int] | None = None, people: Collection[int] | None = None) -> None:
    """Make the rows of these users (or of these people) what the rules say."""
    if users is None and people is None:
        raise ValueError("sync() needs users or people; rebuild() does the whole table")
    rows = follows.wanted([_own_person, _registered_by_own_organisation, *_RULES], users, people)
    existing = Follow.objects.all()
    if users is not None:
        existing = existing.filter(user_id__in=users)
    if people is not None:
        existing = existing.filter(person_id__in=people)
    follows.apply(Follow, "person", existing, rows, _keys)


def rebuild() -> None:
    """The whole table again, a slice of people at a time (after rows written in bulk)."""
    for batch in follows.chunks(Person.objects.order_by("pk").values_list("pk", flat=True).iterator()):
        sync(people=batch)
    Follow.objects.exclude(person__in=Person.objects.all()).delete()


# What the apps above keep that a change here moves first (their rows feed the rules).
_BEFORE: list[Any] = []


def register_refresh(hook: Any) -> None:
    """``hook(users=..., people=...)`` runs before this table is brought up to date after
    a change of logins, roles or people, for the same users or people."""
    if hook not in _BEFORE:
        _BEFORE.append(hook)


def changed(*, users: Collection[int] | None = None, people: Collection[int] | None = None) -> None:
    """A login, a role or a person changed: bring every follow table up to date."""
    for hook in _BEFORE:
        hook(users=users, people=people)
    sync(users=users, people=people)


def _person_saved(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    changed(people=[instance.pk])


def _membership_saved(sender: Any, instance: Membership, **kwargs: Any) -> None:
    changed(users=[instance.user_id])


def _user_saved(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    # A login saves its last login time on every sign-in: that moves nothing here.
    if update_fields is None or "person" in update_fields:
        changed(users=[instance.pk])


def connect() -> None:
    post_save.connect(_person_saved, sender=Person, dispatch_uid="people-follows-person")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="people-follows-membership")
    post_delete.connect(_membership_saved, sender=Membership, dispatch_uid="people-follows-membership-gone")
    post_save.connect(_user_saved, sender=User, dispatch_uid="people-follows-user")
