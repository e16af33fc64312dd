"""The migration that took typed text out of the event log rewrites the rows written
before it, though the log is append-only, and leaves the triggers in place after."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap

from tests.support.fresh_db import ROOT, fresh_database_url, process_env

BEFORE = ("pathways", "0004_interruption_reason")

WRITE_OLD_ROWS = textwrap.dedent(
    """
    import django
    django.setup()
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.utils import timezone

    # The models as the applied migrations leave them: today's code expects today's tables.
    loader = MigrationLoader(connection)
    apps = loader.project_state(list(loader.applied_migrations)).apps
    Event = apps.get_model("audit", "Event")
    Trade = apps.get_model("curricula", "Trade")
    Pathway = apps.get_model("pathways", "Pathway")
    Person = apps.get_model("people", "Person")

    person = Person.objects.create(first_name="Gammel", last_name="Hendelse")
    pathway = Pathway.objects.create(
        participant=person, track="alternative", trade=Trade.objects.get(code="HEA"),
        referral_source="nav", referred_at=timezone.now(), stage="interrupted",
    )
    for verb, data in [
        ("pathway.admit", {"from": "screening", "to": "admitted", "reason": "Skrevet av en bruker"}),
        ("pathway.interrupt",
         {"from": "in_training", "to": "interrupted", "reason": "Sykemeldt", "county_informed": True}),
        ("pathway.end", {"from": "screening", "to": "ended", "note": "Fritekst", "end_reason": "other"}),
    ]:
        Event.objects.create(at=timezone.now(), verb=verb, pathway=pathway, object_type="pathways.pathway",
                             object_id=pathway.pk, data=data)
    print(pathway.pk)
    """
)

READ_ROWS = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.db import DatabaseError, transaction
    from fagvei.audit.models import Event
    from fagvei.pathways.models import Pathway

    pathway = Pathway.objects.get(pk=int(sys.argv[1]))
    events = [e.data for e in Event.objects.filter(pathway=pathway).order_by("id")]
    try:
        with transaction.atomic():
            Event.objects.filter(pathway=pathway).update(verb="x")
        append_only = False
    except DatabaseError:
        append_only = True
    reason = pathway.interruption_reason
    print(json.dumps({"events": events, "interruption_reason": reason, "append_only": append_only}))
    """
)


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_old_events_lose_their_typed_text_and_the_log_stays_append_only():
    with tempfile.TemporaryDirectory(prefix="fagvei-migration-") as folder:
        env = process_env(fresh_database_url("fagvei_event_migration", folder))
        manage = [sys.executable, str(ROOT / "manage.py")]
        _run(env, *manage, "migrate", "--noinput", "-v0")
        _run(env, *manage, "migrate", BEFORE[0], BEFORE[1], "--noinput", "-v0")
        pathway_id = _run(env, sys.executable, "-c", WRITE_OLD_ROWS)
        _run(env, *manage, "migrate", "--noinput", "-v0")
        state = json.loads(_run(env, sys.executable, "-c", READ_ROWS, pathway_id))
    assert state["events"] == [
        {"from": "screening", "to": "admitted"},
        {"from": "in_training", "to": "interrupted", "county_informed": True},
        {"from": "screening", "to": "ended", "end_reason": "other"},
    ]
    # The interruption's reason now lives on the pathway.
    assert state["interruption_reason"] == "Sykemeldt"
    assert state["append_only"] is True
