"""Action items: added to a meeting with an owner among the invitees and a deadline,
marked done (who and when) or undone by their owner or the organiser, and listed as the
owner's tasks at /tasks/, which works without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from fagvei.core.domain import DomainError
from fagvei.followup import services
from fagvei.followup.models import ActionItem
from tests.followup.conftest import approved

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2027, 1, 15)


def _item(meeting, coordinator, owner, text="Send timeplanen til fadderen.", deadline=DEADLINE):
    return services.add_action_item(
        actor=coordinator, meeting_id=meeting.pk, text=text, owner=owner.person_id, deadline=deadline
    )


def test_an_action_item_has_an_owner_among_the_invitees_and_a_deadline(meeting, coordinator, mentor):
    item = _item(meeting, coordinator, mentor)
    assert (item.owner_id, item.deadline, item.done_at, item.done_by) == (mentor.person_id, DEADLINE, None, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner": "instructor"}, "owner"),
        ({"owner": "nobody"}, "owner"),
        ({"text": "   "}, "text"),
        ({"deadline": "2027-01-15"}, "deadline"),
        ({"deadline": dt.date(2200, 1, 1)}, "deadline"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    change, field, meeting, coordinator, mentor, instructor
):
    owners = {"instructor": instructor.person_id, "nobody": "x"}
    values = {"text": "Gjør noe.", "owner": mentor.person_id, "deadline": DEADLINE}
    values.update({k: owners.get(v, v) if k == "owner" else v for k, v in change.items()})
    with pytest.raises(DomainError) as refused:
        services.add_action_item(actor=coordinator, meeting_id=meeting.pk, **values)
    assert refused.value.field == field
    assert ActionItem.objects.count() == 0


def test_the_owner_marks_it_done_and_undone_with_who_and_when(meeting, coordinator, mentor):
    item = _item(meeting, coordinator, mentor)
    done = services.set_action_item_done(actor=mentor, item_id=item.pk, done=True, expected_version=item.version)
    assert done.done_by == mentor and done.done_at is not None
    again = services.set_action_item_done(actor=mentor, item_id=item.pk, done=True)
    assert again.version == done.version  # nothing changed, nothing written
    reopened = services.set_action_item_done(actor=coordinator, item_id=item.pk, done=False)
    assert (reopened.done_at, reopened.done_by) == (None, None)


def test_an_invitee_who_does_not_own_it_cannot_mark_it(meeting, coordinator, mentor, participant):
    item = _item(meeting, coordinator, mentor)
    with pytest.raises(DomainError):
        services.set_action_item_done(actor=participant, item_id=item.pk, done=True)
    assert ActionItem.objects.get(pk=item.pk).done_at is None


def test_an_action_item_is_still_marked_done_after_the_minutes_are_approved(meeting, coordinator, mentor, participant):
    item = _item(meeting, coordinator, mentor)
    approved(meeting, coordinator, [participant.person_id, mentor.person_id])
    assert services.set_action_item_done(actor=mentor, item_id=item.pk, done=True).done


# /tasks/ -------------------------------------------------------------------------------------


def test_my_tasks_lists_my_own_items_open_first_by_deadline(meeting, coordinator, mentor, participant, client_as):
    late = _item(meeting, coordinator, mentor, "Senere oppgave", DEADLINE + dt.timedelta(days=10))
    soon = _item(meeting, coordinator, mentor, "Tidlig oppgave", DEADLINE)
    finished = _item(meeting, coordinator, mentor, "Ferdig oppgave", DEADLINE - dt.timedelta(days=5))
    services.set_action_item_done(actor=mentor, item_id=finished.pk, done=True)
    _item(meeting, coordinator, participant, "Deltakerens oppgave")
    response = client_as(mentor).get("/tasks/")
    assert response.status_code == 200
    assert [i.pk for i in response.context["open_items"]] == [soon.pk, late.pk]
    assert [i.pk for i in response.context["done_items"]] == [finished.pk]
    assert "Deltakerens oppgave" not in response.content.decode()


def test_marking_done_from_my_tasks_works_as_a_plain_form(meeting, coordinator, mentor, client_as):
    item = _item(meeting, coordinator, mentor)
    client = client_as(mentor)
    response = client.post(f"/action-items/{item.pk}/done/", {"done": "on", "version": item.version, "next": "/tasks/"})
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    item.refresh_from_db()
    assert item.done_by == mentor
    response = client.post(f"/action-items/{item.pk}/done/", {"version": item.version, "next": "//evil.example/"})
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    item.refresh_from_db()
    assert item.done_at is None


def test_marking_another_persons_item_is_refused(meeting, coordinator, mentor, participant, instructor, client_as):
    item = _item(meeting, coordinator, mentor)
    # Invited, may read it: 403. Not invited: does not know of it.
    assert client_as(participant).post(f"/action-items/{item.pk}/done/", {"done": "on"}).status_code == 403
    assert client_as(instructor).post(f"/action-items/{item.pk}/done/", {"done": "on"}).status_code == 404
    assert ActionItem.objects.get(pk=item.pk).done_at is None


def test_adding_an_action_item_on_the_page_with_bad_input_answers_422_and_saves_nothing(
    meeting, coordinator, client_as
):
    with translation.override("en"):
        response = client_as(coordinator).post(
            f"/meetings/{meeting.pk}/action-items/", {"text": "Noe", "owner": "", "deadline": "2027-02-30"}
        )
    assert response.status_code == 422
    assert set(response.context["item_form"].errors) == {"owner", "deadline"}
    assert ActionItem.objects.count() == 0


def test_adding_an_action_item_on_the_page(meeting, coordinator, mentor, client_as):
    response = client_as(coordinator).post(
        f"/meetings/{meeting.pk}/action-items/",
        {"text": "Bestill arbeidsklær", "owner": mentor.person_id, "deadline": "2027-01-15"},
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().owner_id == mentor.person_id
