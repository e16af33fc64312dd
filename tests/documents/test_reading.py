"""Who sees documents, and how they leave fagvei: the coordinator who runs the pathway and
the pathway's participant see and download them; the mentor on the pathway, another
pathway's participant and another municipality's coordinator do not know they exist.
Every download is an attachment, typed from the content, not cached, and logged."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from fagvei.audit.models import AccessLog
from fagvei.documents import services
from fagvei.documents.access import get_document_for, serve_document, visible_documents
from fagvei.documents.models import human_size
from fagvei.pathways.access import get_pathway_for
from tests.documents.conftest import image_bytes, pdf_bytes
from tests.factories import make_document, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(pathway, coordinator):
    return make_document(pathway, coordinator, kind="attest", name="attest.pdf")


def _reads(document) -> list[AccessLog]:
    return list(AccessLog.objects.filter(object_type="documents.document", object_id=document.pk).order_by("id"))


def test_the_coordinator_downloads_an_attachment_typed_from_its_content(client_as, coordinator, document):
    client = client_as(coordinator)
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="attest.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_each_download_writes_one_access_log_row(client_as, coordinator, participant, document):
    client_as(coordinator).get(reverse("document_download", args=[document.pk]))
    client_as(coordinator).get(reverse("document_download", args=[document.pk]))
    client_as(participant).get(reverse("document_download", args=[document.pk]))
    reads = _reads(document)
    assert [r.user for r in reads] == [coordinator, coordinator, participant]
    assert {r.purpose for r in reads} == {AccessLog.Purpose.EXPORT}
    assert {r.path for r in reads} == {f"/documents/{document.pk}/"}
    assert {r.detail for r in reads} == {"document download"}


def test_a_name_outside_ascii_is_given_in_rfc_5987_form(client_as, coordinator, pathway):
    document = make_document(pathway, coordinator, name="Søknad Åse.pdf")
    response = client_as(coordinator).get(reverse("document_download", args=[document.pk]))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''S%C3%B8knad%20%C3%85se.pdf"


def test_the_participant_sees_and_downloads_their_own_documents(client_as, participant, document, pathway):
    client = client_as(participant)
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 200
    page = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Dokumenter" in page and "Attest" in page
    assert reverse("document_download", args=[document.pk]) in page
    # Reading, not changing: no upload or delete offered, and refused when asked for.
    assert reverse("document_upload", args=[pathway.pk]) not in page
    assert reverse("document_delete", args=[document.pk]) not in page
    assert client.get(reverse("document_delete", args=[document.pk])).status_code == 403
    assert client.post(reverse("document_delete", args=[document.pk]), {"version": 1}).status_code == 403
    assert client.get(reverse("document_upload", args=[pathway.pk])).status_code == 403


@pytest.mark.parametrize("who", ["mentor", "other_participant", "other_coordinator"])
def test_anyone_else_is_told_the_document_does_not_exist(request, client_as, document, pathway, who):
    user = request.getfixturevalue(who)
    client = client_as(user)
    for name in ("document_download", "document_delete"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 404, name
    assert client.post(reverse("document_delete", args=[document.pk]), {"version": 1}).status_code == 404
    assert _reads(document) == []
    with pytest.raises(Http404):
        get_document_for(user, document.pk)


def test_the_mentor_follows_the_pathway_but_is_not_shown_its_documents(client_as, mentor, document, pathway):
    page = client_as(mentor).get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Dokumenter" not in page
    assert reverse("document_download", args=[document.pk]) not in page
    assert list(visible_documents(mentor, get_pathway_for(mentor, pathway.pk))) == []


def test_an_anonymous_visitor_is_sent_to_the_login(document):
    response = Client().get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_administrator_downloads_any_document(client_as, document):
    admin = make_user(None, username="riks", superuser=True)
    assert client_as(admin).get(reverse("document_download", args=[document.pk])).status_code == 200


def test_the_coordinator_sees_the_list_newest_first_with_upload_and_delete(client_as, coordinator, pathway, document):
    newer = services.upload_document(
        actor=coordinator,
        pathway_id=pathway.pk,
        kind="cv",
        title="CV 2026",
        upload=ContentFile(image_bytes("PNG", (800, 600)), name="cv.png"),
    )
    page = client_as(coordinator).get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    section = page[page.index('id="documents-heading"') :]
    assert section.index("CV 2026") < section.index("attest.pdf")
    assert "Last opp dokument" in section
    assert reverse("document_delete", args=[newer.pk]) in section
    assert f"<td>{human_size(newer.size)}</td>" in section


def test_a_deleted_document_is_not_found_and_not_listed(client_as, coordinator, document, pathway):
    services.delete_document(actor=coordinator, document_id=document.pk, expected_version=document.version)
    client = client_as(coordinator)
    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("document_delete", args=[document.pk])).status_code == 404
    page = client.get(reverse("pathway_detail", args=[pathway.pk])).content.decode()
    assert "Ingen dokumenter er lastet opp." in page


def test_serve_document_answers_for_a_document_another_app_authorised(rf, coordinator, document):
    """Another app (contracts: a case sent to the county) authorises by its own rule and
    serves the file the same way, naming why in the log."""
    request = rf.get("/contracts/1/documents/")
    request.user = coordinator
    response = serve_document(request, document, purpose_detail="county application 1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert [(r.detail, r.path) for r in _reads(document)] == [("county application 1", "/contracts/1/documents/")]


def test_a_document_whose_file_is_gone_is_not_found(client_as, coordinator, document, _document_root):
    (_document_root / document.stored_name).unlink()
    assert client_as(coordinator).get(reverse("document_download", args=[document.pk])).status_code == 404
    assert _reads(document) == []
