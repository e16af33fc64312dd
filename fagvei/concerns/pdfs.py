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

from fagvei.contracts.models import Attest, Contract, Ending, Interruption, Submission
from fagvei.documents.models import Document
from fagvei.documents.pdf import Attachment, bundle_with_contents, render_pdf
from fagvei.followup.models import Kind as MeetingKind
from fagvei.followup.models import Status as MeetingStatus

from . import services
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
    """The signed documents the case rests on, joined after the packet's own pages: the
    scan of the signed follow-up plan (seed 004), and for a ladder that ended through the
    contract's flows (ol. § 7-3) the documents sent to the county with the request for
    cancellation, or the current signed agreements of a termination."""
    found: list[Document] = []
    if concern.plan_scan_id is not None:
        found.extend(Document.objects.filter(pk=concern.plan_scan_id, deleted_at__isnull=True))
    if concern.cancellation_id is not None:
        found.extend(
            Document.objects.filter(submissions__id=concern.cancellation_id, deleted_at__isnull=True).order_by("id")
        )
    elif concern.status == Status.TERMINATED:
        found.extend(
            Document.objects.filter(
                pathway_id=concern.pathway_id, kind=Document.Kind.SIGNED_AGREEMENT, deleted_at__isnull=True
            ).order_by("uploaded_at", "id")
        )
    unique: dict[int, Document] = {}
    for document in found:
        unique.setdefault(document.pk, document)
    return list(unique.values())


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
    # The contract's own records the outcome went through (services: close_with_*).
    ending = Ending.objects.filter(pk=concern.ending_id).first() if concern.ending_id else None
    cancellation = Submission.objects.filter(pk=concern.cancellation_id).first() if concern.cancellation_id else None
    interruption = Interruption.objects.filter(pk=concern.interruption_id).first() if concern.interruption_id else None
    meetings = [m for m in services.concern_meetings(concern) if m.status != MeetingStatus.CANCELLED]
    context = {
        "concern": concern,
        "pathway": concern.pathway,
        "participant": concern.pathway.participant,
        "contract": contract,
        "attest": attest,
        "ending": ending,
        "cancellation": cancellation,
        "interruption": interruption,
        # The concern conversation and the clarification meeting: who was invited, who came.
        "meetings": {
            kind: [m for m in meetings if m.kind == kind]
            for kind in (MeetingKind.CONCERN_CONVERSATION, MeetingKind.CLARIFICATION)
        },
        "signatures": list(concern.signatures.select_related("recorded_by__person").order_by("recorded_at", "id")),
        "county_contact_by": concern.county_contact_by,
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
