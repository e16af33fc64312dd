"""Stored name keys, and name search an index serves on every database.

A model that is listed by name keeps a ``SortKeyField`` (fagvei.lib.names): the list is
ordered on it through an ordinary index, and a name search matches each word as a
substring of it. On PostgreSQL a trigram index (pg_trgm) serves ``LIKE '%word%'``; on
SQLite an FTS5 table with the trigram tokenizer, kept beside the model's table, gives the
candidate rows. The index only narrows: every word is also tested against the stored
key itself, so the result is exact whichever way the database finds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from fagvei.lib.names import search_terms

# The shortest word a trigram index can look up.
TRIGRAM = 3


class SortKeyField(models.CharField):  # type: ignore[type-arg]
    """A key for ordering and searching names, compared byte by byte on every database
    (SQLite's default; the "C" collation on PostgreSQL, whatever the database's locale)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def _fts_table(table: str) -> str:
    return f"{table}_names"


def create_name_index(schema_editor: Any, table: str, column: str = "sort_key") -> None:
    """Create the search index of ``table.column`` (in a migration) and fill it."""
    vendor = schema_editor.connection.vendor
    qn = schema_editor.quote_name
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX {qn(table + '_' + column + '_trgm')} ON {qn(table)} USING gin ({qn(column)} gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        fts = _fts_table(table)
        # Contentless: the key stays in the model's table; rows are deleted by rowid.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {qn(fts)} USING fts5({qn(column)}, content='', contentless_delete=1, "
            "tokenize='trigram')"
        )
        rebuild_name_index(schema_editor.connection, table, column)


def drop_name_index(schema_editor: Any, table: str, column: str = "sort_key") -> None:
    qn = schema_editor.quote_name
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {qn(table + '_' + column + '_trgm')}")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {qn(_fts_table(table))}")


def rebuild_name_index(connection: Any, table: str, column: str = "sort_key") -> None:
    """Fill the SQLite index again from the table (after rows were written in bulk)."""
    if connection.vendor != "sqlite":
        return
    qn = connection.ops.quote_name
    fts = _fts_table(table)
    # Only names from the code go into the statements (quoted): no value does.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(fts)}")  # noqa: S608
        cursor.execute(f"INSERT INTO {qn(fts)} (rowid, {qn(column)}) SELECT id, {qn(column)} FROM {qn(table)}")  # noqa: S608


def update_name_index(model: type[models.Model], rows: Iterable[tuple[int, str]], using: str = "default") -> None:
    """Tell the SQLite index the new keys of these rows (PostgreSQL's index keeps itself)."""
    connection = connections[using]
    rows = list(rows)
    if connection.vendor != "sqlite" or not rows:
        return
    qn = connection.ops.quote_name
    fts = qn(_fts_table(model._meta.db_table))
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {fts} WHERE rowid = %s", [(pk,) for pk, _ in rows])  # noqa: S608
        cursor.executemany(f"INSERT INTO {fts} (rowid, sort_key) VALUES (%s, %s)", rows)  # noqa: S608


def name_search(
    qs: QuerySet[Any], text: str, *, model: type[models.Model], key: str = "sort_key", id_field: str = "pk"
) -> QuerySet[Any]:
    """Narrow ``qs`` to the rows whose name key holds every word of ``text``.

    ``qs`` may be of ``model`` itself or of a table that copies its key (a follow
    table: then ``id_field`` names the column that holds ``model``'s id)."""
    terms = search_terms(text)
    for term in terms:
        qs = qs.filter(**{f"{key}__contains": term})
    indexed = [t for t in terms if len(t) >= TRIGRAM]
    if not indexed:
        return qs
    if connections[qs.db].vendor == "sqlite":
        fts = _fts_table(model._meta.db_table)
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
        # The table name comes from the model; the words are a parameter.
        found: Any = RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [match])  # noqa: S608, S611
    elif model is not qs.model:
        # The trigram index is on the model's own table: find the ids there.
        found = model._default_manager.all()
        for term in indexed:
            found = found.filter(**{f"{key}__contains": term})
        found = found.values("pk")
    else:
        return qs  # PostgreSQL's trigram index serves the LIKEs above as they are
    return qs.filter(**{f"{id_field}__in": found})
