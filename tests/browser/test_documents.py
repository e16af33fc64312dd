"""In Chromium: the coordinator uploads a PDF on a pathway's page and downloads it again;
the document pages keep long names inside the screen at a phone's and a laptop's width,
and pass axe's WCAG 2.1 AA checks."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from .conftest import login, run_in_live_db
from .test_accessibility import violations
from .test_layout import overflows

pytestmark = pytest.mark.browser


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A document with a long description and a long file name, written through the domain
# function into the test server's database and document folder (once per module).
LONG_DOCUMENT = """
import io, json
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from fagvei.accounts.models import User
from fagvei.documents.services import upload_document
from fagvei.pathways.models import Pathway

writer = PdfWriter()
writer.add_blank_page(width=595, height=842)
out = io.BytesIO()
writer.write(out)
coordinator = User.objects.get(username="koordinator")
pathway = Pathway.objects.filter(stage="starting", coordinator=coordinator).order_by("id").first()
document = upload_document(
    actor=coordinator,
    pathway_id=pathway.pk,
    kind="competence_assessment",
    title="Kompetansevurdering-fra-Fjordvik-sykehjem-avdeling-for-langtidsopphold-og-rehabilitering-2026",
    upload=ContentFile(out.getvalue(), name="kompetansevurdering_" + "x" * 120 + ".pdf"),
)
print(json.dumps({"pathway": pathway.pk, "document": document.pk}))
"""


@pytest.fixture(scope="module")
def long_document(live_env: dict[str, str], live_url: str) -> dict[str, int]:
    return dict(json.loads(run_in_live_db(live_env, LONG_DOCUMENT).strip().splitlines()[-1]))


def test_the_coordinator_uploads_a_pdf_on_a_pathway_page_and_downloads_it(page: Any) -> None:
    content = _pdf()
    login(page, "koordinator")
    page.goto("/pathways/?stage=starting")
    detail = page.locator("main table a").first.get_attribute("href")
    page.goto(detail)
    page.get_by_role("link", name="Last opp dokument").click()
    page.get_by_label("Dokumenttype").select_option("cv")
    page.get_by_label("Beskrivelse").fill("CV med attester")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "Åse Ødegård CV.pdf", "mimeType": "application/pdf", "buffer": content}]
    )
    page.get_by_role("button", name="Last opp", exact=True).click()
    page.wait_for_url(f"**{detail}")
    assert "Dokumentet er lastet opp." in page.locator("main").inner_text()
    section = page.locator("section", has=page.locator("#documents-heading"))
    link = section.get_by_role("link", name="CV med attester", exact=True)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "Åse Ødegård CV.pdf"
    assert Path(download.path()).read_bytes() == content


def test_a_refused_file_is_named_on_its_field(page: Any) -> None:
    login(page, "koordinator")
    page.goto("/pathways/?stage=starting")
    detail = page.locator("main table a").first.get_attribute("href")
    page.goto(f"{detail}documents/new/?kind=attest")
    assert page.get_by_label("Dokumenttype").input_value() == "attest"
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"<html><script>alert(1)</script>"}]
    )
    page.get_by_role("button", name="Last opp", exact=True).click()
    error = page.locator("#id_file_error")
    assert error.inner_text().startswith("Denne filtypen er ikke tillatt.")
    assert page.get_by_label("Fil").get_attribute("aria-invalid") == "true"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_document_pages_fit_the_screen(browser: Any, live_url: str, long_document: dict[str, int], width: int):
    context = browser.new_context(base_url=live_url, locale="nb-NO", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "koordinator")
    found = {}
    for url in (
        f"/pathways/{long_document['pathway']}/",
        f"/pathways/{long_document['pathway']}/documents/new/",
        f"/documents/{long_document['document']}/delete/",
    ):
        page.goto(url)
        found[url] = overflows(page)
    context.close()
    assert {url: p for url, p in found.items() if p} == {}


def test_the_document_pages_have_no_serious_accessibility_violations(
    browser: Any, live_url: str, long_document: dict[str, int]
) -> None:
    context = browser.new_context(base_url=live_url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found = {}
    for username in ("koordinator", "deltaker"):
        login(page, username)
        urls = [f"/pathways/{long_document['pathway']}/"]
        if username == "koordinator":
            urls += [
                f"/pathways/{long_document['pathway']}/documents/new/",
                f"/documents/{long_document['document']}/delete/",
            ]
        for url in urls:
            page.goto(url)
            found[f"{username} {url}"] = violations(page)
        page.context.clear_cookies()
    context.close()
    assert {url: v for url, v in found.items() if v} == {}
