"""Who may see and change people.

A person is seen by themselves, by caseworkers of the organisation that registered
them, and by whoever the apps above register: ``pathways`` adds the people on the
pathways a user may see. The rules are kept as rows, one per user and person
(fagvei/people/follows.py, where apps register theirs): every check reads that table
through its index (ARCHITECTURE.md: access lives with its app).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fagvei.accounts.access import fetch_for, scope_for
from fagvei.core.lists import ListQuery, in_order
from fagvei.core.search import name_search

from .models import Follow, Person


def visible_people(user: Any) -> QuerySet[Person]:
    """The people in the user's scope (fagvei/people/follows.py keeps it), or everyone
    for the administrator."""
    scope = scope_for(user)
    qs = Person.objects.all()
    if scope.is_admin:
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(follows__user_id=user.pk)


def followed_people(user: Any) -> QuerySet[Any] | None:
    """The user's rows of the people follow table, or None for the administrator."""
    if scope_for(user).is_admin:
        return None
    if not getattr(user, "is_authenticated", False):
        return Follow.objects.none()
    return Follow.objects.filter(user_id=user.pk)


def can_manage_person(user: Any, person: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if not scope.is_caseworker:
        return False
    return Follow.objects.filter(user_id=user.pk, person_id=person.pk, manages=True).exists()


def get_person_for(user: Any, person_id: Any, *, write: bool = False) -> Any:
    return fetch_for(visible_people(user), person_id, can_manage_person, user, write)


def person_list_query(user: Any) -> ListQuery:
    """The people list, for the page and the API: read from the user's follow rows (or
    the people's own sort index for the administrator), the ids of one page, then those
    people, with only what a list shows: never the national identity number."""
    rows = followed_people(user)
    index: QuerySet[Any] = Person.objects.all() if rows is None else rows
    key = "pk" if rows is None else "person_id"

    def narrow(qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        return name_search(qs, data["q"], model=Person, id_field=key) if data.get("q") else qs

    def load(ids: list[int]) -> list[Any]:
        shown = Person.objects.only("id", "first_name", "last_name", "birth_date", "preferred_language")
        return in_order(shown.order_by().in_bulk(ids), ids)

    return ListQuery(
        index, ("sort_key", key), narrow=narrow, load=load, key=key, whole=lambda data: bool(data.get("q"))
    )
