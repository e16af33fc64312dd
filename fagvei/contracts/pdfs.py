"""The contract's PDFs: the whole application for the county's portal (a cover listing
the contract's facts and the documents, then the documents), and the attest of the
training done (ol. § 7-3 fourth ledd). Built from our own templates by the documents
app's PDF helpers; what may be built, for whom, is decided by the views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fagvei.documents.models import Document
from fagvei.documents.pdf import bundle_pdf, render_pdf
from fagvei.documents.uploads import JPEG, PDF, PNG

from . import services
from .models import Attest, Contract

# The types the bundler joins; a Word or Excel file is sent separately.
JOINABLE = (PDF, JPEG, PNG)


@dataclass(frozen=True)
class Row:
    """One line of the cover's list of documents: a checklist kind, and one of the
    pathway's current documents of that kind (None: the kind is missing)."""

    kind: str
    label: str
    document: Document | None
    joined: bool


@dataclass(frozen=True)
class Application:
    data: bytes
    documents: list[Document]
    not_joined: list[Document]


def _rows(contract: Contract, documents: list[Document], not_joined: set[int]) -> list[Row]:
    rows: list[Row] = []
    for item in services.checklist_status(contract, documents):
        if not item.documents:
            rows.append(Row(item.kind, item.label, None, False))
        rows.extend(Row(item.kind, item.label, d, d.pk not in not_joined) for d in item.documents)
    return rows


def _cover(contract: Contract, documents: list[Document], not_joined: set[int], request: Any) -> bytes:
    pathway = contract.pathway
    return render_pdf(
        "contracts/pdf/application.html",
        {
            "pathway": pathway,
            "participant": pathway.participant,
            "contract": contract,
            "rows": _rows(contract, documents, not_joined),
        },
        request=request,
    )


def application_pdf(contract: Contract, request: Any = None) -> Application:
    """The application as one PDF: the cover, then the pathway's current (not deleted)
    documents of the kinds the county asks for, in the checklist's order. The cover says
    of each document whether it is in the file or sent separately; it is written first
    from the file types and, should a file then fail to join (broken, encrypted), again
    with what the bundler found."""
    kinds = services.checklist_for(contract)
    current = Document.objects.filter(pathway_id=contract.pathway_id, kind__in=kinds, deleted_at__isnull=True)
    by_kind = sorted(current.order_by("id"), key=lambda d: kinds.index(d.kind))
    expected = {d.pk for d in by_kind if d.content_type not in JOINABLE}
    data, left_out = bundle_pdf(_cover(contract, by_kind, expected, request), by_kind)
    found = {d.pk for d in left_out}
    if found != expected:
        data, left_out = bundle_pdf(_cover(contract, by_kind, found, request), by_kind)
    return Application(data, by_kind, left_out)


def attest_pdf(attest: Attest, request: Any = None) -> bytes:
    """The issued attest of the training done (ol. § 7-3 fourth ledd)."""
    contract = attest.contract
    return render_pdf(
        "contracts/pdf/attest.html",
        {
            "pathway": contract.pathway,
            "participant": contract.pathway.participant,
            "contract": contract,
            "attest": attest,
            "issued_by": attest.issued_by,
        },
        request=request,
    )
