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

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from fagvei.accounts.access import Scope, fetch_for, scope_for
from fagvei.accounts.models import Role
from fagvei.core.domain import DomainError
from fagvei.core.lists import ListQuery, in_order
from fagvei.core.search import name_search
from fagvei.organisations.access import register_organisation_scope

from .follows import stage_counts
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


def managed_pathways(user: Any, ids: list[int]) -> list[Pathway]:
    """The pathways ``ids`` for an action on many at once (the list's reassignment and
    export), in the list's order: a 404 when one is not the user's to see, a refusal
    naming the field when one is seen but not managed. Two queries whatever their number."""
    rows = list(visible_pathways(user).filter(pk__in=ids).order_by("sort_key", "pk").distinct())
    if len(rows) != len(set(ids)):
        raise Http404
    scope = scope_for(user)
    if not scope.is_admin:
        managing = set(
            Follow.objects.filter(user_id=user.pk, pathway_id__in=ids, manages=True).values_list(
                "pathway_id", flat=True
            )
        )
        if not scope.is_caseworker or managing != set(ids):
            raise DomainError(_("Pathways: choose only pathways you manage."), field="pathways")
    return rows


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


# The list's filters that are a field of the pathway, chosen from a list.
FILTERS = ("scheme", "trade", "track")


def pathway_list_query(user: Any) -> ListQuery:
    """The pathway list, for the page and the API: read from the user's follow rows (or,
    for the administrator, from the pathways' own sort index), both holding the stage
    and the participant's name key; the filters of ``PathwayFilterForm``."""
    rows = followed(user)
    index: QuerySet[Any] = Pathway.objects.all() if rows is None else rows
    on, key = ("", "pk") if rows is None else ("pathway__", "pathway_id")

    def narrow(qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("q"):
            qs = name_search(qs, data["q"], model=Pathway, id_field=key)
        if data.get("stage"):
            qs = qs.filter(stage=data["stage"])
        if data.get("scheme_name"):
            qs = qs.filter(**{f"{on}scheme__name__icontains": data["scheme_name"]})
        return qs.filter(**{f"{on}{name}": data[name] for name in FILTERS if data.get(name)})

    def count(data: dict[str, Any]) -> int | None:
        if rows is not None or data.get("q") or data.get("scheme_name") or any(data.get(n) for n in FILTERS):
            return None
        counts = stage_counts()
        return counts.get(data["stage"], 0) if data.get("stage") else sum(counts.values())

    def load(ids: list[int]) -> list[Any]:
        # Only what the list shows.
        shown = Pathway.objects.select_related("participant", "trade", "scheme", "workplace").only(
            "stage",
            "track",
            "participant__first_name",
            "participant__last_name",
            "trade__name",
            "scheme__name",
            "workplace__name",
        )
        return in_order(shown.order_by().in_bulk(ids), ids)

    return ListQuery(
        index, ("sort_key", key), narrow=narrow, load=load, key=key, count=count, whole=lambda data: bool(data.get("q"))
    )


def load_details(pathway: Pathway) -> None:
    """Load once what the lifecycle checks and the pathway page's sections read: the
    members with their people, the consents, the workplace's approvals, the screening and
    the police certificate (for the page and the API alike)."""
    from fagvei.organisations.models import TradeApproval

    from .models import PathwayMember, PoliceCertificate, Screening

    prefetch_related_objects(
        [pathway],
        Prefetch("members", queryset=PathwayMember.objects.select_related("person")),
        "consents",
        Prefetch("workplace__approvals", queryset=TradeApproval.objects.all()),
    )
    # Fill the one-to-one caches so the lifecycle checks and sections do not query again.
    screening = Screening.objects.filter(pathway=pathway).select_related("screened_by").first()
    certificate = PoliceCertificate.objects.filter(pathway=pathway).select_related("checked_by").first()
    pathway._state.fields_cache["screening"] = screening
    pathway._state.fields_cache["police_certificate"] = certificate


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
