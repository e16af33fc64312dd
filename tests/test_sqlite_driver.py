"""The SQLite that fagvei runs on: new enough, and safe to open and close from many threads.

`make run` serves with Django's threaded development server, so connections are opened and
closed from several threads at once. SQLite 3.51.1 could deadlock there (fixed in 3.51.2),
and releases before 3.51.3 have the WAL-reset corruption bug.
"""

from __future__ import annotations

import pytest
from django.db import connection

MINIMUM = (3, 51, 3)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_bundled_sqlite_has_the_deadlock_and_wal_reset_fixes():
    import pysqlite3

    assert _version(pysqlite3.sqlite_version) >= MINIMUM, pysqlite3.sqlite_version


@pytest.mark.django_db
def test_the_database_in_use_is_a_fixed_sqlite_when_running_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("runs on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()")
        (version,) = cursor.fetchone()
    assert _version(version) >= MINIMUM, version
