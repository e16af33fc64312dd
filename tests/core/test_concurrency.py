"""Nothing is lost when several people save the same record at once (QUALITY.md,
"Concurrent edits"). Workers in separate processes, against a real database file or
server, each save every editable record based on the same version; exactly one save
per record may succeed, and what stands is what that worker saved."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.fresh_db import ROOT, fresh_database_url, migrate, process_env

WORKERS = 6
WORKER = str(Path(__file__).resolve().parents[1] / "support" / "concurrent_saves.py")


def _run(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, WORKER, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def concurrent_results() -> Any:
    with tempfile.TemporaryDirectory(prefix="fagvei-concurrency-") as folder:
        db_url = fresh_database_url("fagvei_concurrency", folder)
        migrate(db_url)
        env = process_env(db_url)
        ids = _run(env, "setup")
        # Every worker imports Django first; the shots are fired well after that.
        start = time.time() + 6
        workers = [
            subprocess.Popen(
                [sys.executable, WORKER, "save", str(i), str(start), json.dumps(ids)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(WORKERS)
        ]
        outcomes = []
        for worker in workers:
            out, err = worker.communicate(timeout=180)
            assert worker.returncode == 0, err[-3000:]
            outcomes.append(json.loads(out.strip().splitlines()[-1]))
        yield outcomes, _run(env, "read", json.dumps(ids))


def _winner(outcomes: list[dict[str, str]], kind: str) -> int:
    saved = [i for i, result in enumerate(outcomes) if result[kind] == "saved"]
    assert len(saved) == 1, f"{kind}: {len(saved)} of {WORKERS} were told their save stood: {outcomes}"
    return saved[0]


@pytest.mark.parametrize(
    ("kind", "stands"),
    [
        ("pathway", lambda i: f"worker {i}"),
        ("person", lambda i: f"9000{i:04d}"),
        ("organisation", lambda i: f"9100{i:04d}"),
        ("first_screening", lambda i: [f"{10 + i}.0"]),
        ("screening", lambda i: [f"{10 + i}.0"]),
        ("police_certificate", lambda i: [i + 1]),
        ("consent", lambda i: [i]),
        ("approval", lambda i: [i + 1]),
    ],
)
def test_concurrent_conflicting_saves_lose_nothing(concurrent_results: Any, kind: str, stands: Any) -> None:
    outcomes, final = concurrent_results
    winner = _winner(outcomes, kind)
    assert final[kind] == stands(winner), f"{kind}: worker {winner} was told it saved, but {final[kind]!r} stands"
    for result in outcomes:
        assert result[kind] == "saved" or result[kind].startswith("refused: ")
