"""What the deadline list offers a user to filter on: the schemes they see items of, and
the people responsible on the pathways they manage. The items themselves are narrowed
by the engine (``engine.ask_for``), which every page, panel, API route, reminder and
feed goes through."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fagvei.accounts.access import scope_for
from fagvei.pathways.models import Pathway, Scheme
from fagvei.people.models import Person

# The people offered as "responsible", at most.
PEOPLE_OPTIONS = 200


def filter_schemes(user: Any) -> Any:
    """The schemes of the pathways the user manages (None for the administrator: too many
    to list; the list is filtered by trade or kind instead)."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    managed = Pathway.objects.filter(follows__user_id=user.pk, follows__manages=True).values("scheme_id")
    return Scheme.objects.filter(pk__in=managed).order_by("name")


def responsible_people(user: Any) -> list[tuple[int, str]]:
    """The user themself first, then the people in a role on the pathways they manage,
    and their coordinators, by name."""
    scope = scope_for(user)
    found: list[tuple[int, str]] = []
    if scope.person_id is not None:
        found.append((scope.person_id, _("Me")))
    if scope.is_caseworker and not scope.is_admin:
        managed = Pathway.objects.filter(follows__user_id=user.pk, follows__manages=True)
        people = (
            Person.objects.filter(pathway_roles__pathway__in=managed.values("pk"))
            .exclude(pk=scope.person_id or 0)
            .distinct()
            .order_by("last_name", "first_name", "pk")
            .values_list("pk", "first_name", "last_name")[:PEOPLE_OPTIONS]
        )
        found.extend((pk, f"{first} {last}") for pk, first, last in people)
    return found
