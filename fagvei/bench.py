"""`make bench`: p50/p95 of the key pages on a small and a large data set, in process,
on a throw-away SQLite database. Writes docs/performance.md.

Sizes come from FAGVEI_BENCH_SMALL (default 1 000 pathways) and FAGVEI_BENCH_LARGE
(default 50 000 active pathways plus FAGVEI_BENCH_CLOSED closed ones, default 50 000).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("FAGVEI_BENCH_REQUESTS", "200"))


def _setup(db_path: Path) -> None:
    import warnings

    # Static files are not collected for the benchmark; whitenoise's notice is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["FAGVEI_FAST_PASSWORD_HASHER"] = "1"
    # Debug stays off to measure what production runs; the development key is refused then.
    os.environ.setdefault("FAGVEI_SECRET_KEY", "bench-only-key-on-a-throw-away-database-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fagvei.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(active: int, closed: int) -> dict[str, Any]:
    """A synthetic data set shaped like a county's or the nation's: many schemes, many
    companies, pathways spread over stages, five events per pathway. Names, trades and
    kinds of organisation come from the demo's cast (``fagvei.demo.cast``); the rows are
    written in bulk, not through the domain functions the demo uses: at this size those
    would take hours."""
    from django.db import transaction
    from django.utils import timezone

    from fagvei.accounts.models import Membership, Role, User
    from fagvei.audit.models import Event
    from fagvei.demo import cast
    from fagvei.demo.curricula import ensure_trades
    from fagvei.organisations.models import Organisation, TradeApproval
    from fagvei.pathways.models import Pathway, PathwayMember, Scheme, Stage
    from fagvei.people.models import Person

    Kind = Organisation.Kind
    now = timezone.now()
    with transaction.atomic():
        trades = list(ensure_trades().values())
        municipalities = Organisation.objects.bulk_create(
            [
                Organisation(name=cast.organisation_name(Kind.MUNICIPAL_SERVICE, i), kind=Kind.MUNICIPAL_SERVICE)
                for i in range(max(1, active // 500))
            ]
        )
        # Each company is approved for one trade and named after it.
        company_trades = [trades[i % len(trades)] for i in range(max(10, active // 5))]
        companies = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=cast.organisation_name(Kind.TRAINING_COMPANY, i, trade_code=trade.code),
                    kind=Kind.TRAINING_COMPANY,
                )
                for i, trade in enumerate(company_trades)
            ]
        )
        TradeApproval.objects.bulk_create(
            [
                TradeApproval(organisation=c, trade=trade, approved_on=dt.date(2024, 1, 1))
                for c, trade in zip(companies, company_trades, strict=True)
            ]
        )
        schemes = Scheme.objects.bulk_create(
            [
                Scheme(name=f"{cast.scheme_name(t.code)}, {m.name}", trade=t, organisation=m)
                for m in municipalities
                for t in trades
            ]
        )
        coordinator = User.objects.create_user("bench", password="bench")  # noqa: S106 - throw-away database
        Membership.objects.create(user=coordinator, organisation=municipalities[0], role=Role.COORDINATOR)
        total = active + closed
        people = Person.objects.bulk_create(
            [
                Person(first_name=p.first_name, last_name=p.last_name, preferred_language=p.language)
                for p in map(cast.participant, range(total))
            ],
            batch_size=5000,
        )
        open_stages = [
            Stage.REFERRED,
            Stage.SCREENING,
            Stage.ADMITTED,
            Stage.STARTING,
            Stage.IN_TRAINING,
            Stage.IN_TRAINING,
            Stage.IN_TRAINING,
            Stage.INTERRUPTED,
        ]
        pathways = []
        for i, person in enumerate(people):
            scheme = schemes[i % len(schemes)]
            stage = open_stages[i % len(open_stages)] if i < active else (Stage.COMPLETED if i % 3 else Stage.ENDED)
            pathways.append(
                Pathway(
                    participant=person,
                    track="alternative",
                    stage=stage,
                    trade=scheme.trade,
                    scheme=scheme,
                    coordinator=coordinator if scheme.organisation_id == municipalities[0].pk else None,
                    workplace=companies[i % len(companies)],
                    referral_source="nav",
                    referred_at=now,
                    end_reason="other" if stage == Stage.ENDED else "",
                )
            )
        pathways = Pathway.objects.bulk_create(pathways, batch_size=5000)
        PathwayMember.objects.bulk_create(
            [PathwayMember(pathway=p, person=people[(i + 1) % total], role="mentor") for i, p in enumerate(pathways)],
            batch_size=5000,
        )
        Event.objects.bulk_create(
            [
                Event(
                    at=now,
                    actor=coordinator,
                    verb=verb,
                    pathway=p,
                    object_type="pathways.pathway",
                    object_id=p.pk,
                    data={"from": "referred", "to": "screening"},
                )
                for p in pathways
                for verb in (
                    "pathway.created",
                    "pathway.start_screening",
                    "screening.saved",
                    "pathway.admit",
                    "member.added",
                )
            ],
            batch_size=10000,
        )
    from django.db import connection

    # What every new connection does in production (settings: PRAGMA optimize on open).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize=0x10002")
    mine = Pathway.objects.filter(coordinator=coordinator).order_by("pk").first()
    return {"user": coordinator, "pathway": mine.pk if mine else pathways[0].pk}


def _time(client: Any, url: str) -> tuple[float, float, int]:
    from django.db import connection

    for _ in range(5):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(executed)


def run_size(label: str, active: int, closed: int) -> dict[str, tuple[float, float, int]]:
    with tempfile.TemporaryDirectory(prefix="fagvei-bench-") as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        started = time.perf_counter()
        built = _build(active, closed)
        print(f"[{label}] built {active} active + {closed} closed pathways in {time.perf_counter() - started:.1f} s")
        from django.test import Client

        from fagvei.demo.cast import participant_name

        client = Client()
        client.force_login(built["user"])
        pages = {
            "dashboard": "/",
            "pathway list (stage filter, page 2)": "/pathways/?stage=in_training&page=2",
            # A name from the cast: about one participant in 200 has it.
            "pathway list (name search)": "/pathways/?" + urlencode({"q": " ".join(participant_name(1))}),
            "pathway detail with timeline": f"/pathways/{built['pathway']}/",
        }
        return {name: _time(client, url) for name, url in pages.items()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        label, out = sys.argv[2], sys.argv[5]
        Path(out).write_text(json.dumps(run_size(label, int(sys.argv[3]), int(sys.argv[4]))))
        return
    small = int(os.environ.get("FAGVEI_BENCH_SMALL", "1000"))
    large = int(os.environ.get("FAGVEI_BENCH_LARGE", "50000"))
    closed = int(os.environ.get("FAGVEI_BENCH_CLOSED", "50000"))
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Each size in its own process: Django is set up once per database.
        for size, n, c in (("small", small, 0), ("large", large, closed)):
            result_file = Path(tmp) / f"{size}.json"
            subprocess.run(
                [sys.executable, "-m", "fagvei.bench", "--one", size, str(n), str(c), str(result_file)], check=True
            )
            results[size] = json.loads(result_file.read_text())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    lines = [
        "# Performance",
        "",
        f"`make bench` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}), {dt.datetime.now(dt.UTC).date().isoformat()}, commit {commit.strip()}. "
        "SQLite, in process "
        f"(Django test client, {REQUESTS} requests per page after 5 warm-up requests).",
        "",
        f"Small: {small} pathways. Large: {large} active + {closed} closed pathways, five events each. The pages "
        "are read as a coordinator of one municipality (its three schemes), as a county-scale user would be.",
        "",
        "| page | small p50 ms | small p95 ms | large p50 ms | large p95 ms | large/small p50 | queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for page, (s50, s95, sq) in results["small"].items():
        l50, l95, lq = results["large"][page]
        lines.append(f"| {page} | {s50:.1f} | {s95:.1f} | {l50:.1f} | {l95:.1f} | {l50 / s50:.2f} | {sq} / {lq} |")
    lines += ["", "Targets (QUALITY.md): p50 ≤ 15 ms, p95 ≤ 50 ms at national scale; large/small ≤ 1.3."]
    text = "\n".join(lines) + "\n"
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "performance.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
