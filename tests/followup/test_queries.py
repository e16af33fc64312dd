"""Each meeting page costs a pinned number of queries, whatever the number of meetings,
invitees and action items (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fagvei.followup import services
from fagvei.pathways.models import PathwayMember
from tests.factories import make_person
from tests.followup.conftest import at

pytestmark = pytest.mark.django_db

# Through the browser's session: the session, the user and the user's roles come first
# in every count. The detail page adds the meeting (with whether the user manages its
# pathway), the access log's row, the invitees, the action items and the addenda.
PINNED = {
    # (+1: the project group's notes on the participant, from the meetings the user reads)
    "pathway_meetings": 7,
    "meeting_detail": 9,
    # (+1: the page's ids first, then its meetings with what they show: followup.access)
    "meeting_list": 6,
    "task_list": 5,
}


def _fill(pathway, coordinator, mentor, n):
    """``n`` meetings, each with the participant, the mentor and ``n`` more people
    invited, and ``n`` action items for the mentor (half of them done)."""
    extra = []
    for i in range(n):
        person = make_person("Ekstra", f"Person{i}")
        PathwayMember.objects.create(pathway=pathway, person=person, role="instructor")
        extra.append(person.pk)
    meetings = []
    for day in range(n):
        meeting = services.schedule_meeting(
            actor=coordinator,
            pathway_id=pathway.pk,
            kind="assessment",
            starts_at=at(1 + day),
            invitees=[pathway.participant_id, mentor.person_id, *extra],
        )
        for i in range(n):
            item = services.add_action_item(
                actor=coordinator,
                meeting_id=meeting.pk,
                text=f"Oppgave {i}",
                owner=mentor.person_id,
                deadline=dt.date(2027, 1, 1 + i),
            )
            if i % 2:
                services.set_action_item_done(actor=mentor, item_id=item.pk, done=True)
        meetings.append(meeting)
    return meetings


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", sorted(PINNED))
def test_each_page_costs_its_pinned_queries_whatever_the_number_of_rows(
    page, pathway, coordinator, mentor, participant, client_as
):
    counts = []
    for n in (1, 5):
        meetings = _fill(pathway, coordinator, mentor, n)
        url = {
            "pathway_meetings": f"/pathways/{pathway.pk}/meetings/",
            "meeting_detail": f"/meetings/{meetings[-1].pk}/",
            "meeting_list": "/meetings/",
            "task_list": "/tasks/",
        }[page]
        for user in (coordinator, mentor):
            counts.append((n, user.username, _count(client_as(user), url)))
    by_user = {}
    for _n, username, count in counts:
        by_user.setdefault(username, []).append(count)
        assert count <= PINNED[page], counts
    assert all(len(set(c)) == 1 for c in by_user.values()), counts
