"""The coordinator uploads documents on a pathway page: the type is read from the content,
whatever the file is called; everything else is refused with a message in Norwegian
naming the file field, and nothing is kept — no row, no file in the storage folder."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fagvei.audit.models import Event
from fagvei.core.domain import DomainError
from fagvei.documents import services
from fagvei.documents.models import Document
from fagvei.documents.uploads import CappedTemporaryFileUploadHandler, check_upload, clean_name
from tests.documents.conftest import (
    DOCX_TYPE,
    XLSX_TYPE,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    stored_files,
    upload,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

STORED = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}$")


@pytest.mark.parametrize(
    ("name", "data", "ctype"),
    [
        ("cv.pdf", pdf_bytes(), "application/pdf"),
        ("attest.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("vitnemaal.png", image_bytes("PNG"), "image/png"),
        ("arbeidsavtale.docx", docx_bytes(), DOCX_TYPE),
        ("plan.xlsx", xlsx_bytes(), XLSX_TYPE),
    ],
)
def test_the_coordinator_uploads_each_allowed_type(client_as, coordinator, pathway, _document_root, name, data, ctype):
    response = upload(client_as(coordinator), pathway.pk, name, data, kind="attest", title="Fra sykehjemmet")
    assert response.status_code == 302
    assert response["Location"] == reverse("pathway_detail", args=[pathway.pk])
    document = Document.objects.get()
    assert (document.kind, document.title, document.original_name) == ("attest", "Fra sykehjemmet", name)
    assert (document.content_type, document.size, document.uploaded_by) == (ctype, len(data), coordinator)
    # Kept under a random name of our own, with the bytes that were sent.
    assert STORED.fullmatch(document.stored_name)
    files = stored_files(_document_root)
    assert [f.relative_to(_document_root).as_posix() for f in files] == [document.stored_name]
    assert files[0].read_bytes() == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    # The event holds the id and the kind, never the name or the description.
    event = Event.objects.get(verb="document.uploaded")
    assert event.data == {"kind": "attest", "document": document.pk}
    assert event.pathway_id == pathway.pk


# The type comes from the content; the name's ending has no say.
def test_a_png_called_docx_is_kept_as_a_png_and_given_back_as_one(client_as, coordinator, pathway):
    client = client_as(coordinator)
    assert upload(client, pathway.pk, "cv.docx", image_bytes("PNG")).status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png"
    assert document.original_name == "cv.docx"
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="cv.png"'


EVIL_SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/people/')</script></body></html>"


def _zip_bomb() -> bytes:
    """A DOCX whose document part unpacks to 200 MB of zeros (a few hundred kB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = bytes(1024 * 1024)
            for _ in range(200):
                part.write(zeros)
    return out.getvalue()


def _many_parts() -> bytes:
    return zip_bytes({"word/document.xml": "<w/>", **{f"word/media/{i}.xml": "" for i in range(2001)}})


# The start of each message as the field shows it (the summary puts "Fil: " before it).
NOT_ALLOWED = "Denne filtypen er ikke tillatt"
SCRIPT = "Filen inneholder skript eller makroer"
TOO_BIG = "Word- eller Excel-filen pakkes ut til mer enn 100 MB"
UNREADABLE = "Word- eller Excel-filen kunne ikke leses"
# (case, file name, content — made when the test runs —, message)
REFUSALS = [
    ("html_called_pdf", "cv.pdf", lambda: HTML, NOT_ALLOWED),
    ("html", "side.html", lambda: HTML, NOT_ALLOWED),
    ("svg_with_script", "bilde.svg", lambda: EVIL_SVG, NOT_ALLOWED),
    ("svg_called_png", "bilde.png", lambda: EVIL_SVG, NOT_ALLOWED),
    ("text", "notat.txt", lambda: "Hei på deg\n".encode(), NOT_ALLOWED),
    ("gif", "bilde.gif", lambda: image_bytes("GIF"), NOT_ALLOWED),
    ("plain_zip", "arkiv.docx", lambda: zip_bytes({"notes.txt": "hei"}), "Filen er et zip-arkiv, men ikke et Word"),
    ("zip_bomb", "cv.docx", _zip_bomb, TOO_BIG),
    ("too_many_parts", "cv.docx", _many_parts, TOO_BIG),
    (
        "docx_with_macros",
        "cv.docx",
        lambda: zip_bytes({"word/document.xml": "<w/>", "word/vbaProject.bin": "x"}),
        SCRIPT,
    ),
    ("pdf_with_javascript", "cv.pdf", lambda: pdf_bytes()[:-10] + b"<< /S /JavaScript /JS (app.alert(1)) >>\n", SCRIPT),
    ("pdf_with_escaped_name", "cv.pdf", lambda: b"%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript >> >>", SCRIPT),
    ("pdf_that_launches", "cv.pdf", lambda: b"%PDF-1.4\n1 0 obj << /A << /S /Launch /F (cmd.exe) >> >>", SCRIPT),
    ("broken_docx", "cv.docx", lambda: docx_bytes()[:-40], UNREADABLE),
    ("empty", "cv.pdf", lambda: b"", "Filen er tom"),
]


@pytest.mark.parametrize(("case", "name", "make", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_bad_upload_is_refused_on_the_file_field_and_nothing_is_kept(
    client_as, coordinator, pathway, _document_root, case, name, make, message
):
    response = upload(client_as(coordinator), pathway.pk, name, make())
    assert response.status_code == 422
    html = response.content.decode()
    # On the field, and in the summary above the form, naming the field.
    assert re.search(r'id="id_file_error">' + re.escape(message), html), html
    assert f"Fil: {message}" in html
    assert not Document.objects.exists()
    assert not Event.objects.filter(verb="document.uploaded").exists()
    assert stored_files(_document_root) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(client_as, coordinator, pathway, settings, _document_root):
    settings.FAGVEI_UPLOAD_MAX_BYTES = 1000
    data = pdf_bytes() + b"\n%" + b"x" * 1000
    response = upload(client_as(coordinator), pathway.pk, "cv.pdf", data)
    assert response.status_code == 422
    assert "Fil: Filen er større enn grensen på 1000 byte." in response.content.decode()
    assert not Document.objects.exists() and stored_files(_document_root) == []


def test_a_large_upload_reaches_the_check_and_is_refused_by_it(client_as, coordinator, pathway, settings):
    """Past Django's memory limits (2.5 MB) the file goes to a temporary file; Django
    refuses nothing on its own, and the page says what the limit is."""
    settings.FAGVEI_UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    data = pdf_bytes() + b"\n%" + b"x" * (4 * 1024 * 1024)
    response = upload(client_as(coordinator), pathway.pk, "stor.pdf", data)
    assert response.status_code == 422
    assert "Fil: Filen er større enn grensen på 3 MB." in response.content.decode()
    assert not Document.objects.exists()


def test_the_upload_handler_keeps_no_more_than_the_limit_but_counts_it_all(settings, rf):
    settings.FAGVEI_UPLOAD_MAX_BYTES = 100_000
    handler = CappedTemporaryFileUploadHandler(rf.post("/"))
    handler.new_file("file", "stor.pdf", "application/pdf", 10_000_000)
    received = 0
    chunk = b"x" * 65536
    for _ in range(40):
        handler.receive_data_chunk(chunk, received)
        received += len(chunk)
    uploaded = handler.file_complete(received)
    assert uploaded.size == received
    uploaded.seek(0, io.SEEK_END)
    assert uploaded.tell() <= 100_000 + len(chunk)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ("/etc/shadow", "shadow"),
        ("cv\x00.pdf", "cv.pdf"),
        ("cv\r\nSet-Cookie: x=1.pdf", "cvSet-Cookie: x=1.pdf"),
        ("fil\u202egpj.exe", "filgpj.exe"),
        ("..", "dokument.pdf"),
        ("   ", "dokument.pdf"),
        ("Søknad – Åse Ødegård.pdf", "Søknad – Åse Ødegård.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_a_file_name_is_cleaned_and_never_a_path(coordinator, pathway, _document_root, sent, kept):
    # ContentFile keeps its name as given (a browser's multipart name is already cut to
    # its last part by Django; another app's caller may hand over anything).
    document = services.upload_document(
        actor=coordinator, pathway_id=pathway.pk, kind="cv", title="", upload=ContentFile(pdf_bytes(), name=sent)
    )
    assert document.original_name == kept
    assert clean_name(sent, "application/pdf") == kept
    # The only file written is the random name under the root.
    assert [f.relative_to(_document_root).as_posix() for f in stored_files(_document_root)] == [document.stored_name]


def test_a_name_with_a_path_through_the_page_is_kept_as_its_last_part(client_as, coordinator, pathway, _document_root):
    assert upload(client_as(coordinator), pathway.pk, "../../etc/passwd", pdf_bytes()).status_code == 302
    document = Document.objects.get()
    assert document.original_name == "passwd"
    assert len(stored_files(_document_root)) == 1


def test_the_check_reads_the_content_not_the_content_type_the_client_sent():
    checked = check_upload(SimpleUploadedFile("cv.pdf", image_bytes("JPEG"), content_type="application/pdf"))
    assert checked.content_type == "image/jpeg"
    with pytest.raises(DomainError) as refused:
        check_upload(SimpleUploadedFile("cv.pdf", HTML, content_type="application/pdf"))
    assert refused.value.field == "file"
    assert str(refused.value).startswith("Fil: ")


def test_a_file_written_before_a_failure_is_removed_with_the_row(coordinator, pathway, _document_root, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the event could not be written")

    monkeypatch.setattr(services, "record_event", fail)
    with pytest.raises(RuntimeError):
        services.upload_document(
            actor=coordinator,
            pathway_id=pathway.pk,
            kind="cv",
            title="",
            upload=ContentFile(pdf_bytes(), name="cv.pdf"),
        )
    assert not Document.objects.exists()
    assert stored_files(_document_root) == []


def test_an_unknown_kind_is_refused_by_the_form_and_by_the_domain(client_as, coordinator, pathway, _document_root):
    response = upload(client_as(coordinator), pathway.pk, "cv.pdf", pdf_bytes(), kind="passport")
    assert response.status_code == 422
    assert 'id="id_kind_error"' in response.content.decode()
    with pytest.raises(DomainError) as refused:
        services.upload_document(
            actor=coordinator,
            pathway_id=pathway.pk,
            kind="passport",
            title="",
            upload=ContentFile(pdf_bytes(), "x.pdf"),
        )
    assert refused.value.field == "kind"
    assert not Document.objects.exists() and stored_files(_document_root) == []


def test_a_user_who_does_not_manage_the_pathway_is_refused_by_the_domain_too(participant, pathway, _document_root):
    with pytest.raises(DomainError):
        services.upload_document(
            actor=participant, pathway_id=pathway.pk, kind="cv", title="", upload=ContentFile(pdf_bytes(), "x.pdf")
        )
    assert not Document.objects.exists() and stored_files(_document_root) == []


def test_the_form_offers_the_kind_asked_for_and_takes_the_file_as_multipart(client_as, coordinator, pathway):
    html = client_as(coordinator).get(reverse("document_upload", args=[pathway.pk]) + "?kind=employment_contract")
    text = html.content.decode()
    assert 'enctype="multipart/form-data"' in text
    assert '<option value="employment_contract" selected>' in text
    assert 'type="file" name="file"' in text


@pytest.mark.parametrize(
    ("next_url", "goes_to_next"),
    [
        ("/pathways/?stage=starting", True),
        ("https://evil.example/", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("javascript:alert(1)", False),
        ("http://testserver/pathways/", False),
    ],
)
def test_after_the_upload_the_user_goes_back_to_a_path_on_this_site_only(
    client_as, coordinator, pathway, next_url, goes_to_next
):
    response = upload(client_as(coordinator), pathway.pk, "cv.pdf", pdf_bytes(), next=next_url)
    assert response.status_code == 302
    expected = next_url if goes_to_next else reverse("pathway_detail", args=[pathway.pk])
    assert response["Location"] == expected
