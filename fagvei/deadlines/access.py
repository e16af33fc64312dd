"""What the deadline list offers a user to filter on: the schemes they see items of, and
the people responsible on the pathways they manage. The items themselves are narrowed
by the engine (``engine.ask_for``), which every page, panel, API route, reminder and
feed goes through."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from fagvei.accounts.access import scope_for
from fagvei.accounts.models import Role
from fagvei.pathways.models import Follow, Pathway, PathwayMember, Scheme
from fagvei.people.models import Person

from . import freshness

# The people offered as "responsible", at most.
PEOPLE_OPTIONS = 200
# Where the user's schemes are more than a list can hold, the filter is left out.
SCHEME_OPTIONS = 200


def filter_schemes(user: Any) -> list[tuple[int, str]] | None:
    """The schemes the user may narrow the list to, as (id, name) by name: those their
    organisations run and those of the pathways they manage. None for the administrator,
    and for anyone with more than ``limit``: too many to list; the list is filtered by
    trade or kind instead."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    runs = scope.orgs_with(Role.COORDINATOR, Role.SCHOOL_COORDINATOR)
    # Two steps, each on an index: the managed pathways' ids from the follow table, then
    # their schemes (one join the planner could turn into a scan of every pathway).
    managed = list(Follow.objects.filter(user_id=user.pk, manages=True).values_list("pathway_id", flat=True))
    ids = (
        set(Pathway.objects.filter(pk__in=managed).values_list("scheme_id", flat=True).distinct()) if managed else set()
    )
    found = Scheme.objects.filter(Q(pk__in=ids - {None}) | Q(organisation_id__in=runs)).order_by("name", "pk")
    rows = list(found.values_list("pk", "name")[: SCHEME_OPTIONS + 1])
    return None if len(rows) > SCHEME_OPTIONS else rows


def responsible_people(user: Any) -> list[tuple[int, str]]:
    """The user themself first, then the people in a role on the pathways they manage,
    and their coordinators, by name."""
    scope = scope_for(user)
    found: list[tuple[int, str]] = []
    if scope.person_id is not None:
        found.append((scope.person_id, _("Me")))
    if scope.is_caseworker and not scope.is_admin:
        managed = list(Follow.objects.filter(user_id=user.pk, manages=True).values_list("pathway_id", flat=True))
        held = set(PathwayMember.objects.filter(pathway_id__in=managed).values_list("person_id", flat=True))
        held.discard(scope.person_id or 0)
        people = (
            Person.objects.filter(pk__in=held)
            .order_by("last_name", "first_name", "pk")
            .values_list("pk", "first_name", "last_name")[:PEOPLE_OPTIONS]
        )
        found.extend((pk, f"{first} {last}") for pk, first, last in people)
    return found


def filter_options(user: Any) -> tuple[list[tuple[int, str]] | None, list[tuple[int, str]]]:
    """The schemes and the people of the list's filters, kept between visits as the
    list's first page is (they change only with the user's pathways)."""
    return freshness.kept_value(user, "options", lambda: (filter_schemes(user), responsible_people(user)))
