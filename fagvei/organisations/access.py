"""Who may see and change organisations and their trade approvals.

Organisation data is public register data: everyone working with pathways sees all of
it. A participant sees only the organisations the apps above register for them
(``pathways``: the workplace and the scheme's organisation of their own pathways).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from fagvei.accounts.access import Scope, fetch_for, scope_for
from fagvei.accounts.models import CASEWORKER_ROLES, Role
from fagvei.core.lists import ListQuery, in_order
from fagvei.core.search import name_search

from .models import Organisation

OrganisationRule = Callable[[Any, Scope], Q]
_VISIBLE: list[OrganisationRule] = []


def register_organisation_scope(*, visible: OrganisationRule) -> None:
    """Called by an app above this one (at start-up) to let a participant see more."""
    if visible not in _VISIBLE:
        _VISIBLE.append(visible)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    scope = scope_for(user)
    qs = Organisation.objects.all()
    if scope.is_staff_role:
        return qs
    if not getattr(user, "is_authenticated", False) or scope.person_id is None:
        return qs.none()
    q = Q(pk__in=[])
    for rule in _VISIBLE:
        q |= rule(user, scope)
    return qs.filter(q)


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
    organisation = fetch_for(
        visible_organisations(user).select_related("county"), organisation_id, can_manage_organisation, user, False
    )
    organisation.can_decide_approvals = can_decide_approvals(user, organisation)
    organisation.can_register_approval = organisation.can_manage or organisation.can_decide_approvals
    if write and not organisation.can_manage:
        raise PermissionDenied
    return organisation


def caseworker_organisation(user: Any) -> Organisation | None:
    """The organisation that registers what this user creates: the first where the user
    holds a caseworker role. An administrator may have none."""
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=CASEWORKER_ROLES)
        .order_by("memberships__id")
        .first()
    )


def organisation_list_query(user: Any) -> ListQuery:
    """The organisation list, for the page and the API: by the name key, searched by name
    or organisation number, narrowed by kind and (in the API) by an active approval for a
    trade; the approvals counted for the page's 25 organisations only."""
    from .models import TradeApproval

    def narrow(qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        text = data.get("q") or ""
        digits = text.replace(" ", "")
        if digits.isdigit():
            # An organisation number, typed with or without the register's spaces.
            qs = qs.filter(Q(org_number__startswith=digits) | Q(name__icontains=text.strip()))
        elif text:
            qs = name_search(qs, text, model=Organisation)
        if data.get("trade"):
            # One approval per organisation and trade (a constraint): no duplicates.
            qs = qs.filter(approvals__trade_id=data["trade"], approvals__status=TradeApproval.Status.ACTIVE)
        return qs.filter(kind=data["kind"]) if data.get("kind") else qs

    def load(ids: list[int]) -> list[Any]:
        active = Count("approvals", filter=Q(approvals__status=TradeApproval.Status.ACTIVE))
        return in_order(
            Organisation.objects.filter(pk__in=ids).annotate(active_approvals=active).order_by().in_bulk(), ids
        )

    return ListQuery(
        visible_organisations(user),
        ("sort_key", "id"),
        narrow=narrow,
        load=load,
        whole=lambda data: bool(data.get("q")),
    )
