"""The scheme pages, a project-group meeting with its notes and the start page cost a
pinned number of queries, whatever the number of groups' members, meetings, themes and
participants (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fagvei.accounts.access import scope_for
from fagvei.core import clock
from fagvei.core.registry import home_panels
from fagvei.followup import groups, services
from fagvei.pathways.models import GroupMember, PathwayMember, Stage
from tests.factories import make_pathway, make_person
from tests.followup.conftest import at

pytestmark = pytest.mark.django_db

# Session, user and roles come first. The list: the schemes. The scheme page: the scheme
# (with whether the user is in a group or on a pathway), the themes, the groups, their
# members, their meetings. The meeting: as meeting_detail (9), and the notes.
PINNED = {"scheme_list": 4, "scheme_detail": 8, "meeting_notes_detail": 10, "meeting_notes_form": 8}
# The start page of a coordinator (tests/pathways/test_list_queries.py pins the others):
# its own six, one for "my tasks", and "What needs me" (fagvei/deadlines/panels.py): one
# to know the user follows pathways, and one per deadline rule (the exams' five rules
# share two: fagvei/exams/deadlines.py; the concerns' three: the conversation, the plan's
# goals and its next meeting).
HOME_COORDINATOR = 24


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def _grow(scheme, group, coordinator, mentor, n):
    for i in range(n):
        person = make_person("Medlem", f"Nummer{i}{group.members.count()}")
        GroupMember.objects.create(group=group, person=person, title="Rådgiver")
        pathway = make_pathway(
            scheme, coordinator=coordinator, stage=Stage.IN_TRAINING, participant=make_person("Deltaker", f"D{i}")
        )
        PathwayMember.objects.create(pathway=pathway, person=mentor.person, role="mentor")
        # One more month's themes each time (December 2026 onwards).
        month = dt.date(
            2026 + (11 + scheme.monthly_themes.count()) // 12, 1 + (11 + scheme.monthly_themes.count()) % 12, 1
        )
        groups.set_monthly_themes(actor=coordinator, scheme_id=scheme.pk, month=month, themes="Tema")
    members = list(group.members.values_list("person_id", flat=True))
    meeting = services.schedule_meeting(
        actor=coordinator, group_id=group.pk, kind="project_group", starts_at=at(1 + n), invitees=members
    )
    pathways = groups.walkthrough_pathways(meeting)
    notes = {p.pk: {"trade_progress": "Bra", "language_progress": "B1", "workplace_status": "Fint"} for p in pathways}
    return groups.save_participant_notes(
        actor=coordinator, meeting_id=meeting.pk, expected_version=meeting.version, notes=notes
    )


@pytest.mark.parametrize("page", sorted(PINNED))
def test_each_scheme_page_costs_its_pinned_queries(page, scheme, group, teacher, coordinator, mentor, client_as):
    counts = []
    for n in (1, 6):
        meeting = _grow(scheme, group, coordinator, mentor, n)
        url = {
            "scheme_list": "/schemes/",
            "scheme_detail": f"/schemes/{scheme.pk}/",
            "meeting_notes_detail": f"/meetings/{meeting.pk}/",
            "meeting_notes_form": f"/meetings/{meeting.pk}/notes/",
        }[page]
        counts.append(_count(client_as(coordinator), url))
    assert max(counts) <= PINNED[page], counts
    assert len(set(counts)) == 1, counts


def test_the_start_page_panels_keep_to_their_budget(scheme, group, teacher, coordinator, mentor, pathway, client_as):
    _grow(scheme, group, coordinator, mentor, 3)
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 12, 15, 12))):
        assert _count(client_as(coordinator), "/") <= HOME_COORDINATOR
        mentor_client = client_as(mentor)
        baseline = _count(mentor_client, "/")
        html = mentor_client.get("/").content.decode()
    assert "Månedens temaer" in html and "Mine deltakere" in html
    # Each panel alone within its budget.
    request = RequestFactory().get("/")
    request.user = mentor
    scope_for(mentor)  # the roles, read once per request before the panels
    for panel in home_panels():
        with CaptureQueriesContext(connection) as queries:
            panel.context(request)
        assert len(queries.captured_queries) <= panel.max_queries, panel.key
    # The mentor's three panels (one query each) and "What needs me" (fagvei/deadlines;
    # with the goals of follow-up plans they are responsible for).
    assert baseline <= 16
