"""A test-only e-mail backend for the worker tests (tests/reminders/test_worker_kill.py),
chosen with FAGVEI_EMAIL_BACKEND=tests.support.slow_mail.EmailBackend.

Each message is a file in FAGVEI_TEST_MAIL_DIR, written whole (a rename) after a pause
of FAGVEI_TEST_MAIL_DELAY seconds, as a slow mail server takes its time. Before the pause
it leaves a ``sending-…`` marker, so a test knows when the worker is in the middle of a
send and can kill it there."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(os.environ["FAGVEI_TEST_MAIL_DIR"])
        self.delay = float(os.environ.get("FAGVEI_TEST_MAIL_DELAY", "0"))

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            name = uuid.uuid4().hex
            (self.folder / f"sending-{name}").touch()
            time.sleep(self.delay)
            partial = self.folder / f"{name}.partial"
            partial.write_bytes(message.message().as_bytes())
            partial.replace(self.folder / f"{name}.eml")
        return len(email_messages)
