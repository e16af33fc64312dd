"""Notes on a concern: added by those who handle it; an internal note is not shown to
the participant (issue 14), on the page or in the API; the event carries no text."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fagvei.audit.models import Event
from fagvei.concerns import services
from fagvei.concerns.models import ConcernNote
from fagvei.core.domain import DomainError
from tests.api.conftest import ApiClient
from tests.concerns.conftest import call_clarification, hold_conversation, register
from tests.factories import make_token

pytestmark = pytest.mark.django_db

INTERNAL = "Intern vurdering fra koordinator"
SHARED = "Avtalt oppfølging hver fredag"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _with_notes(pathway, coordinator):
    concern = register(pathway, coordinator)
    services.add_concern_note(actor=coordinator, concern_id=concern.pk, text=INTERNAL, internal=True)
    services.add_concern_note(actor=coordinator, concern_id=concern.pk, text=SHARED, internal=False)
    return concern


def test_the_participant_sees_the_case_without_the_internal_notes(pathway, coordinator, participant):
    concern = _with_notes(pathway, coordinator)
    page = client_for(participant).get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert SHARED in page and INTERNAL not in page
    body = ApiClient(make_token(participant)[1]).get(f"/concerns/{concern.pk}").json()
    assert [n["text"] for n in body["notes"]] == [SHARED]
    listed = ApiClient(make_token(participant)[1]).get(f"/pathways/{pathway.pk}/concerns").json()
    assert [n["text"] for n in listed[0]["notes"]] == [SHARED]


def test_those_who_handle_it_and_the_county_adviser_see_every_note(pathway, coordinator, adviser):
    concern = _with_notes(pathway, coordinator)
    page = client_for(coordinator).get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert SHARED in page and INTERNAL in page
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    page = client_for(adviser).get(reverse("concern_detail", args=[concern.pk])).content.decode()
    assert INTERNAL in page


def test_the_professional_manager_notes_what_they_raised(pathway, manager):
    concern = register(pathway, manager)
    response = client_for(manager).post(
        reverse("concern_note_add", args=[concern.pk]), {"text": "Ringte deltakeren.", "internal": "on"}
    )
    assert response.status_code == 302
    assert ConcernNote.objects.get().internal is True


def test_only_those_who_handle_it_add_notes(pathway, coordinator, mentor, participant, adviser):
    concern = register(pathway, coordinator)
    hold_conversation(concern, coordinator)
    call_clarification(concern, coordinator)
    url = reverse("concern_note_add", args=[concern.pk])
    assert client_for(mentor).post(url, {"text": "x"}).status_code == 404
    assert client_for(participant).post(url, {"text": "x"}).status_code == 403
    assert client_for(adviser).post(url, {"text": "x"}).status_code == 403
    with pytest.raises(DomainError):
        services.add_concern_note(actor=mentor, concern_id=concern.pk, text="x")
    assert not ConcernNote.objects.exists()


def test_an_empty_note_is_refused_in_norwegian(pathway, coordinator):
    concern = register(pathway, coordinator)
    response = client_for(coordinator).post(
        reverse("concern_note_add", args=[concern.pk]), {"text": "  "}, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 422
    assert "Notat" in response.content.decode()
    assert not ConcernNote.objects.exists()


def test_the_notes_event_carries_no_text(pathway, coordinator):
    concern = _with_notes(pathway, coordinator)
    events = Event.objects.filter(verb="concern.note_added")
    assert events.count() == 2
    for event in events:
        assert event.data == {"concern": concern.pk, "step": "note"}
