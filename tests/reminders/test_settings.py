"""The reminders' settings: the base address of links and the lease are checked when
the settings are read; a value that cannot be right stops the start."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.fresh_db import ROOT

READ = "from fagvei import settings as s; print(s.FAGVEI_BASE_URL, s.FAGVEI_REMINDER_LEASE_SECONDS)"


def _start(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("FAGVEI_")}
    env.update(variables)
    return subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_base_address_is_kept_without_its_trailing_slash() -> None:
    started = _start(FAGVEI_BASE_URL="https://fagvei.fjordvik.kommune.no/")
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["https://fagvei.fjordvik.kommune.no", "600"]


@pytest.mark.parametrize(
    "value", ["fagvei.example.no", "ftp://fagvei.example.no", "https://", "https://x.no/?a=1", "https://x.no:port"]
)
def test_a_base_address_that_cannot_make_links_stops_the_start(value: str) -> None:
    started = _start(FAGVEI_BASE_URL=value)
    assert started.returncode != 0
    assert "FAGVEI_BASE_URL" in started.stderr


def test_a_lease_shorter_than_two_e_mail_timeouts_stops_the_start() -> None:
    started = _start(FAGVEI_REMINDER_LEASE_SECONDS="50", FAGVEI_EMAIL_TIMEOUT="30")
    assert started.returncode != 0
    assert "FAGVEI_REMINDER_LEASE_SECONDS" in started.stderr


def test_the_planning_hour_is_an_hour_of_the_day() -> None:
    assert _start(FAGVEI_REMINDER_HOUR="24").returncode != 0
    assert _start(FAGVEI_REMINDER_HOUR="6").returncode == 0
