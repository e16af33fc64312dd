"""Who may see and change people.

A person is seen by themselves, by caseworkers of the organisation that registered
them, and by whoever the apps above register: ``pathways`` adds the people on the
pathways a user may see. Apps register with ``register_person_scope`` instead of this
module importing them (ARCHITECTURE.md: access lives with its app).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from fagvei.accounts.access import Scope, fetch_for, scope_for
from fagvei.accounts.models import CASEWORKER_ROLES

from .models import Person

# (user, scope) → the people the rule lets the user see, or manage.
PersonRule = Callable[[Any, Scope], Q]
_VISIBLE: list[PersonRule] = []
_MANAGED: list[PersonRule] = []


def register_person_scope(*, visible: PersonRule | None = None, managed: PersonRule | None = None) -> None:
    """Called by an app above this one (at start-up) to widen who sees or manages whom."""
    if visible is not None and visible not in _VISIBLE:
        _VISIBLE.append(visible)
    if managed is not None and managed not in _MANAGED:
        _MANAGED.append(managed)


def _managed_q(user: Any, scope: Scope) -> Q:
    q = Q(registered_by_organisation_id__in=scope.orgs_with(*CASEWORKER_ROLES))
    for rule in _MANAGED:
        q |= rule(user, scope)
    return q


def visible_people(user: Any) -> QuerySet[Person]:
    scope = scope_for(user)
    qs = Person.objects.all()
    if scope.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = Q(pk__in=[])
    if scope.person_id is not None:
        q |= Q(pk=scope.person_id)
    for rule in _VISIBLE:
        q |= rule(user, scope)
    if scope.is_caseworker:
        q |= _managed_q(user, scope)
    return qs.filter(q)


def can_manage_person(user: Any, person: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if not scope.is_caseworker:
        return False
    return Person.objects.filter(_managed_q(user, scope), pk=person.pk).exists()


def get_person_for(user: Any, person_id: Any, *, write: bool = False) -> Any:
    return fetch_for(visible_people(user), person_id, can_manage_person, user, write)
