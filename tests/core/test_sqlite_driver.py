"""The SQLite that fagvei runs on: new enough, and safe to open and close from many threads.

`make run` serves with Django's threaded development server, so connections are opened and
closed from several threads at once. SQLite 3.51.1 could deadlock there (fixed in 3.51.2),
and releases before 3.51.3 have the WAL-reset corruption bug.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
MINIMUM = (3, 51, 3)

# Runs in a child process, so that a deadlock hangs only the child and the test can see it
# as a timeout. It goes through fagvei's own database backend with the project's options
# (WAL, init command, the ANALYZE on open), the way each request thread of the
# development server does.
CHURN = textwrap.dedent(
    """
    import sys, threading, time
    import django
    from django.conf import settings
    from fagvei.settings import sqlite_database

    settings.configure(DATABASES={"default": sqlite_database(sys.argv[1])}, USE_TZ=True)
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
        cursor.execute("CREATE INDEX item_name ON item (name)")
        cursor.execute("INSERT INTO item (name) VALUES ('a'), ('b'), ('c')")
    connection.close()

    seconds, threads = float(sys.argv[2]), int(sys.argv[3])
    deadline = time.monotonic() + seconds
    rounds, errors = [], []

    def churn():
        done = 0
        try:
            while time.monotonic() < deadline:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM item WHERE name > %s", ["a"])
                    cursor.fetchone()
                connection.close()
                done += 1
        except Exception as exc:
            errors.append(repr(exc))
        rounds.append(done)

    workers = [threading.Thread(target=churn) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(sum(rounds), len(rounds))
    if errors:
        sys.exit("errors: " + "; ".join(errors[:5]))
    """
)


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


def test_opening_and_closing_connections_from_eight_threads_does_not_hang(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHURN, str(tmp_path / "churn.sqlite3"), "3", "8"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=40,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("opening and closing SQLite connections from eight threads hung")
    assert result.returncode == 0, result.stderr[-2000:]
    total, threads = (int(n) for n in result.stdout.split())
    assert threads == 8
    assert total > 8


def test_a_connection_opens_while_another_writes_and_the_statistics_are_stale(tmp_path):
    """``PRAGMA optimize`` on open wants to re-analyse a table that has grown; with another
    connection writing it cannot, and the new connection must open anyway."""
    import pysqlite3.dbapi2 as sqlite3
    from django.db.utils import ConnectionHandler

    from fagvei.settings import sqlite_database

    path = tmp_path / "stale.sqlite3"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
    setup.execute("CREATE INDEX item_name ON item (name)")
    setup.execute("INSERT INTO item (name) VALUES ('a')")
    setup.execute("ANALYZE")
    setup.executemany("INSERT INTO item (name) VALUES (?)", [(str(n),) for n in range(5000)])
    setup.close()

    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO item (name) VALUES ('b')")
    database = sqlite_database(path)
    database["OPTIONS"] = {**database["OPTIONS"], "timeout": 0.1}  # type: ignore[dict-item]
    wrapper = ConnectionHandler({"default": database})["default"]

    def open_and_count() -> Any:
        # The backend's own open, below pytest-django's guard on ensure_connection().
        conn = wrapper.get_new_connection(wrapper.get_connection_params())
        try:
            return conn.execute("SELECT count(*) FROM item").fetchone()
        finally:
            conn.close()

    try:
        # In a thread of its own, as a request thread of the server opens it (and out of
        # reach of an event loop a browser test may have left in the main thread).
        with ThreadPoolExecutor(max_workers=1) as pool:
            assert pool.submit(open_and_count).result(timeout=30) == (5001,)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
