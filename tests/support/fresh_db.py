"""A fresh, migrated database for tests that run other processes against it (the
browser tests' server, the concurrency workers): a SQLite file in a temporary folder,
or a new PostgreSQL database beside the one in DATABASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def fresh_database_url(name: str, folder: str) -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder}/{name}.sqlite3"
    import psycopg

    parts = urlsplit(configured)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def process_env(db_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "FAGVEI_FAST_PASSWORD_HASHER": "1",
        # Debug is off here: the development key would be refused (fagvei.E001).
        "FAGVEI_SECRET_KEY": "test-only-key-for-processes-started-by-the-tests-0123456789",
        "DJANGO_SETTINGS_MODULE": "fagvei.settings",
        "PYTHONPATH": str(ROOT),
    }


def migrate(db_url: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=process_env(db_url),
        check=True,
        cwd=ROOT,
    )
