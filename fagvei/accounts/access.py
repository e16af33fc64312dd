"""Who someone is, and the one way to fetch an object for them.

``Scope`` holds a user's roles, read once per request. ``fetch_for`` is the shared
fetch-and-authorise step behind every app's ``get_<object>_for`` helper: outside the
user's scope is a 404, never a hint that the object exists; a read-only user asking to
write gets a 403. Each app's ``access.py`` says who may see and change its own objects
(ARCHITECTURE.md: access lives with its app).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import CASEWORKER_ROLES, Role


@dataclass(frozen=True)
class Scope:
    """The roles of one user, read once per request."""

    is_admin: bool = False
    person_id: int | None = None
    # organisation id → roles held there
    roles_by_org: dict[int, frozenset[str]] = field(default_factory=dict)

    def orgs_with(self, *roles: str) -> list[int]:
        return [org for org, held in self.roles_by_org.items() if held.intersection(roles)]

    @property
    def roles(self) -> frozenset[str]:
        held: set[str] = set()
        for org_roles in self.roles_by_org.values():
            held |= org_roles
        return frozenset(held)

    @property
    def is_caseworker(self) -> bool:
        return self.is_admin or bool(self.roles & CASEWORKER_ROLES)

    @property
    def is_staff_role(self) -> bool:
        """Anyone working with pathways, as opposed to only being a participant."""
        return self.is_admin or bool(self.roles - {Role.PARTICIPANT})


def scope_for(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_fagvei_scope", None)
    if cached is not None:
        return cached
    roles_by_org: dict[int, set[str]] = {}
    for org_id, role in user.memberships.values_list("organisation_id", "role"):
        roles_by_org.setdefault(org_id, set()).add(role)
    is_admin = bool(user.is_superuser) or any(Role.ADMIN in r for r in roles_by_org.values())
    scope = Scope(
        is_admin=is_admin,
        person_id=user.person_id,
        roles_by_org={org: frozenset(r) for org, r in roles_by_org.items()},
    )
    user._fagvei_scope = scope
    return scope


def fetch_for(queryset: QuerySet[Any], object_id: Any, can_manage: Any, user: Any, write: bool) -> Any:
    """The object with this id in the user's scope, marked with ``can_manage``: 404 when
    it is outside the scope (or the id is not a number), 403 when writing is asked for
    and the user may only read."""
    try:
        obj = queryset.get(pk=int(object_id))
    except (ValueError, TypeError, OverflowError, queryset.model.DoesNotExist) as exc:
        raise Http404 from exc
    obj.can_manage = can_manage(user, obj)
    if write and not obj.can_manage:
        raise PermissionDenied
    return obj


def require_caseworker(user: Any) -> None:
    """Creating pathways, people and organisations is for coordinators and advisers."""
    if not scope_for(user).is_caseworker:
        raise PermissionDenied
