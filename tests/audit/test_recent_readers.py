"""Who opened a pathway lately: one line per reader, newest first, counted over the
object's latest reads only, so that the section costs the same however often a case
has been opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fagvei.audit import sections
from fagvei.audit.models import AccessLog
from tests.factories import make_pathway, make_user


def _read(user: Any, pathway: Any, minutes_ago: int) -> None:
    AccessLog.objects.create(
        at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        user=user,
        object_type="pathways.pathway",
        object_id=pathway.pk,
        purpose="read",
    )


def test_readers_newest_first_with_their_count_within_the_latest_reads(
    scheme: Any, coordinator: Any, municipality: Any, monkeypatch: Any
) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    early, late = make_user("coordinator", municipality), make_user("coordinator", municipality)
    for minutes in (50, 40, 30):
        _read(early, pathway, minutes)
    _read(late, pathway, 10)
    _read(coordinator, pathway, 20)
    readers = sections.recent_readers(pathway)
    assert [(r.user, r.times) for r in readers] == [(late, 1), (coordinator, 1), (early, 3)]
    monkeypatch.setattr(sections, "RECENT_READS", 3)
    # The three latest reads: late, coordinator and early's last one.
    assert [(r.user, r.times) for r in sections.recent_readers(pathway)] == [(late, 1), (coordinator, 1), (early, 1)]
    assert [r.user for r in sections.recent_readers(pathway, limit=2)] == [late, coordinator]


def test_the_detail_page_names_the_readers_to_who_manages_it(scheme: Any, coordinator: Any, client: Any) -> None:
    pathway = make_pathway(scheme, coordinator=coordinator)
    client.force_login(coordinator)
    client.get(reverse("pathway_detail", args=[pathway.pk]))
    html = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Sist åpnet av" in html and "2 ganger" in html
