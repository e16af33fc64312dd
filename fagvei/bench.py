"""`make bench`: the key pages at a small and at the national size of QUALITY.md, for
every scope a user can have, on SQLite and on PostgreSQL; the Django admin changelist
for pathways in the same run as the peer to beat; requests/s over HTTP with the
production server. Writes docs/performance.md.

Sizes (environment): FAGVEI_BENCH_SMALL active pathways in the small set (1 000);
FAGVEI_BENCH_ACTIVE and FAGVEI_BENCH_CLOSED in the national set (50 000 and 200 000);
FAGVEI_BENCH_DATABASES, a comma-separated list of ``sqlite`` and ``postgresql``
(both; PostgreSQL from FAGVEI_BENCH_POSTGRES_URL, default the local cluster, is left out
with a note when it cannot be reached). Each page is requested up to
FAGVEI_BENCH_REQUESTS times (200), for at most FAGVEI_BENCH_SECONDS per page (8).
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
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("FAGVEI_BENCH_REQUESTS", "200"))
SECONDS_PER_PAGE = float(os.environ.get("FAGVEI_BENCH_SECONDS", "8"))
POSTGRES_URL = os.environ.get("FAGVEI_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
EVENTS_PER_PATHWAY = 8
ORGANISATIONS = 30_000
COUNTIES = 15
USERS = 5_000
# The scopes a user can have: one municipality's coordinator, a county-wide caseworker
# (the coordinator role in a tenth of the municipalities), the national administrator.
SCOPES = ("coordinator", "county", "admin")
KEY = "bench-only-key-on-a-throw-away-database-0123456789"  # noqa: S105


def _database_url(engine: str, label: str, folder: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{folder}/bench-{label}.sqlite3"
    import psycopg

    parts = urlsplit(POSTGRES_URL)
    name = f"fagvei_bench_{label}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _environment(db_url: str) -> dict[str, str]:
    # Debug stays off to measure what production runs; the development key is refused then.
    return {
        "DATABASE_URL": db_url,
        "FAGVEI_FAST_PASSWORD_HASHER": "1",
        "FAGVEI_SECRET_KEY": KEY,
        "DJANGO_SETTINGS_MODULE": "fagvei.settings",
        "FAGVEI_CONN_MAX_AGE": "600",
    }


def _setup(db_url: str) -> None:
    import warnings

    # Static files are not collected for the benchmark; whitenoise's notice is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(_environment(db_url))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(active: int, closed: int) -> dict[str, Any]:
    """A synthetic data set shaped like the nation's: municipalities running schemes in
    every trade, companies, pathways over every stage, members, events. Names, trades and
    kinds of organisation come from the demo's cast (``fagvei.demo.cast``); the rows are
    written in bulk, not through the domain functions the demo uses: at this size those
    would take hours."""
    from django.db import connection, transaction
    from django.utils import timezone

    from fagvei.accounts.models import Membership, Role, User
    from fagvei.audit.models import Event
    from fagvei.contracts.models import Contract, Submission
    from fagvei.demo import cast
    from fagvei.demo.curricula import curricula_by_trade, ensure_trades
    from fagvei.lib.names import sort_key
    from fagvei.organisations.models import Organisation, TradeApproval
    from fagvei.pathways.follows import rebuild
    from fagvei.pathways.models import Pathway, PathwayMember, Scheme, Stage
    from fagvei.people.models import Person

    Kind = Organisation.Kind
    now = timezone.now()
    total = active + closed
    with transaction.atomic():
        trades = list(ensure_trades().values())
        curricula = curricula_by_trade()
        municipalities = Organisation.objects.bulk_create(
            [
                Organisation(name=cast.organisation_name(Kind.MUNICIPAL_SERVICE, i), kind=Kind.MUNICIPAL_SERVICE)
                for i in range(max(1, active // 500))
            ]
        )
        counties = Organisation.objects.bulk_create(
            [Organisation(name=cast.organisation_name(Kind.COUNTY, i), kind=Kind.COUNTY) for i in range(COUNTIES)]
        )
        # Each company is approved for one trade and named after it.
        company_count = max(10, min(ORGANISATIONS, total // 5) - len(municipalities))
        company_trades = [trades[i % len(trades)] for i in range(company_count)]
        companies = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=cast.organisation_name(Kind.TRAINING_COMPANY, i, trade_code=trade.code),
                    kind=Kind.TRAINING_COMPANY,
                    county=counties[i % COUNTIES],
                )
                for i, trade in enumerate(company_trades)
            ],
            batch_size=5000,
        )
        TradeApproval.objects.bulk_create(
            [
                TradeApproval(organisation=c, trade=trade, approved_on=dt.date(2024, 1, 1))
                for c, trade in zip(companies, company_trades, strict=True)
            ],
            batch_size=5000,
        )
        schemes = Scheme.objects.bulk_create(
            [
                Scheme(name=f"{cast.scheme_name(t.code)}, {m.name}", trade=t, organisation=m)
                for m in municipalities
                for t in trades
            ]
        )
        users = User.objects.bulk_create(
            [User(username=f"bench{i}", password="!") for i in range(min(USERS, max(10, total // 50)))],  # noqa: S106
            batch_size=5000,
        )
        coordinator, county, admin = users[0], users[1], users[2]
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
        memberships = [Membership(user=coordinator, organisation=municipalities[0], role=Role.COORDINATOR)]
        memberships += [
            Membership(user=county, organisation=m, role=Role.COORDINATOR)
            for m in municipalities[: max(1, len(municipalities) // 10)]
        ]
        memberships += [
            Membership(user=u, organisation=municipalities[i % len(municipalities)], role=Role.MENTOR)
            for i, u in enumerate(users[3:])
        ]
        Membership.objects.bulk_create(memberships, batch_size=5000)
        people = Person.objects.bulk_create(
            [
                Person(
                    first_name=p.first_name,
                    last_name=p.last_name,
                    preferred_language=p.language,
                    sort_key=sort_key(p.last_name, p.first_name),
                )
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
        coordinators = {m.pk: users[3 + i % (len(users) - 3)] for i, m in enumerate(municipalities)}
        coordinators[municipalities[0].pk] = coordinator
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
                    curriculum=curricula.get(scheme.trade.code),
                    scheme=scheme,
                    coordinator=coordinators[scheme.organisation_id],
                    workplace=companies[i % len(companies)],
                    referral_source="nav",
                    referred_at=now - dt.timedelta(minutes=i),
                    end_reason="other" if stage == Stage.ENDED else "",
                    is_open=i < active,
                )
            )
        pathways = Pathway.objects.bulk_create(pathways, batch_size=5000)
        PathwayMember.objects.bulk_create(
            [PathwayMember(pathway=p, person=people[(i + 1) % total], role="mentor") for i, p in enumerate(pathways)],
            batch_size=5000,
        )
        # Every pathway in training (or interrupted) has its contract, approved by the
        # county, with the application it was sent in.
        # (Pathway i has company i modulo the companies, as written above.)
        bound = [(i, p) for i, p in enumerate(pathways) if p.stage in (Stage.IN_TRAINING, Stage.INTERRUPTED)]
        began = now.date() - dt.timedelta(days=200)
        contracts = Contract.objects.bulk_create(
            [
                Contract(
                    pathway=p,
                    kind="at_work",
                    status="approved",
                    company=companies[i % len(companies)],
                    county=counties[(i % len(companies)) % COUNTIES],
                    start_date=began,
                    end_date=began + dt.timedelta(days=730),
                    original_end_date=began + dt.timedelta(days=730),
                    goal="Fagbrev",
                    responsibilities="Lærebedriften",
                    prior_practice_years=2,
                    signed_on=began,
                    submitted_at=now,
                    approved_on=began,
                    created_by=coordinator,
                )
                for i, p in bound
            ],
            batch_size=5000,
        )
        Submission.objects.bulk_create(
            [
                Submission(
                    contract=c,
                    county_id=c.county_id,
                    kind="application",
                    state="approved",
                    sent_at=now,
                    sent_by=coordinator,
                    decided_on=began,
                    decided_by=county,
                )
                for c in contracts
            ],
            batch_size=5000,
        )
        _follow_up([p for _i, p in bound], people, coordinator, now)
        verbs = ("pathway.created", "pathway.start_screening", "screening.saved", "pathway.admit", "member.added")
        for start in range(0, len(pathways), 5000):
            Event.objects.bulk_create(
                [
                    Event(
                        at=now,
                        actor=coordinator,
                        verb=verbs[n % len(verbs)],
                        pathway=p,
                        object_type="pathways.pathway",
                        object_id=p.pk,
                        data={"from": "referred", "to": "screening"},
                    )
                    for p in pathways[start : start + 5000]
                    for n in range(EVENTS_PER_PATHWAY)
                ],
                batch_size=10000,
            )
    # The rows were written in bulk, past the domain functions and their signals: the
    # follow tables, name keys and stage counts are built the way a migration builds them.
    with transaction.atomic():
        rebuild()
    with connection.cursor() as cursor:
        # What a production database has: statistics for the planner, and (PostgreSQL's
        # autovacuum) a visibility map, so that an index-only scan stays index-only.
        cursor.execute("PRAGMA optimize=0x10002" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
        if connection.vendor == "postgresql":
            # The bulk load written out now, not by a checkpoint in the middle of a measurement.
            cursor.execute("CHECKPOINT")
    mine = Pathway.objects.filter(coordinator=coordinator, stage=Stage.IN_TRAINING).order_by("pk").first()
    return {
        "users": {"coordinator": coordinator.pk, "county": county.pk, "admin": admin.pk},
        "pathway": mine.pk if mine else pathways[0].pk,
        "counts": {"pathways": len(pathways), "people": len(people), "events": len(pathways) * EVENTS_PER_PATHWAY},
    }


# Issue 11, per pathway in training: its meetings (with their invitees and an action
# item), a year of weekly guidance, a visit every other week, language rounds, the plan
# with a row per competence goal, a signed half-yearly assessment, absence and a loan.
MEETINGS_PER_PATHWAY = 4
GUIDANCE_PER_PATHWAY = 40
VISITS_PER_PATHWAY = 20
LANGUAGE_ROUNDS = 4
ABSENCES_PER_PATHWAY = 6


def _follow_up(bound: list[Any], people: list[Any], actor: Any, now: Any) -> None:
    from fagvei.absence.models import Absence
    from fagvei.curricula.models import CompetenceGoal
    from fagvei.equipment.models import Loan
    from fagvei.followup.models import ActionItem, Invitee, Meeting
    from fagvei.guidance.models import GuidanceEntry, LanguageAssessment, Skill, TeacherVisit
    from fagvei.plans.models import Assessment, AssessmentGoal, PlanGoal, TrainingPlan

    today = now.date()
    batch = 10_000

    def write(model: Any, rows: Any) -> list[Any]:
        return model.objects.bulk_create(rows, batch_size=batch)

    meetings = write(
        Meeting,
        (
            Meeting(
                kind=("intake_interview", "workplace_start", "assessment", "teacher_visit")[n],
                pathway=p,
                status="approved" if n < 3 else "planned",
                starts_at=now - dt.timedelta(days=150 - 50 * n),
                agenda="Oppfølging",
                minutes="Referat" if n < 3 else "",
                scheduled_by=actor,
                scheduled_at=now,
            )
            for p in bound
            for n in range(MEETINGS_PER_PATHWAY)
        ),
    )
    write(
        Invitee,
        (Invitee(meeting=m, person_id=pid) for m in meetings for pid in (m.pathway.participant_id,)),
    )
    write(
        ActionItem,
        (
            ActionItem(
                meeting=m,
                text="Følg opp",
                owner_id=m.pathway.participant_id,
                deadline=today,
                created_by=actor,
                created_at=now,
            )
            for m in meetings[::MEETINGS_PER_PATHWAY]
        ),
    )
    write(
        GuidanceEntry,
        (
            GuidanceEntry(
                pathway=p, given_on=today - dt.timedelta(weeks=w), note="Veiledning", author=actor, created_at=now
            )
            for p in bound
            for w in range(GUIDANCE_PER_PATHWAY)
        ),
    )
    write(
        TeacherVisit,
        (
            TeacherVisit(
                pathway=p,
                visited_on=today - dt.timedelta(weeks=2 * w),
                observations="Besøk",
                author=actor,
                created_at=now,
            )
            for p in bound
            for w in range(VISITS_PER_PATHWAY)
        ),
    )
    write(
        LanguageAssessment,
        (
            LanguageAssessment(
                pathway=p,
                skill=skill,
                level="B1",
                assessed_on=today - dt.timedelta(weeks=8 * r),
                author=actor,
                created_at=now,
            )
            for p in bound
            for r in range(LANGUAGE_ROUNDS)
            for skill in Skill.values
        ),
    )
    goals: dict[int, list[int]] = {}
    for curriculum_id, goal_id in CompetenceGoal.objects.order_by("curriculum_id", "position").values_list(
        "curriculum_id", "pk"
    ):
        goals.setdefault(curriculum_id, []).append(goal_id)
    with_goals = [p for p in bound if goals.get(p.curriculum_id)]
    plans = write(TrainingPlan, (TrainingPlan(pathway=p, created_by=actor, created_at=now) for p in with_goals))
    write(
        PlanGoal,
        (
            PlanGoal(
                plan=plan, goal_id=g, half_year=1 + i % 4, status=("achieved", "in_progress", "not_started")[i % 3]
            )
            for plan, p in zip(plans, with_goals, strict=True)
            for i, g in enumerate(goals[p.curriculum_id])
        ),
    )
    assessments = write(
        Assessment,
        (
            Assessment(
                pathway=p,
                half_year=1,
                status="manager_signed",
                created_by=actor,
                created_at=now,
                instructor_signed_at=now,
                instructor_signed_by=actor,
                manager_signed_at=now,
                manager_signed_by=actor,
            )
            for p in with_goals
        ),
    )
    write(
        AssessmentGoal,
        (
            AssessmentGoal(assessment=a, goal_id=g, status="developing")
            for a, p in zip(assessments, with_goals, strict=True)
            for g in goals[p.curriculum_id]
        ),
    )
    write(
        Absence,
        (
            Absence(
                pathway=p,
                kind="self_certified",
                starts_on=today - dt.timedelta(days=30 * n + 1),
                ends_on=today - dt.timedelta(days=30 * n + 1),
                registered_by=actor,
                registered_at=now,
            )
            for p in bound
            for n in range(ABSENCES_PER_PATHWAY)
        ),
    )
    write(Loan, (Loan(pathway=p, item="iPad", lent_on=today, lent_by=actor, registered_at=now) for p in bound))


def _time(client: Any, url: str) -> tuple[float, float, int]:
    from django.db import connection

    first = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # A page that takes seconds is measured a few times, not two hundred.
    if time.perf_counter() - first < 1:
        for _ in range(2):
            client.get(url)
    samples: list[float] = []
    deadline = time.perf_counter() + SECONDS_PER_PAGE
    while len(samples) < REQUESTS and (time.perf_counter() < deadline or len(samples) < 3):
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
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], len(executed)


def _pages(pathway_id: int) -> dict[str, str]:
    from fagvei.demo.cast import participant_name

    # A name from the cast: about one participant in 200 has it.
    name = urlencode({"q": " ".join(participant_name(1))})
    return {
        "start page": "/",
        # The same with "What needs me" worked out on every visit, as after a change on
        # one of the user's pathways (fagvei/deadlines/freshness.py keeps it otherwise).
        WORKED_OUT: "/",
        "pathway list": "/pathways/",
        "pathway list, stage filter, page 2": "/pathways/?stage=in_training&page=2",
        "pathway list, page 100": "/pathways/?page=100",
        "pathway list, name search": f"/pathways/?{name}",
        "pathway detail with timeline": f"/pathways/{pathway_id}/",
        "contract page": f"/pathways/{pathway_id}/contract/",
        "meetings of the pathway": f"/pathways/{pathway_id}/meetings/",
        "training plan": f"/pathways/{pathway_id}/plan/",
        "assessments": f"/pathways/{pathway_id}/assessments/",
        "guidance log": f"/pathways/{pathway_id}/guidance/",
        "teacher visits": f"/pathways/{pathway_id}/visits/",
        "language progress": f"/pathways/{pathway_id}/language/",
        "absence": f"/pathways/{pathway_id}/absence/",
        "equipment": f"/pathways/{pathway_id}/equipment/",
        "my meetings": "/meetings/",
        "my action items": "/tasks/",
        "deadline list": "/deadlines/",
        DEADLINES_WORKED_OUT: "/deadlines/",
        "schemes": "/schemes/",
        "people list": "/people/",
        "people list, name search": f"/people/?{name}",
        "organisation list": "/organisations/",
        # The same list and pathway through the API (the browser session's JSON door).
        "API: pathway list": "/api/v1/pathways/",
        "API: pathway detail": f"/api/v1/pathways/{pathway_id}",
    }


ADMIN_CHANGELIST = "admin changelist (pathways)"
WORKED_OUT = "start page, its deadlines worked out"
DEADLINES_WORKED_OUT = "deadline list, worked out"
# The heading in docs/performance.md under which the figures' history is kept by hand.
HISTORY = "## Before and after"


def _http(db_url: str, user_id: int, seconds: float = 10.0, threads: int = 8) -> dict[str, float]:
    """Requests/s of the coordinator's pathway list and of /healthz with gunicorn and
    two workers, on loopback, for a bounded time."""
    import socket

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from fagvei.accounts.models import User

    user = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **_environment(db_url)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "fagvei.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback only
                    break
            except OSError:
                time.sleep(0.1)
        figures = {}
        for label, path, cookie in (
            ("pathway list, coordinator", "/pathways/", f"{settings.SESSION_COOKIE_NAME}={session.session_key}"),
            ("/healthz", "/healthz", ""),
        ):
            done = [0]
            stop = time.perf_counter() + seconds

            def hammer(path: str = path, cookie: str = cookie, stop: float = stop, done: list[int] = done) -> None:
                request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})  # noqa: S310
                while time.perf_counter() < stop:
                    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
                        response.read()
                        assert response.status == 200
                    done[0] += 1

            workers = [threading.Thread(target=hammer) for _ in range(threads)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            figures[label] = done[0] / seconds
        return figures
    finally:
        server.terminate()
        server.wait(timeout=20)


def run_one(engine: str, label: str, active: int, closed: int, folder: str) -> dict[str, Any]:
    db_url = _database_url(engine, label, folder)
    _setup(db_url)
    started = time.perf_counter()
    built = _build(active, closed)
    print(f"[{engine} {label}] built {built['counts']} in {time.perf_counter() - started:.0f} s", flush=True)
    from django.test import Client

    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for scope in SCOPES:
        client = Client()
        from fagvei.accounts.models import User

        client.force_login(User.objects.get(pk=built["users"][scope]))
        pages = _pages(built["pathway"])
        if scope == "admin":
            pages[ADMIN_CHANGELIST] = "/admin/pathways/pathway/"
        for page, url in pages.items():
            if page in (WORKED_OUT, DEADLINES_WORKED_OUT):
                from django.test import override_settings

                with override_settings(FAGVEI_NEEDS_ME_SECONDS=0):
                    results.setdefault(page, {})[scope] = _time(client, url)
            else:
                results.setdefault(page, {})[scope] = _time(client, url)
        print(f"[{engine} {label}] measured {scope}", flush=True)
    http = _http(db_url, built["users"]["coordinator"]) if label == "national" else {}
    return {"pages": results, "http": http, "counts": built["counts"]}


def _reachable(engine: str) -> bool:
    if engine != "postgresql":
        return True
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: leave PostgreSQL out, and say so
        return False


def _table(results: dict[str, dict[str, Any]], engines: list[str]) -> list[str]:
    lines = [
        "| page | scope | database | small p50 | small p95 | national p50 | national p95 | national/small "
        "| vs admin changelist | queries small / national |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    pages = list(results[f"{engines[0]} small"]["pages"])
    for page in pages:
        for scope in SCOPES:
            for engine in engines:
                small = results[f"{engine} small"]["pages"].get(page, {}).get(scope)
                national = results[f"{engine} national"]["pages"].get(page, {}).get(scope)
                if small is None or national is None:
                    continue
                admin = results[f"{engine} national"]["pages"][ADMIN_CHANGELIST]["admin"][0]
                versus = f"{national[0] / admin:.2f}" if page.startswith("pathway list") else ""
                lines.append(
                    f"| {page} | {scope} | {engine} | {small[0]:.1f} | {small[1]:.1f} | {national[0]:.1f} | "
                    f"{national[1]:.1f} | {national[0] / small[0]:.2f} | {versus} | {small[2]} / {national[2]} |"
                )
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        engine, label, n_active, n_closed, folder, result = sys.argv[2:8]
        Path(result).write_text(json.dumps(run_one(engine, label, int(n_active), int(n_closed), folder)))
        return
    small = int(os.environ.get("FAGVEI_BENCH_SMALL", "1000"))
    active = int(os.environ.get("FAGVEI_BENCH_ACTIVE", "50000"))
    closed = int(os.environ.get("FAGVEI_BENCH_CLOSED", "200000"))
    wanted = [e.strip() for e in os.environ.get("FAGVEI_BENCH_DATABASES", "sqlite,postgresql").split(",") if e.strip()]
    engines = [e for e in wanted if _reachable(e)]
    left_out = [e for e in wanted if e not in engines]
    results: dict[str, dict[str, Any]] = {}
    # FAGVEI_BENCH_KEEP: a folder where each database's results are kept, and taken
    # from instead of measured again when they are there (to rerun one database only).
    keep = os.environ.get("FAGVEI_BENCH_KEEP", "")
    with tempfile.TemporaryDirectory(prefix="fagvei-bench-") as folder:
        # Each database and size in its own process: Django is set up once per database.
        for engine in engines:
            for label, n, c in (("small", small, 0), ("national", active, closed)):
                out = Path(keep or folder) / f"{engine}-{label}.json"
                if keep and out.exists():
                    results[f"{engine} {label}"] = json.loads(out.read_text())
                    continue
                subprocess.run(
                    [sys.executable, "-m", "fagvei.bench", "--one", engine, label, str(n), str(c), folder, str(out)],
                    check=True,
                )
                results[f"{engine} {label}"] = json.loads(out.read_text())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    counts = results[f"{engines[0]} national"]["counts"]
    lines = [
        "# Performance",
        "",
        f"`make bench` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}), {dt.datetime.now(dt.UTC).date().isoformat()}, commit {commit.strip()}. "
        f"In process with Django's test client: up to {REQUESTS} requests per page (for at most "
        f"{SECONDS_PER_PAGE:.0f} s, at least 3) after up to 3 warm-up requests. Times in ms.",
        "",
        f"Small: {small} active pathways. National: {active} active + {closed} closed pathways "
        f"({counts['pathways']} pathways, {counts['people']} people, {counts['events']} events, up to "
        f"{ORGANISATIONS} organisations and {USERS} users). Scopes: *coordinator* — one municipality's "
        "fagbrevkoordinator; *county* — the coordinator role in a tenth of the municipalities; *admin* — "
        "the national administrator, no scope filter. *vs admin changelist*: the page's national p50 over the "
        "Django admin's pathway changelist on the same data (below 1 is faster).",
        "",
        *_table(results, engines),
        "",
        "Requests/s over HTTP (gunicorn, 2 workers, 8 client threads on loopback, 10 s, national set):",
        "",
        "| database | pathway list, coordinator | /healthz |",
        "|---|---|---|",
    ]
    for engine in engines:
        http = results[f"{engine} national"]["http"]
        lines.append(f"| {engine} | {http['pathway list, coordinator']:.0f} | {http['/healthz']:.0f} |")
    lines += [
        "",
        "Targets (QUALITY.md): p50 ≤ 15 ms and p95 ≤ 50 ms at national size for every scope; national/small ≤ 1.3; "
        "faster than the admin changelist; ≥ 150 requests/s over HTTP.",
    ]
    if left_out:
        lines += ["", f"Left out (could not be reached): {', '.join(left_out)}."]
    text = "\n".join(lines) + "\n"
    (ROOT / "docs").mkdir(exist_ok=True)
    target = ROOT / "docs" / "performance.md"
    # What was written by hand below the measured table (the history of the figures) stays.
    kept = target.read_text().partition(HISTORY)[2] if target.exists() else ""
    target.write_text(text + (f"\n{HISTORY}{kept}" if kept else ""))
    print(text)


if __name__ == "__main__":
    main()
