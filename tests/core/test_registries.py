"""The pathway page and the timeline render what the apps register, each section within
its own pinned number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from fagvei.audit.models import Event
from fagvei.core.registry import describe_event, event_labels, pathway_sections
from fagvei.pathways import services
from fagvei.pathways.access import get_pathway_for
from fagvei.pathways.views import _detail_context
from tests.factories import make_pathway, make_ready_to_start, make_screening

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_sections_and_events():
    keys = [s.key for s in pathway_sections()]
    assert keys == [
        "contract",
        "members",
        "consents",
        "screening",
        "deadlines",
        "concerns",
        "meetings",
        "guidance",
        "plans",
        "absence",
        "exams",
        "equipment",
        "documents",
        "timeline",
        "reads",
    ]
    labels = event_labels()
    verbs = (
        "pathway.admit",
        "screening.saved",
        "person.created",
        "approval.added",
        "document.uploaded",
        "contract.submitted",
        "meeting.minutes_approved",
    )
    for verb in verbs:
        assert verb in labels


@pytest.mark.parametrize("section", pathway_sections(), ids=lambda s: s.key)
def test_each_section_costs_no_more_than_its_pinned_queries(section, scheme, coordinator, client):
    pathway = make_pathway(scheme, stage="starting", coordinator=coordinator)
    make_screening(pathway, coordinator)
    make_ready_to_start(pathway, coordinator)
    client.force_login(coordinator)
    client.get(f"/pathways/{pathway.pk}/")  # a read for "recently opened by", events for the timeline
    request = RequestFactory().get(f"/pathways/{pathway.pk}/")
    request.user = coordinator
    loaded = get_pathway_for(coordinator, pathway.pk)
    _detail_context(request, loaded)
    with CaptureQueriesContext(connection) as queries:
        context = section.context(request, loaded)
        assert context is not None
        from django.template.loader import render_to_string

        render_to_string(section.template, {"pathway": loaded, **context}, request=request)
    # Reads of special-category data are logged: one insert each, counted in the budget.
    assert len(queries.captured_queries) <= section.max_queries, [q["sql"] for q in queries.captured_queries]


def test_an_event_reads_through_the_registered_labels_and_codes(scheme, coordinator):
    pathway = make_pathway(scheme, coordinator=coordinator)
    services.start_screening(actor=coordinator, pathway_id=pathway.pk)
    entry = describe_event(Event.objects.get(verb="pathway.start_screening"))
    assert entry.label == "Kartlegging startet"
    assert any("Henvist" in d and "Kartlegging" in d for d in entry.details)
