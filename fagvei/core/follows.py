"""Keeping a follow table: the rows a rule says should be there, compared with the rows
that are, for the part of the table a change touches.

A follow table holds one row per user and object in the user's scope (pathways and
people have one each). The rules live with their app; this module only applies them:
``sync`` reads the rows the rules give for some users or some objects, and inserts,
updates and deletes until the table holds exactly those. It runs in the transaction of
the change that called it, so the table is never behind what it describes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from django.db import models

# At most this many ids in one ``IN`` (SQLite allows 32 766 parameters in a statement).
CHUNK = 5000


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# A rule: (users, objects) → (user id, object id, manages) for the rows it grants.
Rule = Callable[[Collection[int] | None, Collection[int] | None], Iterable[tuple[int, int, bool]]]


def wanted(
    rules: Iterable[Rule], users: Collection[int] | None, objects: Collection[int] | None
) -> dict[tuple[int, int], bool]:
    """(user, object) → manages, over every rule: managing by any rule is managing."""
    rows: dict[tuple[int, int], bool] = {}
    for rule in rules:
        for user_id, object_id, manages in rule(users, objects):
            rows[(user_id, object_id)] = rows.get((user_id, object_id), False) or bool(manages)
    return rows


def apply(
    model: type[models.Model],
    object_field: str,
    existing: models.QuerySet[Any],
    rows: dict[tuple[int, int], bool],
    copies: Callable[[set[int]], dict[int, dict[str, Any]]],
) -> set[int]:
    """Make ``existing`` (the part of the table in question) hold exactly ``rows``, each
    with the copied columns ``copies`` gives for its object. Returns the ids of the
    objects whose rows changed."""
    have: dict[tuple[int, int], tuple[int, bool, dict[str, Any]]] = {}
    copied_names: list[str] = []
    objects = {object_id for _, object_id in rows}
    copied = copies(objects) if objects else {}
    if copied:
        copied_names = list(next(iter(copied.values())))
    for pk, user_id, object_id, manages, *values in existing.values_list(
        "pk", "user_id", f"{object_field}_id", "manages", *copied_names
    ):
        have[(user_id, object_id)] = (pk, manages, dict(zip(copied_names, values, strict=True)))
    touched: set[int] = set()
    gone = [pk for key, (pk, _, _) in have.items() if key not in rows]
    for batch in chunks(gone):
        model._default_manager.filter(pk__in=batch).delete()
    touched |= {key[1] for key in have if key not in rows}
    new = [
        model(user_id=user_id, **{f"{object_field}_id": object_id}, manages=manages, **copied.get(object_id, {}))
        for (user_id, object_id), manages in rows.items()
        if (user_id, object_id) not in have
    ]
    # Another transaction may have written the same row a moment ago: it is the same row.
    model._default_manager.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    touched |= {getattr(row, f"{object_field}_id") for row in new}
    changed = []
    for key, manages in rows.items():
        if key not in have:
            continue
        pk, had_manages, had_values = have[key]
        values = copied.get(key[1], {})
        if had_manages != manages or had_values != values:
            changed.append(model(pk=pk, manages=manages, **values))
            touched.add(key[1])
    if changed:
        model._default_manager.bulk_update(changed, ["manages", *copied_names], batch_size=CHUNK)
    return touched
