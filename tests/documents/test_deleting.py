"""The coordinator deletes a document: its content leaves the disk (personal data), its row
stays with kind, size, SHA-256 and who deleted it when (the audit trail), and the
timeline says so. A guard of another app, a stale version or a participant leaves
everything as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError, StaleObject
from fagvei.documents import services
from fagvei.documents.models import Document
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(pathway, coordinator):
    return make_document(pathway, coordinator, kind="cv", name="cv.pdf")


@pytest.fixture
def guards(monkeypatch):
    """The registered guards, emptied for the test and restored after it."""
    monkeypatch.setattr(services, "_GUARDS", [])
    return services._GUARDS


def _as_stored(document: Document) -> tuple:
    document.refresh_from_db()
    return (document.deleted_at, document.deleted_by_id, document.version)


def test_the_coordinator_is_asked_then_deletes(
    client_as, coordinator, document, pathway, _document_root, django_capture_on_commit_callbacks
):
    client = client_as(coordinator)
    url = reverse("document_delete", args=[document.pk])
    confirm = client.get(url).content.decode()
    assert "Slett dokumentet" in confirm and "cv.pdf" in confirm
    assert f'name="version" value="{document.version}"' in confirm
    sha256, size = document.sha256, document.size
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": document.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("pathway_detail", args=[pathway.pk])
    document.refresh_from_db()
    assert document.deleted_at is not None and document.deleted_by == coordinator
    assert (document.sha256, document.size, document.kind, document.version) == (sha256, size, "cv", 2)
    assert not (_document_root / document.stored_name).exists()
    event = Event.objects.get(verb="document.deleted")
    assert event.data == {"kind": "cv", "document": document.pk}
    timeline = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Dokument slettet" in timeline and "Dokument lastet opp" in timeline


def test_the_file_stays_until_the_deletion_is_committed(coordinator, document, _document_root):
    # Inside the test's transaction nothing is committed: a rollback would keep the file.
    services.delete_document(actor=coordinator, document_id=document.pk, expected_version=document.version)
    assert (_document_root / document.stored_name).exists()


def test_a_guard_of_another_app_refuses_and_nothing_changes(
    client_as, coordinator, document, guards, _document_root, django_capture_on_commit_callbacks
):
    def sent_to_the_county(candidate: Document) -> str | None:
        return "Dokumentet er sendt til fylkeskommunen i en søknad." if candidate.kind == "cv" else None

    services.register_document_guard(sent_to_the_county)
    services.register_document_guard(sent_to_the_county)
    assert guards == [sent_to_the_county]
    before = _as_stored(document)
    with pytest.raises(DomainError, match="sendt til fylkeskommunen"):
        services.delete_document(actor=coordinator, document_id=document.pk, expected_version=document.version)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(coordinator).post(reverse("document_delete", args=[document.pk]), {"version": 1})
    assert response.status_code == 422
    assert "Dokumentet er sendt til fylkeskommunen i en søknad." in response.content.decode()
    assert _as_stored(document) == before
    assert (_document_root / document.stored_name).exists()
    assert not Event.objects.filter(verb="document.deleted").exists()


def test_a_stale_version_is_refused(client_as, coordinator, document, _document_root):
    with pytest.raises(StaleObject):
        services.delete_document(actor=coordinator, document_id=document.pk, expected_version=document.version + 1)
    response = client_as(coordinator).post(reverse("document_delete", args=[document.pk]), {"version": 7})
    assert response.status_code == 422
    assert "Endret av en annen" in response.content.decode()
    assert _as_stored(document) == (None, None, 1)
    assert (_document_root / document.stored_name).exists()


def test_a_second_delete_is_refused(coordinator, document):
    services.delete_document(actor=coordinator, document_id=document.pk, expected_version=1)
    with pytest.raises(DomainError):
        services.delete_document(actor=coordinator, document_id=document.pk, expected_version=2)
    assert Event.objects.filter(verb="document.deleted").count() == 1


def test_only_those_who_manage_the_pathway_delete(participant, mentor, document, _document_root):
    for user in (participant, mentor):
        with pytest.raises(DomainError):
            services.delete_document(actor=user, document_id=document.pk, expected_version=1)
    assert _as_stored(document) == (None, None, 1)
    assert (_document_root / document.stored_name).exists()


def test_a_deleted_document_keeps_its_row_for_the_audit_trail_and_the_database_holds_to_it(coordinator, document):
    from django.db import IntegrityError, transaction

    services.delete_document(actor=coordinator, document_id=document.pk, expected_version=1)
    assert Document.objects.filter(pk=document.pk).exists()
    # Deleted needs who deleted it; sizes are positive; kinds are known ones.
    for change in ({"deleted_by": None}, {"size": 0}, {"kind": "passport"}, {"content_type": "text/html"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(**change)
