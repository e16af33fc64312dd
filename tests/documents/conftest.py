"""The cast of the documents tests — the coordinator who runs the pathway, its
participant, the mentor on it, the participant of another pathway and a coordinator in
another municipality — and files of each kind, made here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image
from pypdf import PdfWriter

from fagvei.accounts.models import Role
from fagvei.organisations.models import Organisation
from fagvei.pathways.models import PathwayMember, Stage
from tests.factories import make_org, make_pathway, make_user

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "teal" if mode == "RGB" else None).save(out, fmt)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body><w:p>Hei</w:p></w:body></w:document>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "xl/workbook.xml": "<workbook/>"}
    )


def stored_files(root: Path) -> list[Path]:
    """Every file under the document root."""
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def upload(client: Client, pathway_id: int, name: str, data: bytes, kind: str = "cv", title: str = "", **extra: Any):
    """Post the upload form as a browser does."""
    file = io.BytesIO(data)
    file.name = name
    return client.post(f"/pathways/{pathway_id}/documents/new/", {"kind": kind, "title": title, "file": file, **extra})


@pytest.fixture
def company(db: Any) -> Organisation:
    return make_org(Organisation.Kind.TRAINING_COMPANY, "Solsiden sykehjem")


@pytest.fixture
def pathway(scheme: Any, coordinator: Any, company: Organisation) -> Any:
    return make_pathway(scheme, coordinator=coordinator, stage=Stage.STARTING, workplace=company)


@pytest.fixture
def participant(pathway: Any, scheme: Any) -> Any:
    """The pathway's participant, with a login of their own."""
    return make_user(Role.PARTICIPANT, scheme.organisation, username="deltaker", person=pathway.participant)


@pytest.fixture
def mentor(pathway: Any, company: Organisation) -> Any:
    user = make_user(Role.MENTOR, company, username="fadder")
    PathwayMember.objects.create(pathway=pathway, person=user.person, role=PathwayMember.Role.MENTOR)
    return user


@pytest.fixture
def other_participant(scheme: Any, coordinator: Any) -> Any:
    """The participant of another pathway in the same scheme."""
    other = make_pathway(scheme, coordinator=coordinator)
    return make_user(Role.PARTICIPANT, scheme.organisation, username="annendeltaker", person=other.participant)


@pytest.fixture
def client_as() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
