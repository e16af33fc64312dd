"""``manage.py prune_document_files``: remove document files that no document keeps (run
it daily, e.g. from cron or a systemd timer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from fagvei.documents.services import prune_files


class Command(BaseCommand):
    help = (
        "Remove files in FAGVEI_DOCUMENT_ROOT that no document keeps: left by a transaction rolled "
        "back around an upload, or by a deletion whose removal did not run."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="Leave files written more recently than this (uploads still in their transaction).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = prune_files(older_than=dt.timedelta(minutes=max(1, options["older_than_minutes"])))
        self.stdout.write(f"{removed} file(s) removed")
