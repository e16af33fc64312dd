"""Django's SQLite backend on pysqlite3, which bundles a newer SQLite than Debian 12's 3.40.

Django's backend does ``from sqlite3 import dbapi2``; the module aliases below make that
import resolve to pysqlite3. They must be in place before Django's backend is imported,
which is why this module exists instead of a setting.
"""

import sys

import pysqlite3
import pysqlite3.dbapi2

sys.modules["sqlite3"] = pysqlite3
sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2

from django.db.backends.sqlite3.base import *  # noqa: E402,F403
from django.db.backends.sqlite3.base import DatabaseWrapper  # noqa: E402,F401
