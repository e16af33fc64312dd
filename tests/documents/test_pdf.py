"""PDFs from templates (WeasyPrint) and bundles of a pathway's documents (pypdf, Pillow).
What a user typed is text in the PDF, never markup that fetches; WeasyPrint may fetch our
own static files and nothing else; a bundle joins what it can and names the rest."""

from __future__ import annotations

import io
import socket
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter

from fagvei.documents import pdf, services
from fagvei.documents.pdf import BASE_URL, FetchRefused, StaticFilesOnly, bundle_pdf, render_pdf
from tests.documents.conftest import docx_bytes, image_bytes, pdf_bytes
from tests.factories import make_document

pytestmark = pytest.mark.django_db

LETTER = """{% extends "documents/pdf/base.html" %}
{% block content %}<p>{{ body }}</p><p class="small">{{ note }}</p>{% endblock %}
"""
# A template with a fault of its own: it points outside (a template is ours; a value is not).
LEAKY = """{% extends "documents/pdf/base.html" %}
{% block head %}
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="http://127.0.0.1:9/a.css">
{% endblock %}
{% block content %}
<img src="http://127.0.0.1:9/x.png"><img src="data:image/png;base64,iVBORw0KGgo=">
<p>{{ body }}</p>
{% endblock %}
"""


@pytest.fixture
def templates(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "templates"
    (folder / "test_pdf").mkdir(parents=True)
    (folder / "test_pdf" / "letter.html").write_text(LETTER, encoding="utf-8")
    (folder / "test_pdf" / "leaky.html").write_text(LEAKY, encoding="utf-8")
    engines = [dict(settings.TEMPLATES[0])]
    engines[0]["DIRS"] = [*engines[0]["DIRS"], folder]
    settings.TEMPLATES = engines
    return folder


@pytest.fixture
def fetched(monkeypatch: Any) -> list[str]:
    """Every address WeasyPrint asks the fetcher for; and no socket may connect."""
    asked: list[str] = []
    fetch = StaticFilesOnly.fetch

    def spy(self: Any, url: str, headers: Any = None) -> Any:
        asked.append(url)
        return fetch(self, url, headers)

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(StaticFilesOnly, "fetch", spy)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return asked


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_template_becomes_an_a4_pdf_with_the_context_as_text(templates, fetched):
    out = render_pdf("test_pdf/letter.html", {"title": "Søknad om lærekontrakt", "body": "Åse Ødegård", "note": "x"})
    reader = PdfReader(io.BytesIO(out))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = _text(out)
    for expected in ("Søknad om lærekontrakt", "Åse Ødegård", "fagvei", "Side 1 av 1"):
        assert expected in text
    # The stylesheet is the one thing fetched, from our static files.
    assert fetched == [f"{BASE_URL}static/css/pdf.css"]


def test_markup_in_a_value_is_text_and_fetches_nothing(templates, fetched):
    typed = '<img src="http://127.0.0.1:9/x"><link rel="stylesheet" href="file:///etc/passwd">'
    out = render_pdf("test_pdf/letter.html", {"title": "Notat", "body": typed, "note": "<b>fet</b>"})
    text = _text(out)
    assert typed in text and "<b>fet</b>" in text
    assert fetched == [f"{BASE_URL}static/css/pdf.css"]


def test_a_template_that_points_outside_gets_nothing_from_there(templates, fetched):
    out = render_pdf("test_pdf/leaky.html", {"title": "Lekk", "body": "Innhold"})
    assert "Innhold" in _text(out)
    # Asked, and refused: no file was read, no connection made (the spy on the socket).
    assert set(fetched) >= {"file:///etc/passwd", "http://127.0.0.1:9/a.css", "http://127.0.0.1:9/x.png"}
    assert any(url.startswith("data:") for url in fetched)
    assert "root:" not in _text(out)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/static/css/pdf.css",
        "http://fagvei.invalid/static/css/pdf.css",
        "file:///etc/passwd",
        "file:///static/css/pdf.css",
        "data:text/css,body{}",
        "ftp://fagvei.invalid/static/css/pdf.css",
        f"{BASE_URL}static/../fagvei/settings.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/fagvei/settings.py",
        f"{BASE_URL}static/..%2f..%2ffagvei%2fsettings.py",
        f"{BASE_URL}static/css/../../../../etc/passwd",
        f"{BASE_URL}static/%00css/pdf.css",
        f"{BASE_URL}static/",
        f"{BASE_URL}media/secret.pdf",
        f"{BASE_URL}static/css/pdf.css?x=1",
        f"{BASE_URL}static/css/missing.css",
    ],
)
def test_the_fetcher_refuses_every_other_address(url):
    with pytest.raises(FetchRefused):
        StaticFilesOnly().fetch(url)


def test_the_fetcher_serves_our_own_static_file():
    response = StaticFilesOnly().fetch(f"{BASE_URL}static/css/pdf.css")
    assert response.read() == Path(finders.find("css/pdf.css")).read_bytes()
    assert response.content_type == "text/css"


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says it is ``width`` × ``height`` (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"")
    idat = struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + iend


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("hemmelig")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_bundle_joins_pdfs_and_images_after_the_cover_and_names_the_rest(templates, coordinator, pathway):
    cover = render_pdf("test_pdf/letter.html", {"title": "Søknad", "body": "Forside", "note": ""})
    two_pages = make_document(pathway, coordinator, kind="cv", data=pdf_bytes(pages=2))
    photo = make_document(pathway, coordinator, kind="attest", name="attest.png", data=image_bytes("PNG", (1200, 900)))
    portrait = make_document(pathway, coordinator, kind="education", name="v.jpg", data=image_bytes("JPEG", (300, 500)))
    word = make_document(pathway, coordinator, kind="training_plan", name="plan.docx", data=docx_bytes())
    locked = make_document(pathway, coordinator, kind="other", name="låst.pdf", data=_encrypted_pdf())
    bomb = make_document(pathway, coordinator, kind="other", name="bombe.png", data=_png_claiming(20_000, 20_000))
    deleted = make_document(pathway, coordinator, kind="other", name="slettet.pdf")
    services.delete_document(actor=coordinator, document_id=deleted.pk, expected_version=1)
    deleted.refresh_from_db()

    joined, left_out = bundle_pdf(cover, [two_pages, word, photo, locked, portrait, bomb, deleted])

    reader = PdfReader(io.BytesIO(joined))
    assert len(reader.pages) == 1 + 2 + 1 + 1
    assert "Forside" in reader.pages[0].extract_text()
    # Images on A4, a wide one turned to landscape.
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages[3:]]
    assert sizes == [(842, 595), (595, 842)]
    assert left_out == [word, locked, bomb, deleted]


def test_a_broken_pdf_is_sent_separately(coordinator, pathway):
    broken = make_document(pathway, coordinator, data=b"%PDF-1.7\n" + b"\x00garbage" * 50)
    joined, left_out = bundle_pdf(pdf_bytes(), [broken])
    assert left_out == [broken]
    assert len(PdfReader(io.BytesIO(joined)).pages) == 1


def test_the_image_guard_stands_beside_pillows_own():
    from PIL import Image

    assert pdf.MAX_IMAGE_PIXELS <= (Image.MAX_IMAGE_PIXELS or pdf.MAX_IMAGE_PIXELS)
