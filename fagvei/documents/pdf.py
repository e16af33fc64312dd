"""PDFs: made from our own HTML templates with WeasyPrint, and bundled with the documents
of a pathway (pypdf, Pillow) — minutes, plans, certificates, the county case packet.

WeasyPrint fetches what a page points at (stylesheets, images, fonts). Here it may fetch
our own static files and nothing else: no address on the network, no file on the disk
outside the static folders, no ``data:`` (our templates have none, and a value a user
typed is escaped by the template, so it never becomes markup that points anywhere). The
fonts are Debian's DejaVu, found by Fontconfig, not fetched.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import posixpath
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from PIL import Image, ImageOps
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import storage
from .models import Document
from .uploads import JPEG, PDF, PNG

logger = logging.getLogger(__name__)

# The address relative links in a template are read against: a name that resolves
# nowhere (RFC 6761's .invalid), so that "/static/…" means our static files and nothing
# can be mistaken for a real host.
BASE_URL = "https://fagvei.invalid/"
_BASE = urlsplit(BASE_URL)

# A4 in PDF points (1/72 inch), and the margin round an image on its page.
A4 = (595.28, 841.89)
IMAGE_MARGIN = 36.0
# An image on a page needs no more than A4 at 300 dpi; larger ones are scaled down first.
IMAGE_MAX_SIDE = 3508
# Decompression bombs: an image that says it has more pixels than this is not opened
# (Pillow's own bound, Image.MAX_IMAGE_PIXELS, is the other guard; its warning is an
# error here).
MAX_IMAGE_PIXELS = 64_000_000


class FetchRefused(ValueError):
    """WeasyPrint was asked to fetch something other than our own static files."""


def static_file(url: str) -> Path | None:
    """The file of one of our static files named by an address read against
    ``BASE_URL`` ("/static/css/pdf.css"), or None for any other address."""
    parts = urlsplit(url)
    static_url = settings.STATIC_URL or "/static/"
    if (parts.scheme, parts.netloc) != (_BASE.scheme, _BASE.netloc) or parts.query or parts.fragment:
        return None
    if not parts.path.startswith(static_url):
        return None
    name = unquote(parts.path[len(static_url) :])
    if not name or "\x00" in name or "\\" in name or ".." in name.split("/"):
        return None
    name = posixpath.normpath(name)
    try:
        found = finders.find(name)
        if not found and settings.STATIC_ROOT:
            # Collected (and, in production, hashed) names, as {% static %} gives them.
            found = safe_join(str(settings.STATIC_ROOT), name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    path = Path(found) if found else None
    return path if path is not None and path.is_file() else None


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's fetcher for our PDFs: our own static files, and a refusal for every
    other address (http, https, file, data, ftp …) — the SSRF and local-file advisories
    of HTML-to-PDF tools."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(_BASE.scheme,), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_file(url)
        if path is None:
            logger.warning("PDF: refused to fetch %.200s", url)
            raise FetchRefused(f"not one of our static files: {url[:200]}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def render_pdf(template_name: str, context: dict[str, Any], request: Any = None) -> bytes:
    """A template rendered as a PDF (A4, DejaVu; ``documents/pdf/base.html`` to extend).
    The template is rendered by Django as any page is, autoescaping included."""
    html = render_to_string(template_name, context, request=request)
    return bytes(HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf())


def bundle_pdf(cover: bytes, documents: list[Document]) -> tuple[bytes, list[Document]]:
    """The cover followed by each document in order: PDFs as they are, JPEG and PNG
    images each on an A4 page. Returns the joined PDF and the documents that could not be
    joined — Word and Excel files, a PDF that cannot be read or is encrypted, an image too
    large or broken, a deleted document — for the caller to list as sent separately."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    left_out: list[Document] = []
    for document in documents:
        pages = _as_pdf(document)
        if pages is None:
            left_out.append(document)
        else:
            writer.append(PdfReader(io.BytesIO(pages)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), left_out


@dataclass(frozen=True)
class Attachment:
    """A document joined after a bundle's own pages: where it starts (1-based) in the
    whole PDF, and how many pages it has; ``first_page`` is None when it could not be
    joined and is sent separately."""

    document: Document
    first_page: int | None
    pages: int


def bundle_with_contents(
    render: Callable[[list[Attachment], int | None], bytes], documents: list[Document]
) -> tuple[bytes, list[Attachment]]:
    """Our own pages followed by the documents, for a bundle whose table of contents
    names the page each document starts on (the county's case packet). ``render`` is
    called with the attachments and the whole PDF's page count (None on the first call,
    when they are not yet known) and returns our pages; each document is read and made
    whole once. The front is rendered again until its length stops changing (twice,
    unless the numbers themselves push a line onto a new page)."""
    parts = [_as_pdf(document) for document in documents]
    counts = [len(PdfReader(io.BytesIO(part)).pages) if part is not None else 0 for part in parts]

    def attachments(front_pages: int) -> list[Attachment]:
        placed: list[Attachment] = []
        page = front_pages + 1
        for document, part, count in zip(documents, parts, counts, strict=True):
            placed.append(Attachment(document, page if part is not None else None, count))
            page += count
        return placed

    front = render(attachments(0), None)
    for _attempt in range(3):
        length = len(PdfReader(io.BytesIO(front)).pages)
        placed = attachments(length)
        again = render(placed, length + sum(counts))
        if len(PdfReader(io.BytesIO(again)).pages) == length:
            front = again
            break
        front = again
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    for part in parts:
        if part is not None:
            writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), placed


def pdf_download(data: bytes, filename: str) -> HttpResponse:
    """A PDF as a download: never shown inline, never kept in a cache (it is personal
    data), nothing in it run or loaded should a browser show it after all. The file's name
    holds ids only."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _as_pdf(document: Document) -> bytes | None:
    """The document as PDF pages of their own, or None when it cannot be joined. Each is
    made whole on its own first, so that a broken file cannot leave half of itself in
    the bundle."""
    if document.deleted_at is not None or document.content_type not in (PDF, JPEG, PNG):
        return None
    opened = storage.open_file(document.stored_name)
    if opened is None:
        return None
    with opened:
        data = opened.read()
    try:
        if document.content_type == PDF:
            return _pdf_pages(data)
        return _image_page(data)
    except Exception:  # a file from a user may break a parser in any way: it is then sent separately
        logger.info("PDF bundle: document %s could not be joined", document.pk, exc_info=True)
        return None


def _pdf_pages(data: bytes) -> bytes | None:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return None
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_page(data: bytes) -> bytes | None:
    """An image centred on an A4 page (landscape for a wide image), scaled to fit within
    the margins, turned as the camera said (EXIF)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        opened = Image.open(io.BytesIO(data))
        if opened.width * opened.height > MAX_IMAGE_PIXELS:
            return None
        opened.draft("RGB", (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
        image: Image.Image = ImageOps.exif_transpose(opened)
        image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
    picture = io.BytesIO()
    # At 72 dpi one pixel is one point: the page below scales it to fit.
    image.save(picture, "PDF", resolution=72.0)
    source = PdfReader(io.BytesIO(picture.getvalue())).pages[0]
    width, height = float(source.mediabox.width), float(source.mediabox.height)
    page_width, page_height = (A4[1], A4[0]) if width > height else A4
    scale = min((page_width - 2 * IMAGE_MARGIN) / width, (page_height - 2 * IMAGE_MARGIN) / height, 1.0)
    page = PageObject.create_blank_page(width=page_width, height=page_height)
    offset_x = (page_width - width * scale) / 2
    offset_y = (page_height - height * scale) / 2
    page.merge_transformed_page(source, Transformation().scale(scale).translate(offset_x, offset_y))
    writer = PdfWriter()
    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
