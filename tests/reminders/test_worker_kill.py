"""The worker as a real process (issue 12): killed with SIGKILL in the middle of a send,
it loses no reminder, and the next run sends none twice; two workers started at once
plan and send each digest once.

The database is a fresh one the processes share (a SQLite file, or a new PostgreSQL
database beside DATABASE_URL's: tests/support/fresh_db.py); the e-mails are files
written by a slow test backend (tests/support/slow_mail.py), one per message, so a
message sent twice would be two files with one Message-ID."""

from __future__ import annotations

import email
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.support.fresh_db import ROOT, fresh_database_url, migrate, process_env

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")

USERS = 6
WORLDS = str(ROOT / "tests" / "support" / "reminder_worlds.py")


@pytest.fixture
def world() -> Any:
    """A migrated database with USERS coordinators who each have a deadline coming up,
    and a folder for the e-mails."""
    with tempfile.TemporaryDirectory(prefix="fagvei-reminders-") as folder:
        db_url = fresh_database_url("fagvei_reminders_worker", folder)
        migrate(db_url)
        mail_dir = Path(folder) / "mail"
        mail_dir.mkdir()
        env = {
            **process_env(db_url),
            "FAGVEI_EMAIL_BACKEND": "tests.support.slow_mail.EmailBackend",
            "FAGVEI_TEST_MAIL_DIR": str(mail_dir),
        }
        _script(env, "setup", str(USERS))
        yield env, mail_dir


def _script(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, WORLDS, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _worker(env: dict[str, str], *args: str, delay: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "send_reminders", *args],
        env={**env, "FAGVEI_TEST_MAIL_DELAY": str(delay)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _message_ids(mail_dir: Path) -> Counter[str]:
    return Counter(
        str(email.message_from_bytes(path.read_bytes())["Message-ID"]) for path in sorted(mail_dir.glob("*.eml"))
    )


def _wait_for(condition: Any, timeout: float = 60) -> None:
    until = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < until, "timed out"
        time.sleep(0.02)


def test_a_worker_killed_in_the_middle_of_a_send_loses_nothing_and_sends_nothing_twice(world: Any) -> None:
    env, mail_dir = world
    worker = _worker(env, delay=1.0)
    try:
        # Two e-mails written, the third being sent (its marker there, its file not yet).
        _wait_for(lambda: len(list(mail_dir.glob("*.eml"))) >= 2 and len(list(mail_dir.glob("sending-*"))) >= 3)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    sent_before = _message_ids(mail_dir)
    assert sum(sent_before.values()) == 2
    rows = _script(env, "read")
    assert len(rows) == USERS
    statuses = Counter(row["status"] for row in rows)
    # The one killed in its send is left claimed by the dead worker; the rest wait.
    assert statuses == {"sent": 2, "claimed": 1, "pending": USERS - 3}

    # The next run, once the dead worker's lease has run out, sends the rest.
    time.sleep(1.2)
    again = _worker(env, "--lease", "1", delay=0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err[-3000:]
    assert f"0 planned, {USERS - 2} sent" in out

    sent = _message_ids(mail_dir)
    assert len(sent) == USERS, "a reminder was lost"
    assert set(sent.values()) == {1}, f"sent more than once: {sent}"
    rows = _script(env, "read")
    assert {row["status"] for row in rows} == {"sent"}
    assert sorted(row["attempts"] for row in rows) == [1] * (USERS - 1) + [2]


def test_two_workers_at_once_plan_and_send_each_digest_once(world: Any) -> None:
    env, mail_dir = world
    workers = [_worker(env, delay=0.2) for _ in range(2)]
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-3000:]
        outputs.append(out)
    planned = sum(int(out.split("Reminders: ")[1].split(" planned")[0]) for out in outputs)
    assert planned == USERS
    sent = _message_ids(mail_dir)
    assert len(sent) == USERS and set(sent.values()) == {1}
    assert {row["status"] for row in _script(env, "read")} == {"sent"}


def test_the_loop_sends_the_days_digests_once_and_stops_on_sigterm(world: Any) -> None:
    env, mail_dir = world
    worker = _worker({**env, "FAGVEI_REMINDER_HOUR": "0"}, "--loop", "--interval", "0.3", delay=0)
    try:
        _wait_for(lambda: len(list(mail_dir.glob("*.eml"))) >= USERS)
        # A few sweeps more: nothing new is sent.
        time.sleep(1.5)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, worker.stderr.read()[-3000:] if worker.stderr else ""
    sent = _message_ids(mail_dir)
    assert len(sent) == USERS and set(sent.values()) == {1}
