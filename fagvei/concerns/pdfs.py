"""The case packet for the county (issue 14, item 6): one PDF with a table of contents —
the concern, the minutes of every conversation and meeting, the follow-up plan with its
signatures, the outcome, the notes, the attest where there is one — followed by the
signed documents the case rests on. The county adviser opens it in fagvei; the
koordinator downloads it for the county's secure channel.

Who may have it is decided by ``access.may_have_packet``; every download is logged as a
read of the concern. It holds one participant's case and nothing of anyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fagvei.contracts.models import Attest, Contract, Ending, Submission
from fagvei.documents.models import Document
from fagvei.documents.pdf import Attachment, bundle_with_contents, render_pdf

from .access import shown_notes
from .models import CLOSED, Concern, Status


@dataclass(frozen=True)
class Section:
    """One entry of the table of contents: the anchor its page number is read from."""

    anchor: str
    title: str


def _contract(concern: Concern) -> Contract | None:
    return Contract.objects.filter(pathway_id=concern.pathway_id).select_related("company", "county").first()


def _attest(contract: Contract | None) -> Attest | None:
    """The issued attest of the training done (ol. § 7-3 fourth ledd), if there is one."""
    if contract is None:
        return None
    return Attest.objects.filter(contract=contract, issued_at__isnull=False).select_related("issued_by").first()


def packet_documents(concern: Concern) -> list[Document]:
    """The signed documents the case rests on, joined after the packet's own pages: for a
    ladder that ended in termination or a cancellation request, the pathway's current
    signed agreements (the agreement to terminate, the signed cancellation form; ol. § 7-3)."""
    if concern.status not in (Status.TERMINATED, Status.CANCELLATION_REQUESTED):
        return []
    return list(
        Document.objects.filter(
            pathway_id=concern.pathway_id, kind=Document.Kind.SIGNED_AGREEMENT, deleted_at__isnull=True
        ).order_by("uploaded_at", "id")
    )


def _sections(concern: Concern, attest: Attest | None) -> list[Section]:
    sections = [Section("concern", _("The concern"))]
    if concern.conversation_on:
        sections.append(Section("conversation", _("Concern conversation")))
    if concern.county_informed_at:
        sections.append(Section("clarification", _("Clarification meeting")))
    if concern.plan_agreed_at:
        sections.append(Section("plan", _("Follow-up plan")))
    if concern.status in CLOSED:
        sections.append(Section("outcome", _("Outcome")))
    sections.append(Section("notes", _("Notes on the case")))
    if attest is not None:
        sections.append(Section("attest", _("Attest of the training done")))
    return sections


def packet_pdf(concern: Concern, request: Any = None) -> bytes:
    """The packet of a concern from ``get_concern_for`` (its ``reading`` set: the notes are
    those the reader is shown)."""
    contract = _contract(concern)
    attest = _attest(contract)
    endings = list(Ending.objects.filter(contract=contract).order_by("id")) if contract else []
    submissions = (
        list(
            Submission.objects.filter(
                contract=contract, kind__in=(Submission.Kind.TERMINATION, Submission.Kind.CANCELLATION)
            ).order_by("id")
        )
        if contract
        else []
    )
    context = {
        "concern": concern,
        "pathway": concern.pathway,
        "participant": concern.pathway.participant,
        "contract": contract,
        "attest": attest,
        "endings": endings,
        "submissions": submissions,
        "notes": shown_notes(concern),
        "sections": _sections(concern, attest),
        "made_at": timezone.localtime(),
        "made_by": getattr(request, "user", None),
    }

    def render(attachments: list[Attachment], total: int | None) -> bytes:
        return render_pdf(
            "concerns/pdf/packet.html", {**context, "attachments": attachments, "total_pages": total}, request=request
        )

    data, _placed = bundle_with_contents(render, packet_documents(concern))
    return data
