"""Every query of the key pages is served by an index: none sorts a whole scope and none
reads a whole table without a bound. The deadline rules of the start page's "What needs
me" are the one exception to the first: each sorts the asker's due rows by a date it
works out on every read (fagvei/deadlines/engine.py, COLLECTING), bounded by the scope;
they still may not scan a whole table, and `make bench` measures them. Checked on
SQLite's plans, for every kind of scope (PostgreSQL's plans depend on statistics a test
database does not have; `make bench` measures them at national size).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from fagvei.deadlines.engine import COLLECTING
from tests.pathways.test_list_queries import _grow, scopes  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")

BIG = ("pathways_pathway", "pathways_follow", "people_person", "people_follow", "organisations_organisation")
PAGES = [
    ("home", {}),
    ("pathway_list", {}),
    ("pathway_list", {"stage": "in_training", "page": "2"}),
    ("pathway_list", {"q": "nummer"}),
    ("person_list", {}),
    ("person_list", {"q": "nummer"}),
    ("organisation_list", {}),
]


def _plan(sql: str, params: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


@pytest.mark.parametrize("scope", ["coordinator", "county", "office", "mentor", "admin"])
def test_no_key_page_sorts_or_scans_a_whole_table(scopes: Any, scope: str, client: Any) -> None:  # noqa: F811
    # No statistics: SQLite then plans as for tables of a million rows, where a few dozen
    # rows would let it scan anything.
    _grow(scopes, 40)
    client.force_login(scopes["users"][scope])
    for page, params in PAGES:
        queries: list[tuple[str, Any, bool]] = []

        def keep(execute: Any, sql: str, sql_params: Any, many: bool, context: Any, into: list[Any] = queries) -> Any:
            into.append((sql, sql_params, COLLECTING.get()))
            return execute(sql, sql_params, many, context)

        with connection.execute_wrapper(keep):
            assert client.get(reverse(page), params).status_code == 200
        for sql, sql_params, by_rule in queries:
            if not sql.startswith("SELECT") or not any(f'"{table}"' in sql for table in BIG):
                continue
            plan = _plan(sql, sql_params or ())
            where = f"{page} {params} as {scope}: {sql[:200]}"
            # A search sorts its hits (as many as match the name); nothing else sorts.
            if " LIMIT " in sql and "q" not in params and not by_rule:
                assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan), (where, plan)
            for line in plan:
                table = re.match(r"SCAN (\w+)$", line)
                assert not (table and table.group(1) in BIG and " LIMIT " not in sql), (where, plan)
