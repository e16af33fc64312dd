"""Browser tests: a real server in a subprocess, on its own fresh database with the demo
loaded, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fresh_db import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FAGVEI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_env() -> Iterator[dict[str, str]]:
    """The environment of the test server: its own fresh database with the demo loaded.
    Tests that need more data than the demo has write it with ``run_in_live_db``."""
    tmp = tempfile.TemporaryDirectory(prefix="fagvei-e2e-")
    db_url = fresh_database_url("fagvei_e2e", tmp.name)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "FAGVEI_DEBUG": "1",
        "FAGVEI_FAST_PASSWORD_HASHER": "1",
        "FAGVEI_E2E_TMP": tmp.name,
        # Uploaded documents in the test's own folder, never the project's var/.
        "FAGVEI_DOCUMENT_ROOT": os.path.join(tmp.name, "documents"),
        # Every test signs in from 127.0.0.1, some of them for persona after persona:
        # the suite passes the production limit of 30 login attempts a minute from one
        # address and would be turned away at the login page. The limit itself is
        # tested in tests/accounts.
        "FAGVEI_LOGIN_ATTEMPT_RATE_LIMIT": "1000/m/ip",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        yield env
    finally:
        tmp.cleanup()


def run_in_live_db(env: dict[str, str], code: str) -> str:
    """Run Python code in ``manage.py shell`` against the test server's database (the
    server runs in another process, so the test's own database connection cannot see
    it); returns what the code printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-startup", "-v", "0", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@pytest.fixture(scope="session")
def live_url(live_env: dict[str, str]) -> Iterator[str]:
    log = Path(live_env["FAGVEI_E2E_TMP"]) / "server.log"
    manage = [sys.executable, str(ROOT / "manage.py")]
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=live_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - closed with the process
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310 - loopback only
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the test server did not start: " + log.read_text())
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def login(page: Any, username: str, password: str = "fagvei-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def choose(page: Any, name: str, contains: str) -> None:
    """Pick the first option of a select whose text contains ``contains``."""
    options = page.locator(f"select[name={name}] option")
    texts = options.all_inner_texts()
    match = next(i for i, text in enumerate(texts) if contains.lower() in text.lower())
    page.select_option(f"select[name={name}]", index=match)
