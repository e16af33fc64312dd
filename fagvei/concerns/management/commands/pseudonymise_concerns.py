"""``manage.py pseudonymise_concerns``: empty the text of concerns closed as resolved longer
ago than FAGVEI_CONCERN_RETENTION_DAYS (run it daily, e.g. from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fagvei.concerns.services import pseudonymise_resolved_concerns


class Command(BaseCommand):
    help = (
        "Empty the description, minutes, notes, goals and categories of concerns resolved longer ago than "
        "FAGVEI_CONCERN_RETENTION_DAYS, keeping the steps' dates, the events and the access log."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        emptied = pseudonymise_resolved_concerns()
        self.stdout.write(f"{emptied} concern(s) pseudonymised")
