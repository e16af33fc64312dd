"""Who may see and change what.

One scoped queryset per object type (``visible_pathways``, ``visible_people``,
``visible_organisations``) and one fetch-and-authorise helper per object type
(``get_pathway_for`` …), used by every view. Outside the scope is a 404, never a hint
that the object exists; a read-only user trying to write gets a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
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


def _fetch(queryset: QuerySet[Any], object_id: Any, can_manage: Any, user: Any, write: bool) -> Any:
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


# Pathways -----------------------------------------------------------------------------


def _managed_pathways_q(user: Any, scope: Scope) -> Q:
    """Pathways the user may change: those their organisation runs or is responsible for."""
    q = Q(coordinator_id=user.pk)
    coordinator_orgs = scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
    # Subqueries on the pathway's own indexed columns rather than joins: each term of the
    # OR can then use its index instead of a scan of every pathway.
    if coordinator_orgs:
        from fagvei.pathways.models import Scheme

        q |= Q(scheme_id__in=Scheme.objects.filter(organisation_id__in=coordinator_orgs).values("pk"))
    office_orgs = scope.orgs_with(Role.TRAINING_OFFICE_ADVISER)
    if office_orgs:
        # A training office follows the pathways in its member companies (ol. § 7-12).
        from fagvei.organisations.models import Organisation

        members = Organisation.objects.filter(training_office_id__in=office_orgs).values("pk")
        q |= Q(workplace_id__in=office_orgs) | Q(workplace_id__in=members)
    return q


def _member_pathways_q(scope: Scope) -> Q:
    """Pathways the user is on as a person: as the participant or a member around them."""
    if scope.person_id is None:
        return Q(pk__in=[])
    from fagvei.pathways.models import PathwayMember

    return Q(participant_id=scope.person_id) | Q(
        pk__in=PathwayMember.objects.filter(person_id=scope.person_id).values("pathway_id")
    )


def visible_pathways(user: Any) -> QuerySet[Any]:
    from fagvei.pathways.models import Pathway

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
    from fagvei.pathways.models import Pathway

    return Pathway.objects.filter(_managed_pathways_q(user, scope), pk=pathway.pk).exists()


def get_pathway_for(user: Any, pathway_id: Any, *, write: bool = False) -> Any:
    return _fetch(visible_pathways(user), pathway_id, can_manage_pathway, user, write)


def require_caseworker(user: Any) -> None:
    """Creating pathways, people and organisations is for coordinators and advisers."""
    if not scope_for(user).is_caseworker:
        raise PermissionDenied


# People -------------------------------------------------------------------------------


def _managed_people_q(user: Any, scope: Scope) -> Q:
    from fagvei.pathways.models import Pathway

    orgs = scope.orgs_with(*CASEWORKER_ROLES)
    managed = Pathway.objects.filter(_managed_pathways_q(user, scope)).values("participant_id")
    return Q(registered_by_organisation_id__in=orgs) | Q(pk__in=managed)


def visible_people(user: Any) -> QuerySet[Any]:
    from fagvei.pathways.models import PathwayMember
    from fagvei.people.models import Person

    scope = scope_for(user)
    qs = Person.objects.all()
    if scope.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    pathway_ids = visible_pathways(user).values("pk")
    q = Q(pk__in=visible_pathways(user).values("participant_id")) | Q(
        pk__in=PathwayMember.objects.filter(pathway_id__in=pathway_ids).values("person_id")
    )
    if scope.person_id is not None:
        q |= Q(pk=scope.person_id)
    if scope.is_caseworker:
        q |= _managed_people_q(user, scope)
    return qs.filter(q)


def can_manage_person(user: Any, person: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if not scope.is_caseworker:
        return False
    from fagvei.people.models import Person

    return Person.objects.filter(_managed_people_q(user, scope), pk=person.pk).exists()


def get_person_for(user: Any, person_id: Any, *, write: bool = False) -> Any:
    return _fetch(visible_people(user), person_id, can_manage_person, user, write)


# Organisations ------------------------------------------------------------------------


def visible_organisations(user: Any) -> QuerySet[Any]:
    """Organisation data is public register data: staff see all; a participant sees
    only the organisations of their own pathways."""
    from fagvei.organisations.models import Organisation

    scope = scope_for(user)
    qs = Organisation.objects.all()
    if scope.is_staff_role:
        return qs
    if not getattr(user, "is_authenticated", False) or scope.person_id is None:
        return qs.none()
    mine = visible_pathways(user)
    return qs.filter(
        Q(pk__in=mine.values("workplace_id"))
        | Q(pk__in=mine.filter(scheme__isnull=False).values("scheme__organisation_id"))
    )


def can_manage_organisation(user: Any, organisation: Any) -> bool:
    """An organisation's details are changed by the administrator and by caseworkers of
    the organisation that registered it (or of the organisation itself)."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if organisation is None or not scope.is_caseworker:
        return False
    own = set(scope.orgs_with(*CASEWORKER_ROLES))
    return organisation.pk in own or organisation.registered_by_organisation_id in own


def can_decide_approvals(user: Any, organisation: Any) -> bool:
    """A trade approval is the county's decision (ol. §§ 7-5, 7-6): only the county
    adviser of the organisation's county and the administrator change it."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    county_id = getattr(organisation, "county_id", None)
    return county_id is not None and county_id in scope.orgs_with(Role.COUNTY_ADVISER)


def can_register_approval(user: Any, organisation: Any) -> bool:
    """Who may add an approval: the county, and a caseworker who may change the
    organisation, registering a decision the county has made (with its reference)."""
    return can_decide_approvals(user, organisation) or can_manage_organisation(user, organisation)


def get_organisation_for(user: Any, organisation_id: Any, *, write: bool = False) -> Any:
    organisation = _fetch(
        visible_organisations(user).select_related("county"), organisation_id, can_manage_organisation, user, False
    )
    organisation.can_decide_approvals = can_decide_approvals(user, organisation)
    organisation.can_register_approval = organisation.can_manage or organisation.can_decide_approvals
    if write and not organisation.can_manage:
        raise PermissionDenied
    return organisation


def caseworker_organisation(user: Any) -> Any:
    """The organisation that registers what this user creates: the first where the user
    holds a caseworker role. An administrator may have none."""
    from fagvei.organisations.models import Organisation

    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=CASEWORKER_ROLES)
        .order_by("memberships__id")
        .first()
    )


# Schemes ------------------------------------------------------------------------------


def registrable_schemes(user: Any) -> QuerySet[Any]:
    """The active schemes the user may register pathways in or move pathways to: those
    run by the user's own organisation (all of them for the administrator)."""
    from fagvei.pathways.models import Scheme

    scope = scope_for(user)
    qs = Scheme.objects.filter(active=True).select_related("trade")
    if scope.is_admin:
        return qs
    return qs.filter(organisation_id__in=scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR))
