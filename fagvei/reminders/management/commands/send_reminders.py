"""``manage.py send_reminders``: plan today's digests and send the outbox (issue 12).

Once by default (from cron, at the hour the digests should go: each run plans what is
not planned yet and sends what is due), or ``--loop`` beside the server (``make run``):
then the day's digests are planned at the first sweep from ``FAGVEI_REMINDER_HOUR``
(Europe/Oslo) on, and the outbox is swept every ``--interval`` seconds, which also
picks up the reminders of a worker that died. Safe to run several at once, and to kill
at any moment (fagvei/reminders/outbox.py says how).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from fagvei.core import clock
from fagvei.reminders.outbox import send_due, worker_token
from fagvei.reminders.planning import plan_digests

logger = logging.getLogger("fagvei.reminders")


class Command(BaseCommand):
    help = "Plan today's e-mail reminders and send those due, once or in a loop (--loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running: sweep the outbox every --interval.")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.FAGVEI_REMINDER_INTERVAL_SECONDS,
            help="Seconds between sweeps with --loop (FAGVEI_REMINDER_INTERVAL_SECONDS).",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=settings.FAGVEI_REMINDER_LEASE_SECONDS,
            help="Seconds after which another worker's claim is taken for a dead worker's "
            "(FAGVEI_REMINDER_LEASE_SECONDS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0 or options["lease"] < 0:
            self.stderr.write("--interval must be above 0 and --lease at least 0.")
            raise SystemExit(2)
        self.stopping = False
        worker = worker_token()
        lease = dt.timedelta(seconds=options["lease"])
        if not options["loop"]:
            planned = plan_digests()
            sent = send_due(worker, lease)
            self.stdout.write(f"Reminders: {planned} planned, {sent} sent.")
            return
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        planned_for: dt.date | None = None
        while not self.stopping:
            try:
                today = clock.today()
                if planned_for != today and timezone.localtime(clock.now()).hour >= settings.FAGVEI_REMINDER_HOUR:
                    plan_digests(today)
                    planned_for = today
                send_due(worker, lease, stop=lambda: self.stopping)
            except DatabaseError:
                # The database away for a moment: the next sweep tries again.
                logger.exception("reminders: the sweep failed")
            close_old_connections()
            self._sleep(options["interval"])

    def _stop(self, signum: int, frame: Any) -> None:
        # Ends the loop between two reminders; a reminder being sent is sent and marked.
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < until:
            time.sleep(min(0.5, until - time.monotonic()))
