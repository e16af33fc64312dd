"""Django's SQLite backend on pysqlite3, which bundles a newer SQLite than Debian 12's 3.40.

Django's backend does ``from sqlite3 import dbapi2``; the module aliases below make that
import resolve to pysqlite3. They must be in place before Django's backend is imported,
which is why this module exists instead of a setting.
"""

import sys
from typing import Any

import pysqlite3
import pysqlite3.dbapi2

sys.modules["sqlite3"] = pysqlite3
sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2

from django.db.backends.sqlite3.base import *  # noqa: E402,F403
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper  # noqa: E402


class DatabaseWrapper(SQLiteDatabaseWrapper):  # type: ignore[no-redef]
    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        # The query planner needs statistics to prefer the access scope's indexes over a
        # scan of a whole stage. A database that has never been analysed gets a bounded
        # ANALYZE here (about half a second per 100 000 pathways with their events);
        # after that ``PRAGMA optimize=0x10002`` keeps them fresh (SQLite's advice for
        # running it on open: it re-analyses a table only when it has grown a lot). No
        # analysis_limit: sampled statistics misled the planner the same way.
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            conn.execute("ANALYZE")
            return conn
        try:
            conn.execute("PRAGMA optimize=0x10002")
        except pysqlite3.dbapi2.OperationalError as exc:
            # When optimize decides to analyse, it upgrades its read to a write; if another
            # connection wrote in between, SQLite answers "database is locked" at once,
            # without waiting for the busy timeout. Another connection is refreshing or
            # using the statistics then: this one skips it rather than failing a request.
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF != pysqlite3.dbapi2.SQLITE_BUSY:
                raise
        return conn
