"""What an upload must be before it is kept (ARCHITECTURE.md, uploads): its type read from
its content, never from the client's name or content type; within the size limit; not
empty; no script in it; a Word or Excel file that is what it says and no zip bomb. Every
refusal is a ``DomainError`` on the field ``file`` with a message in the user's language.

Nothing is unpacked or parsed as XML here (so XML entities cannot reach anything): a Word
or Excel file is read as a zip archive's table of contents and its parts decompressed
into nothing, only to count their bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext as _

from fagvei.core.domain import DomainError

from .models import EXTENSIONS, human_size

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What filetype calls a zip archive, or an Office file it recognised from the first
# bytes of one: either way the archive itself decides (``_office_type``).
ZIP_TYPES = frozenset({"application/zip", DOCX, XLSX})

# Zip bombs: a Word or Excel file of a few hundred kB may not unpack to more than this,
# hold more parts than this, or have a part of more than a megabyte packed tighter than
# this ratio (text of real documents packs 5–20 times).
ZIP_MAX_UNPACKED = 100 * 1024 * 1024
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024
# The part that makes an archive a Word document or an Excel workbook.
OFFICE_MARKERS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}

# Names of a PDF's dictionaries that run something when the file is opened: scripts and
# launching programs. (A name may be written with #xx escapes: "/J#61vaScript".)
PDF_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"Launch"})
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]{1,127})")
PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# How much of one chunk is read again with the next, so that no name is cut in two.
PDF_OVERLAP = 256

NAME_MAX = 200


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    original_name: str


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="file")


def clean_name(name: Any, content_type: str = "") -> str:
    """The client's file name as it may be shown and given back: the last part of any path
    (either slash), without control or formatting characters (a right-to-left override
    can make "gpj.exe" read as "exe.jpg"), trimmed of spaces and dots, at most 200
    characters with its ending kept. An empty result becomes "dokument" with the ending
    of the type. It is never used as a path."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    text = text.strip().strip(".").strip()
    if not text:
        endings = EXTENSIONS.get(content_type, ("",))
        return f"dokument{endings[0]}"
    if len(text) > NAME_MAX:
        suffix = PurePosixPath(text).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        text = text[: NAME_MAX - len(suffix)].rstrip() + suffix
    return text


def check_upload(upload: Any) -> CheckedUpload:
    """The facts of an acceptable upload, or a refusal naming the file field. Reads the
    content once through, for the type's own checks and the SHA-256."""
    size = int(getattr(upload, "size", 0) or 0)
    limit = settings.FAGVEI_UPLOAD_MAX_BYTES
    if size <= 0:
        raise _refuse(_("File: the file is empty."))
    if size > limit:
        raise _refuse(_("File: the file is larger than the limit of %(limit)s.") % {"limit": human_size(limit)})
    upload.seek(0)
    head = upload.read(8192)
    guessed = filetype.guess(head)
    content_type = guessed.mime if guessed is not None else None
    if content_type in ZIP_TYPES:
        content_type = _office_type(upload)
    elif content_type not in (PDF, JPEG, PNG):
        # SVG, HTML, text, scripts, programs, other images and archives: refused by what
        # they are, whatever they are called.
        raise _refuse(
            _(
                "File: this type of file is not allowed. Upload a PDF, JPEG or PNG file, a Word document"
                " (DOCX) or an Excel workbook (XLSX)."
            )
        )
    digest = hashlib.sha256()
    tail = b""
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        if content_type == PDF:
            window = tail + chunk
            if _has_active_pdf_name(window):
                raise _refuse(_("File: the file contains a script or a macro, and that is not allowed."))
            tail = window[-PDF_OVERLAP:]
    upload.seek(0)
    return CheckedUpload(
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        original_name=clean_name(getattr(upload, "name", ""), content_type),
    )


def _has_active_pdf_name(data: bytes) -> bool:
    """Whether the bytes name a script or a launch action. A script inside a compressed
    object stream is not seen here; the file is only ever given back as a download
    (attachment, nosniff), never shown in the browser."""
    for match in PDF_NAME.finditer(data):
        name = PDF_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[1])
        if name in PDF_ACTIVE_NAMES:
            return True
    return False


def _office_type(upload: Any) -> str:
    """DOCX or XLSX, told by the part each must have, after the archive's table of
    contents and its parts have shown it is no zip bomb, holds no macros and is whole."""
    too_big = _("File: the Word or Excel file unpacks to more than %(limit)s, or holds too many parts.") % {
        "limit": human_size(ZIP_MAX_UNPACKED)
    }
    unreadable = _("File: the Word or Excel file could not be read.")
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _refuse(unreadable) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > ZIP_MAX_UNPACKED:
            raise _refuse(too_big)
        for entry in entries:
            if entry.file_size > ZIP_RATIO_FROM and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
                raise _refuse(too_big)
            name = entry.filename
            if entry.flag_bits & 0x1 or name.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", name):
                raise _refuse(unreadable)
            lowered = name.lower()
            # Macros (VBA) and ActiveX controls are programs in the document.
            if lowered.endswith("vbaproject.bin") or "/activex/" in f"/{lowered}":
                raise _refuse(_("File: the file contains a script or a macro, and that is not allowed."))
        kinds = {OFFICE_MARKERS[e.filename] for e in entries if e.filename in OFFICE_MARKERS}
        if len(kinds) != 1:
            raise _refuse(
                _("File: the file is a zip archive, but not a Word document (DOCX) or an Excel workbook (XLSX).")
            )
        try:
            for entry in entries:
                # Read to the end (at most the size the table of contents gave, which is
                # bounded above): a part that is cut short or altered fails its CRC.
                with archive.open(entry) as part:
                    chunk = part.read(64 * 1024)
                    while chunk:
                        chunk = part.read(64 * 1024)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError):
            raise _refuse(unreadable) from None
    upload.seek(0)
    return kinds.pop()


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler for uploads too large to keep in memory, keeping no
    more of a file than FAGVEI_UPLOAD_MAX_BYTES: past that its bytes are counted (the
    file's ``size`` is the whole) but not written, and ``check_upload`` refuses it by
    that size. A huge upload then fills no disk, and Django refuses no file before the
    form can say why."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start >= settings.FAGVEI_UPLOAD_MAX_BYTES:
            return None
        return super().receive_data_chunk(raw_data, start)
