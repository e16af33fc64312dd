"""The start page's "What needs me" kept per user (fagvei/deadlines/freshness.py): a
second visit reads it from the cache; a change on one of the user's pathways (a domain
function's event) renews it at once; a change elsewhere does not; a new day does; what
awaits a county is worked out on every visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fagvei.accounts.models import Role
from fagvei.core import clock
from fagvei.guidance.services import log_guidance
from tests.factories import make_county, make_pathway, make_person, make_user

pytestmark = pytest.mark.django_db

OVERDUE = "Veiledning fra instruktør (ingen på to uker)"


@pytest.fixture(autouse=True)
def _kept(settings: Any) -> None:
    settings.FAGVEI_NEEDS_ME_SECONDS = 300


def _visit(client: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="panel-needs-me-heading"')
    return html[start : html.index("</section>", start)], len(queries)


def test_a_second_visit_reads_the_kept_answer_and_a_change_renews_it(
    client: Any, training: Any, coordinator: Any
) -> None:
    pathway, _instructor = training
    client.force_login(coordinator)
    first, worked_out = _visit(client)
    again, kept = _visit(client)
    assert OVERDUE in first and again == first
    # The rules' queries are not run again.
    assert kept <= worked_out - 8
    log_guidance(actor=coordinator, pathway_id=pathway.pk, given_on=timezone.localdate(), note="Uke 3")
    after, _queries = _visit(client)
    # Guidance today: the next is due in two weeks, no longer overdue.
    assert "forfalt siden" in first and "forfalt siden" not in after
    assert OVERDUE in after


def test_a_change_on_a_pathway_the_user_does_not_follow_keeps_the_answer(
    client: Any, training: Any, coordinator: Any, other_coordinator: Any, other_municipality: Any, trade: Any
) -> None:
    from tests.factories import make_scheme

    elsewhere = make_pathway(
        make_scheme(other_municipality, trade),
        stage="in_training",
        coordinator=other_coordinator,
        participant=make_person("Bo", "Annensted"),
        started_on=timezone.localdate() - dt.timedelta(days=21),
    )
    client.force_login(coordinator)
    _first, worked_out = _visit(client)
    log_guidance(actor=other_coordinator, pathway_id=elsewhere.pk, given_on=timezone.localdate(), note="Uke 3")
    _again, kept = _visit(client)
    assert kept <= worked_out - 8


def test_a_new_day_is_worked_out_again(client: Any, training: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    _first, worked_out = _visit(client)
    with clock.frozen_at(timezone.now() + dt.timedelta(days=1)):
        _next_day, queries = _visit(client)
    assert queries >= worked_out - 1


def test_what_awaits_a_county_is_worked_out_on_every_visit(client: Any, training: Any) -> None:
    adviser = make_user(Role.COUNTY_ADVISER, make_county(), username="fylkesraadgiver")
    client.force_login(adviser)
    _first, first_count = _visit(client)
    _again, again_count = _visit(client)
    assert again_count == first_count


def test_the_pathway_pages_risk_is_kept_until_an_event_on_the_pathway(
    client: Any, training: Any, coordinator: Any
) -> None:
    pathway, _instructor = training
    client.force_login(coordinator)
    url = reverse("pathway_detail", args=[pathway.pk])

    def visit() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return html, len(queries)

    first, worked_out = visit()
    again, kept = visit()
    assert "risk-amber" in first and "risk-amber" in again
    assert kept <= worked_out - 8
    log_guidance(actor=coordinator, pathway_id=pathway.pk, given_on=timezone.localdate(), note="Uke 3")
    after, _queries = visit()
    assert "risk-green" in after


def test_the_lists_first_page_is_kept_and_a_filtered_one_worked_out(
    client: Any, training: Any, coordinator: Any
) -> None:
    pathway, _instructor = training
    client.force_login(coordinator)

    def visit(**params: str) -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("deadline_list"), params)
        return [i.rule.code for i in response.context["items"] if i.due < timezone.localdate()], len(queries)

    first, worked_out = visit()
    again, kept = visit()
    assert first == again == ["guidance.weekly"] and kept <= worked_out - 8
    _filtered, filtered = visit(kind="guidance.weekly")
    _filtered, filtered_again = visit(kind="guidance.weekly")
    assert filtered_again == filtered
    log_guidance(actor=coordinator, pathway_id=pathway.pk, given_on=timezone.localdate(), note="Uke 3")
    after, _queries = visit()
    assert after == []
