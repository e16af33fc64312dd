"""Who may see and change pathways (and, through them, the people and organisations on
them).

A pathway is seen by its participant and the people in a role on it, and managed by its
responsible coordinator, the caseworkers of the organisation that runs its scheme, and
the training office of its workplace (ol. § 7-12). This module also tells ``people`` and
``organisations`` whom a pathway lets a user see (``register_scopes``, run at start-up).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fagvei.accounts.access import Scope, fetch_for, scope_for
from fagvei.accounts.models import Role
from fagvei.organisations.access import register_organisation_scope
from fagvei.organisations.models import Organisation
from fagvei.people.access import register_person_scope

from .models import Pathway, PathwayMember, Scheme


def _managed_pathways_q(user: Any, scope: Scope) -> Q:
    """Pathways the user may change: those their organisation runs or is responsible for."""
    q = Q(coordinator_id=user.pk)
    coordinator_orgs = scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
    # Subqueries on the pathway's own indexed columns rather than joins: each term of the
    # OR can then use its index instead of a scan of every pathway.
    if coordinator_orgs:
        q |= Q(scheme_id__in=Scheme.objects.filter(organisation_id__in=coordinator_orgs).values("pk"))
    office_orgs = scope.orgs_with(Role.TRAINING_OFFICE_ADVISER)
    if office_orgs:
        # A training office follows the pathways in its member companies (ol. § 7-12).
        members = Organisation.objects.filter(training_office_id__in=office_orgs).values("pk")
        q |= Q(workplace_id__in=office_orgs) | Q(workplace_id__in=members)
    return q


def _member_pathways_q(scope: Scope) -> Q:
    """Pathways the user is on as a person: as the participant or a member around them."""
    if scope.person_id is None:
        return Q(pk__in=[])
    return Q(participant_id=scope.person_id) | Q(
        pk__in=PathwayMember.objects.filter(person_id=scope.person_id).values("pathway_id")
    )


def visible_pathways(user: Any) -> QuerySet[Pathway]:
    scope = scope_for(user)
    qs = Pathway.objects.select_related("participant", "trade", "scheme", "workplace", "coordinator")
    if scope.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = _member_pathways_q(scope)
    if scope.is_caseworker:
        q |= _managed_pathways_q(user, scope)
    return qs.filter(q)


def can_manage_pathway(user: Any, pathway: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if not scope.is_caseworker:
        return False
    return Pathway.objects.filter(_managed_pathways_q(user, scope), pk=pathway.pk).exists()


def get_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    return fetch_for(visible_pathways(user), pathway_id, can_manage_pathway, user, write)


def registrable_schemes(user: Any) -> QuerySet[Scheme]:
    """The active schemes the user may register pathways in or move pathways to: those
    run by the user's own organisation (all of them for the administrator)."""
    scope = scope_for(user)
    qs = Scheme.objects.filter(active=True).select_related("trade")
    if scope.is_admin:
        return qs
    return qs.filter(organisation_id__in=scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR))


# What a pathway lets a user see of people and organisations ---------------------------


def _people_on_visible_pathways(user: Any, scope: Scope) -> Q:
    pathway_ids = visible_pathways(user).values("pk")
    return Q(pk__in=visible_pathways(user).values("participant_id")) | Q(
        pk__in=PathwayMember.objects.filter(pathway_id__in=pathway_ids).values("person_id")
    )


def _participants_of_managed_pathways(user: Any, scope: Scope) -> Q:
    return Q(pk__in=Pathway.objects.filter(_managed_pathways_q(user, scope)).values("participant_id"))


def _organisations_of_own_pathways(user: Any, scope: Scope) -> Q:
    mine = visible_pathways(user)
    return Q(pk__in=mine.values("workplace_id")) | Q(
        pk__in=mine.filter(scheme__isnull=False).values("scheme__organisation_id")
    )


def register_scopes() -> None:
    register_person_scope(visible=_people_on_visible_pathways, managed=_participants_of_managed_pathways)
    register_organisation_scope(visible=_organisations_of_own_pathways)
