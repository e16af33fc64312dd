"""Who may see and change pathways (and, through them, the organisations on them).

A pathway is seen by its participant and the people in a role on it, and managed by its
responsible coordinator, the caseworkers of the organisation that runs its scheme, and
the training office of its workplace (ol. § 7-12). The rules are kept as rows, one per
user and pathway (fagvei/pathways/follows.py): every check here reads that table through
its index, so a scope of 25 000 pathways costs what a scope of 25 does. This module also
tells ``organisations`` which ones a pathway lets a user see (``register_scopes``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from fagvei.accounts.access import Scope, fetch_for, scope_for
from fagvei.accounts.models import Role
from fagvei.organisations.access import register_organisation_scope

from .models import Follow, Pathway, Scheme

# What a page about a pathway shows of the rows it points to.
SHOWN = ("participant", "trade", "scheme", "workplace", "coordinator")


def visible_pathways(user: Any) -> QuerySet[Pathway]:
    """The pathways the user follows (fagvei/pathways/follows.py holds the rules), or
    every pathway for the administrator."""
    scope = scope_for(user)
    qs = Pathway.objects.select_related(*SHOWN)
    if scope.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(follows__user_id=user.pk)


def followed(user: Any) -> QuerySet[Any] | None:
    """The user's rows of the follow table — the index their lists are read from — or
    None for the administrator, who reads the pathways themselves."""
    if scope_for(user).is_admin:
        return None
    if not getattr(user, "is_authenticated", False):
        return Follow.objects.none()
    return Follow.objects.filter(user_id=user.pk)


def can_manage_pathway(user: Any, pathway: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if not scope.is_caseworker:
        return False
    return Follow.objects.filter(user_id=user.pk, pathway_id=pathway.pk, manages=True).exists()


def get_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    """The pathway with this id if the user follows it (404 otherwise), marked with
    ``can_manage``. The user's follow row answers both questions in the same query that
    reads the pathway: a subquery on the follow index, beside the pathway read by its key."""
    scope = scope_for(user)
    if scope.is_admin:
        return fetch_for(Pathway.objects.select_related(*SHOWN), pathway_id, can_manage_pathway, user, write)
    if not getattr(user, "is_authenticated", False):
        raise Http404
    follow = Follow.objects.filter(user_id=user.pk, pathway_id=OuterRef("pk")).values("manages")[:1]
    followed = (
        Pathway.objects.select_related(*SHOWN)
        .annotate(follow_manages=Subquery(follow))
        .filter(follow_manages__isnull=False)
    )

    def manages(_user: Any, row: Any) -> bool:
        return bool(row.follow_manages) and scope.is_caseworker

    return fetch_for(followed, pathway_id, manages, user, write)


def registrable_schemes(user: Any) -> QuerySet[Scheme]:
    """The active schemes the user may register pathways in or move pathways to: those
    run by the user's own organisation (all of them for the administrator)."""
    scope = scope_for(user)
    qs = Scheme.objects.filter(active=True).select_related("trade")
    if scope.is_admin:
        return qs
    return qs.filter(organisation_id__in=scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR))


# What a pathway lets a user see of organisations ---------------------------------------
# (of people: fagvei/pathways/follows.py registers its rule with people.follows)


def _organisations_of_own_pathways(user: Any, scope: Scope) -> Q:
    mine = visible_pathways(user)
    return Q(pk__in=mine.values("workplace_id")) | Q(
        pk__in=mine.filter(scheme__isnull=False).values("scheme__organisation_id")
    )


def register_scopes() -> None:
    register_organisation_scope(visible=_organisations_of_own_pathways)
