"""The demo's builder for contracts: each pathway that starts training gets its contract
written, its documents uploaded and its application sent to the county, which the county
adviser answers; interruptions and endings under contract go through the contract's own
domain functions, as a coordinator's clicks would."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fagvei.contracts import services as contracts
from fagvei.contracts.lifecycle import KINDS_BY_TRACK
from fagvei.contracts.models import BINDING, Contract, CountySettings, Interruption, Submission
from fagvei.core import clock
from fagvei.documents.models import Document
from fagvei.documents.services import upload_document
from fagvei.pathways.models import EndReason, Pathway

from .cast import COUNTY_KEY

if TYPE_CHECKING:
    from .load import Build

# The demo's interruption reasons (texts.INTERRUPT_REASONS) as the contract's codes.
INTERRUPTION_CODES = {
    "Foreldrepermisjon.": Interruption.Reason.PARENTAL_LEAVE,
    "Langvarig sykmelding.": Interruption.Reason.ILLNESS,
}
RESPONSIBILITIES = (
    "Lærebedriften har ansvaret for opplæringen på arbeidsplassen, vurderingssamtalene og"
    " halvårsvurderingen. Fagbrevkoordinatoren melder opp til eksamen og fagprøve og rapporterer til fylket."
)


def synthetic_pdf(title: str) -> bytes:
    """A one-page PDF naming what it stands for: the demo's stand-in for a scanned document."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text.replace(b"(", b"[").replace(b")", b"]") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _upload(build: Build, pathway_id: int, kind: str) -> None:
    label = str(Document.Kind(kind).label)
    name = f"{kind}-{pathway_id}.pdf"
    upload = SimpleUploadedFile(name, synthetic_pdf(f"{label} (demo)"), content_type="application/pdf")
    upload_document(actor=build.coordinator, pathway_id=pathway_id, kind=kind, title=label, upload=upload)
    build.count("documents")


def county_settings(build: Build) -> None:
    """The demo county answers in fagvei, with the default checklists (seed 002)."""
    CountySettings.objects.create(county=build.orgs[COUNTY_KEY], decides_in_fagvei=True)


def _version(pathway_id: int) -> int:
    return Contract.objects.values_list("version", flat=True).get(pathway_id=pathway_id)


def _binding(pathway_id: int) -> bool:
    return Contract.objects.filter(pathway_id=pathway_id, status__in=BINDING).exists()


def _pick(pathway: Pathway, n: int) -> int:
    """A stable choice per pathway, by its participant (the demo is the same every time
    it is loaded, whatever ids the database hands out)."""
    return zlib.crc32(pathway.participant.full_name.encode()) % n


def _moment(build: Build) -> dt.datetime:
    """The last moment of the demo's past: after every planned action."""
    day = build.anchor - dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))


def before_training(build: Build, pathway_id: int, at: dt.datetime, *, send: bool = True, approve: bool = True) -> None:
    """Write the contract from the pathway's workplace and dates, upload what the county
    asks for, and send the application; the county adviser approves most of them a few
    days later (the replay runs in order, so the approval is at the same moment here)."""
    pathway = Pathway.objects.select_related("trade", "participant").get(pk=pathway_id)
    kind = KINDS_BY_TRACK[pathway.track][0]
    contract = contracts.create_contract(
        actor=build.coordinator,
        pathway_id=pathway_id,
        data={
            "kind": kind,
            "start_date": pathway.planned_start,
            "end_date": pathway.planned_end,
            "goal": f"Fagbrev i {pathway.trade.name.lower()}",
            "responsibilities": RESPONSIBILITIES,
            "position_percent": 100,
            # ofo. § 9-58: fagbrev på jobb asks for a year of practice before the contract.
            "prior_practice_years": 2 if kind == "at_work" else None,
        },
    )
    build.count("contracts")
    checklist = list(contracts.checklist_for(contract))
    if not send:
        # A draft still lacks the last document the county asks for: the start page's
        # "application documents" deadline (ol. § 7-2) has something to show.
        checklist = checklist[:-1]
    for document_kind in checklist:
        _upload(build, pathway_id, document_kind)
    if not send:
        return
    signed_on = timezone.localdate(at)
    contracts.submit_contract_application(
        actor=build.coordinator, pathway_id=pathway_id, expected_version=_version(pathway_id), signed_on=signed_on
    )
    # One in four waits for the county: the county adviser's inbox holds applications.
    if approve and _pick(pathway, 4):
        submission = Submission.objects.get(contract__pathway_id=pathway_id, kind=Submission.Kind.APPLICATION)
        contracts.approve_contract(actor=build.county_adviser, submission_id=submission.pk)


def interrupt(build: Build, pathway_id: int, inputs: dict[str, Any], on: dt.date) -> bool:
    """An interruption under contract; False when the pathway has no binding contract."""
    if not _binding(pathway_id):
        return False
    reason = INTERRUPTION_CODES.get(str(inputs.get("reason", "")), Interruption.Reason.OTHER_LEAVE)
    contracts.start_interruption(
        actor=build.coordinator,
        pathway_id=pathway_id,
        expected_version=_version(pathway_id),
        reason=reason,
        starts_on=on,
        note=str(inputs.get("reason", "")),
    )
    return True


def resume(build: Build, pathway_id: int, returned_on: dt.date) -> bool:
    running = Interruption.objects.filter(contract__pathway_id=pathway_id, ended=False).first()
    if running is None:
        return False
    contracts.end_interruption(
        actor=build.coordinator,
        pathway_id=pathway_id,
        expected_version=_version(pathway_id),
        interruption_id=running.pk,
        ends_on=max(running.starts_on, returned_on - dt.timedelta(days=1)),
    )
    return True


def end(build: Build, pathway_id: int, inputs: dict[str, Any], on: dt.date) -> bool:
    """An ending under contract: termination by agreement, or a cancellation the county
    decides (ol. § 7-3). One cancellation request is left awaiting the county."""
    if not _binding(pathway_id):
        return False
    _upload(build, pathway_id, Document.Kind.SIGNED_AGREEMENT)
    reason = str(inputs.get("reason", ""))
    if inputs.get("end_reason") == EndReason.TERMINATED:
        contracts.terminate_contract(
            actor=build.coordinator,
            pathway_id=pathway_id,
            expected_version=_version(pathway_id),
            agreed_on=on,
            last_day=on,
            reason=reason,
        )
        return True
    withdrew = inputs.get("end_reason") == EndReason.WITHDRAWN
    submission = contracts.request_cancellation(
        actor=build.coordinator,
        pathway_id=pathway_id,
        expected_version=_version(pathway_id),
        requested_by="participant" if withdrew else "company",
        ground="withdrew_in_writing" if withdrew else "unable_to_fulfil",
        justification=reason,
    )
    contracts.decide_cancellation(
        actor=build.county_adviser,
        submission_id=submission.pk,
        cancel=True,
        participant_heard=None if withdrew else True,
    )
    return True


def start_up(build: Build) -> None:
    """Contracts in start-up, in every status before training (after the replay, at the
    last moment of the plan): among the pathways in start-up that lack nothing but the
    contract, the first gets its application sent (ready to start training), the second
    one returned by the county, the third a draft."""
    from fagvei.pathways.lifecycle import base_missing
    from fagvei.pathways.models import Stage

    ready = [
        p
        for p in Pathway.objects.filter(stage=Stage.STARTING).select_related("trade", "workplace").order_by("pk")
        if not base_missing("start_training", p)
    ]
    if len(ready) < 3:
        # Too few lack nothing else: the draft goes to the first in start-up with a
        # workplace and dates (it lacks a document: fagvei/demo's deadline to show).
        draft = (
            Pathway.objects.filter(
                stage=Stage.STARTING, contract__isnull=True, workplace__isnull=False, planned_start__isnull=False
            )
            .exclude(pk__in=[p.pk for p in ready])
            .order_by("pk")
            .first()
        )
        chosen: list[Pathway | None] = [*ready[:2], *([None] * (2 - len(ready[:2]))), draft]
    else:
        chosen = list(ready[:3])
    for number, pathway in enumerate(chosen):
        if pathway is None:
            continue
        with clock.frozen_at(_moment(build)):
            before_training(build, pathway.pk, _moment(build), send=number < 2, approve=False)
            if number == 1:
                submission = Submission.objects.get(contract__pathway_id=pathway.pk, kind=Submission.Kind.APPLICATION)
                contracts.return_contract_application(
                    actor=build.county_adviser,
                    submission_id=submission.pk,
                    reason="Arbeidsavtalen mangler underskrift fra arbeidsgiver. Last opp signert arbeidsavtale.",
                )


def cancellation_awaiting(build: Build) -> None:
    """One request for cancellation awaiting the county adviser (ol. § 7-3 second ledd)."""
    from fagvei.pathways.models import Stage

    contract = (
        Contract.objects.filter(pathway__stage=Stage.IN_TRAINING, status="approved").order_by("-pathway_id").first()
    )
    if contract is None:
        return
    with clock.frozen_at(_moment(build)):
        _upload(build, contract.pathway_id, Document.Kind.SIGNED_AGREEMENT)
        contracts.request_cancellation(
            actor=build.coordinator,
            pathway_id=contract.pathway_id,
            expected_version=contract.version,
            requested_by="company",
            ground="serious_breach",
            justification=(
                "Gjentatt ugyldig fravær over tre måneder til tross for oppfølgingsplan og to avklaringsmøter."
                " Bedriften ber om heving; deltakeren er orientert om retten til å uttale seg til fylket."
            ),
        )
