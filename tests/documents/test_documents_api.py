"""Documents through the API, by persona: the same rules, checks and words as the pages —
the coordinator lists, uploads (multipart), reads, downloads and deletes; the participant
reads their own; the mentor and outsiders are told nothing; a bad file is a 422 naming
the field in Norwegian, a stale version a 409, a guard's refusal a 422."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from fagvei.audit.models import AccessLog
from fagvei.documents import services
from fagvei.documents.models import Document
from tests.api.conftest import ApiClient
from tests.documents.conftest import image_bytes, pdf_bytes, stored_files
from tests.factories import make_document, make_token

pytestmark = pytest.mark.django_db


def _api(user: Any) -> ApiClient:
    return ApiClient(make_token(user, name="Arkiv")[1])


def _upload(api: ApiClient, pathway_id: int, name: str, data: bytes, **fields: Any) -> Any:
    """A multipart POST with the token, as an integration sends it."""
    file = io.BytesIO(data)
    file.name = name
    return api.client.post(
        f"/api/v1/pathways/{pathway_id}/documents", {"kind": "cv", "title": "", **fields, "file": file}, **api.headers
    )


@pytest.fixture
def document(pathway, coordinator):
    return make_document(pathway, coordinator, kind="attest", name="attest.pdf")


def test_the_coordinator_uploads_through_the_api(coordinator, pathway, _document_root):
    response = _upload(_api(coordinator), pathway.pk, "bilde.pdf", image_bytes("PNG"), kind="attest", title="Attest")
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get()
    assert body["id"] == document.pk
    assert (body["kind"], body["title"], body["original_name"]) == ("attest", "Attest", "bilde.pdf")
    # The type read from the content, whatever the name said.
    assert body["content_type"] == "image/png"
    assert body["content"].endswith(f"/api/v1/documents/{document.pk}/content")
    assert body["uploaded_at"].endswith(("+01:00", "+02:00"))
    assert body["can_manage"] is True
    assert len(stored_files(_document_root)) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>", "Fil: denne filtypen er ikke tillatt."),
        ("cv.pdf", b"", "Fil: filen er tom."),
    ],
)
def test_a_bad_file_is_refused_naming_the_field_in_norwegian(coordinator, pathway, _document_root, name, data, message):
    response = _upload(_api(coordinator), pathway.pk, name, data)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "file"
    assert errors[0]["message"].startswith(message)
    assert not Document.objects.exists() and stored_files(_document_root) == []


def test_a_missing_file_and_kind_are_named(coordinator, pathway):
    api = _api(coordinator)
    response = api.client.post(f"/api/v1/pathways/{pathway.pk}/documents", {"title": "x"}, **api.headers)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"kind", "file"}
    assert all(e["message"] == "Feltet er påkrevet." for e in response.json()["errors"])


def test_an_upload_over_the_limit_is_refused_with_the_limit(coordinator, pathway, settings):
    settings.FAGVEI_UPLOAD_MAX_BYTES = 500
    response = _upload(_api(coordinator), pathway.pk, "cv.pdf", pdf_bytes() + b"%" + b"x" * 600)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Fil: filen er større enn grensen på 500 byte."


def test_the_list_is_newest_first_for_the_coordinator_and_the_participant(coordinator, participant, pathway, document):
    newer = make_document(pathway, coordinator, kind="cv", name="cv.pdf")
    for user, manages in ((coordinator, True), (participant, False)):
        response = _api(user).get(f"/pathways/{pathway.pk}/documents")
        assert response.status_code == 200
        body = response.json()
        assert [d["id"] for d in body["items"]] == [newer.pk, document.pk]
        assert {d["can_manage"] for d in body["items"]} == {manages}
        assert (body["page"], body["pages"], body["count"], body["next"]) == (1, 1, 2, None)


def test_a_deleted_document_is_left_out_of_the_list(coordinator, pathway, document):
    services.delete_document(actor=coordinator, document_id=document.pk, expected_version=1)
    assert _api(coordinator).get(f"/pathways/{pathway.pk}/documents").json()["items"] == []


@pytest.mark.parametrize("who", ["mentor", "other_participant", "other_coordinator"])
def test_anyone_else_gets_not_found_for_every_operation(request, who, pathway, document, _document_root):
    api = _api(request.getfixturevalue(who))
    assert api.get(f"/pathways/{pathway.pk}/documents").status_code == 404
    assert api.get(f"/documents/{document.pk}").status_code == 404
    assert api.get(f"/documents/{document.pk}/content").status_code == 404
    assert api.send("DELETE", f"/documents/{document.pk}", {"version": 1}).status_code == 404
    expected = 403 if who == "mentor" else 404  # the mentor follows the pathway, read-only
    assert _upload(api, pathway.pk, "cv.pdf", pdf_bytes()).status_code == expected
    assert Document.objects.count() == 1 and len(stored_files(_document_root)) == 1
    assert not AccessLog.objects.filter(object_type="documents.document").exists()


def test_the_participant_reads_but_neither_uploads_nor_deletes(participant, pathway, document):
    api = _api(participant)
    assert api.get(f"/documents/{document.pk}").json()["can_manage"] is False
    assert api.get(f"/documents/{document.pk}/content").status_code == 200
    assert _upload(api, pathway.pk, "cv.pdf", pdf_bytes()).status_code == 403
    assert api.send("DELETE", f"/documents/{document.pk}", {"version": 1}).status_code == 403
    document.refresh_from_db()
    assert document.deleted_at is None


def test_the_content_is_an_attachment_and_each_read_is_logged_with_the_token(coordinator, document):
    response = _api(coordinator).get(f"/documents/{document.pk}/content")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="attest.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    read = AccessLog.objects.get(object_type="documents.document", object_id=document.pk)
    assert (read.user, read.token_name, read.purpose) == (coordinator, "Arkiv", AccessLog.Purpose.EXPORT)


def test_the_coordinator_deletes_with_the_version_read(
    coordinator, document, _document_root, django_capture_on_commit_callbacks
):
    api = _api(coordinator)
    assert api.send("DELETE", f"/documents/{document.pk}", {"version": 5}).status_code == 409
    assert api.send("DELETE", f"/documents/{document.pk}", {}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send("DELETE", f"/documents/{document.pk}", {"version": 1})
    assert response.status_code == 200
    assert response.json()["deleted_at"] is not None and response.json()["version"] == 2
    assert stored_files(_document_root) == []
    assert api.get(f"/documents/{document.pk}").status_code == 404


def test_a_guard_refuses_a_delete_with_422(coordinator, document, monkeypatch):
    monkeypatch.setattr(services, "_GUARDS", [])
    services.register_document_guard(lambda d: "Dokumentet er sendt til fylkeskommunen.")
    response = _api(coordinator).send("DELETE", f"/documents/{document.pk}", {"version": 1})
    assert response.status_code == 422
    assert response.json()["detail"] == "Dokumentet er sendt til fylkeskommunen."


def test_the_browser_session_needs_the_csrf_header_to_upload(coordinator, pathway):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    file = io.BytesIO(pdf_bytes())
    file.name = "cv.pdf"
    response = client.post(f"/api/v1/pathways/{pathway.pk}/documents", {"kind": "cv", "file": file})
    assert response.status_code == 403
    assert not Document.objects.exists()
