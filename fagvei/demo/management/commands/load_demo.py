"""``manage.py load_demo``: the Fjordvik demo (see ``fagvei.demo``)."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fagvei.demo import DemoError, load_demo
from fagvei.pathways.models import Pathway


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = "Load the demo: a fictional municipality with its schemes, demo users and about 60 pathways."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already holds pathways."
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="The date the demo is built around (default: today in Europe/Oslo).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Pathway.objects.exists():
            self.stdout.write("The database already holds pathways; the demo was not loaded.")
            return
        started = time.monotonic()
        try:
            counts = load_demo(today=options["today"], stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo in {time.monotonic() - started:.1f} s: {counts['pathways']} pathways, "
                f"{counts['users']} users. Run manage.py demo_logins for the logins."
            )
        )
