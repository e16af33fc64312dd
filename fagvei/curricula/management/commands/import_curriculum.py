"""manage.py import_curriculum SOURCE [SOURCE ...] [--trade CODE]

SOURCE is a JSON file (the Grep API shape or the simplified extract shape), an http(s)
address, or a bare curriculum code such as HEA03-03, fetched from Udir's Grep API.
All sources are read first; then all are written in one transaction, so a bad source
leaves the database as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fagvei.core.domain import DomainError
from fagvei.curricula import grep
from fagvei.curricula.models import Trade

# Module-level so tests can replace it: there is no network in the test suite.
fetch: grep.Fetcher = grep.fetch_json


class Command(BaseCommand):
    help = (
        "Import curricula (læreplaner) from Udir's Grep: a JSON file, a URL, or a curriculum code "
        f"fetched from {grep.GREP_BASE_URL}laereplaner-lk20/{{code}}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file path, URL or curriculum code")
        parser.add_argument("--trade", metavar="CODE", help="link the curricula to this trade (e.g. HEA)")

    def handle(self, *args: Any, **options: Any) -> None:
        trade = None
        if options["trade"]:
            trade = Trade.objects.filter(code=options["trade"]).first()
            if trade is None:
                known = ", ".join(Trade.objects.values_list("code", flat=True)) or "-"
                raise CommandError(f"Unknown trade {options['trade']!r}. Known trades: {known}.")

        parsed: list[grep.ParsedCurriculum] = []
        for source in options["sources"]:
            try:
                parsed.append(self.read(source))
            except DomainError as exc:
                raise CommandError(f"{source}: {exc}") from exc

        try:
            with transaction.atomic():
                for item in parsed:
                    grep.import_curriculum(item, trade=trade)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

        for item in parsed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {item.code} {item.title}: {item.goal_count} competence goals "
                    f"in {len(item.goal_sets)} set(s)" + (f", trade {trade.code}" if trade else "")
                )
            )

    def read(self, source: str) -> grep.ParsedCurriculum:
        if source.startswith(("https://", "http://")):
            return grep.parse_url(source, fetch=fetch)
        path = Path(source)
        if path.is_file():
            return grep.parse_file(path, fetch=fetch)
        if grep.CURRICULUM_CODE.match(source):
            return grep.parse_url(grep.curriculum_url(source.upper()), fetch=fetch)
        if path.exists():
            raise CommandError(f"{source}: not a file.")
        raise CommandError(f"{source}: no such file, and not a URL or a curriculum code (like HEA03-03).")
