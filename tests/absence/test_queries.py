"""The absence page and the pathway page's absence section cost a pinned number of
queries, whatever the number of periods and interruptions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fagvei.absence import services
from fagvei.absence.sections import _absence
from fagvei.contracts.models import Interruption

pytestmark = pytest.mark.django_db

# Session, user, roles; the pathway with the user's follow row; (the user's roles on it,
# for those who do not manage it); the contract; its county's settings; its
# interruptions; the periods; the access log's row (reasons shown: not the instructor).
PINNED = {"coordinator": 9, "manager": 10, "instructor": 9}


def _fill(pathway, manager, n):
    start = dt.date(2026, 1, 5) + dt.timedelta(weeks=10 * n)
    for i in range(n):
        day = start + dt.timedelta(weeks=i)
        services.register_absence(actor=manager, pathway_id=pathway.pk, kind="other", starts_on=day, ends_on=day)
        Interruption.objects.create(
            contract=pathway.contract,
            reason="other_leave",
            starts_on=day + dt.timedelta(days=2),
            ends_on=day + dt.timedelta(days=2),
            ended=True,
            end_before=pathway.contract.end_date,
            end_after=pathway.contract.end_date,
            registered_by=manager,
        )


@pytest.mark.parametrize("who", sorted(PINNED))
def test_the_absence_page_costs_its_pinned_queries(who, request, pathway, manager, client_as):
    user = request.getfixturevalue(who)
    counts = []
    for n in (1, 5):
        _fill(pathway, manager, n)
        client = client_as(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/pathways/{pathway.pk}/absence/").status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= PINNED[who], counts


def test_the_section_keeps_its_budget(rf, pathway, manager, coordinator, django_assert_max_num_queries):
    from fagvei.pathways.access import get_pathway_for, load_details

    _fill(pathway, manager, 3)
    shown = get_pathway_for(coordinator, pathway.pk)
    load_details(shown)
    request = rf.get("/")
    request.user = coordinator
    with django_assert_max_num_queries(4):
        context = _absence(request, shown)
    # A second section reading the same pathway finds its contract read.
    with django_assert_max_num_queries(3):
        _absence(request, shown)
    assert context is not None and context["absence_state"].absent_days == 3
