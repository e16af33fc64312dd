"""The coordinator's road to a contract sent to the county, in the browser, shared by the
walks that start training (ol. § 7-2: training starts once the contract is signed and
sent). Elements are found by field name, id and URL, not by their text: the contract's
strings are not translated into bokmål yet."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from pypdf import PdfWriter

Visit = Callable[[Any], None]


def submit(page: Any) -> None:
    page.locator("main form.stack button[type=submit]").click()


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _nothing(page: Any) -> None:
    return None


def write_contract(
    page: Any,
    *,
    kind: str,
    start: str | None = None,
    end: str | None = None,
    responsibilities: str = "Lærebedriften har ansvaret for opplæringen; koordinatoren melder opp til fagprøven.",
    visit: Visit = _nothing,
) -> None:
    """On the contract's page of a pathway without one: write the draft. The form comes
    filled from the pathway (company, planned dates, goal); ``start`` and ``end`` replace
    the dates when given."""
    contract_url = page.url
    page.locator("main a[href$='/contract/new/']").click()
    page.wait_for_url(re.compile(r"/contract/new/$"))
    visit(page)
    page.select_option("select[name=kind]", kind)
    if start:
        page.fill("input[name=start_date]", start)
    if end:
        page.fill("input[name=end_date]", end)
    page.fill("textarea[name=responsibilities]", responsibilities)
    submit(page)
    page.wait_for_url(contract_url)


def upload_the_checklist(page: Any, *, visit: Visit = _nothing) -> list[str]:
    """From the contract's page: upload each document the county's checklist asks for
    through its own link, back on the contract's page after each; returns the kinds."""
    contract_url = page.url
    missing = page.locator("ul.checklist li.missing a[href*='/documents/new/?kind=']")
    uploaded = []
    while missing.count():
        missing.first.click()
        page.wait_for_url(re.compile(r"/documents/new/\?kind="))
        visit(page)
        kind = page.input_value("select[name=kind]")
        assert kind, "the checklist's link chooses the kind of document"
        page.set_input_files(
            "input[name=file]", files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
        )
        submit(page)
        page.wait_for_url(contract_url)
        uploaded.append(kind)
    return uploaded


def send_the_application(page: Any, *, signed_on: str, visit: Visit = _nothing) -> None:
    """From the contract's page: send the signed contract and its documents to the county."""
    contract_url = page.url
    page.locator("main a[href$='/contract/submit/']").click()
    page.wait_for_url(re.compile(r"/contract/submit/$"))
    visit(page)
    page.fill("input[name=signed_on]", signed_on)
    page.check("input[name=confirm]")
    submit(page)
    page.wait_for_url(contract_url)
