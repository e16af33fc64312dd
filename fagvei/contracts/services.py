"""Domain functions for contracts: one per state change, atomic, row-locked, audited.

Each function locks the pathway (the contract hangs on it, and the pathway's stage moves
with it) and then the contract, checks the rules of the Act with their sections named,
writes the change and its event in one transaction, and refuses with a ``DomainError``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.documents.models import Document
from fagvei.lib.dates import add_days
from fagvei.organisations.models import Organisation, TradeApproval
from fagvei.pathways import services as pathway_services
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.lifecycle import approval_in_force
from fagvei.pathways.models import EndReason, Pathway, Stage

from .access import county_ids, may_decide, settings_for
from .lifecycle import KINDS_BY_TRACK, STEPS, at_work_problems
from .models import (
    ENDED,
    Attest,
    Contract,
    CountySettings,
    Ending,
    Interruption,
    ParticipationAgreement,
    Status,
    Submission,
)

# What the user fills in on the contract's form.
CONTRACT_FIELDS = (
    "kind",
    "company",
    "training_office",
    "professional_manager",
    "start_date",
    "end_date",
    "goal",
    "responsibilities",
    "extra_conditions",
    "position_percent",
    "prior_practice_years",
)
# ol. § 7-2 second ledd: what a change request may change on an approved contract.
CHANGEABLE = ("end_date", "company", "training_office")
# The stages a pathway may get (or have registered) its contract in.
CONTRACT_STAGES = frozenset({Stage.STARTING, Stage.IN_TRAINING, Stage.INTERRUPTED})


def _d(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _locked(actor: Any, pathway_id: int, expected_version: int | None = None) -> tuple[Pathway, Contract]:
    """The pathway and its contract, both locked, the pathway first (as every pathway
    function locks it); the actor must manage the pathway."""
    pathway: Pathway = lock(Pathway, pathway_id)
    if not can_manage_pathway(actor, pathway):
        raise DomainError(_("You may not change this pathway."))
    contract = Contract.objects.select_for_update().filter(pathway_id=pathway.pk).first()
    if contract is None:
        raise DomainError(_("The pathway has no contract yet."))
    if expected_version is not None and contract.version != expected_version:
        raise StaleObject()
    contract.pathway = pathway
    return pathway, contract


def _require_step(step: str, contract: Contract) -> None:
    if not contract.status in STEPS[step].sources:  # noqa: E713 - reads as the rule
        raise DomainError(
            _("“%(action)s” is not possible when the contract is %(status)s.")
            % {"action": STEPS[step].label, "status": contract.get_status_display().lower()}
        )


def _touch(contract: Contract, *fields: str) -> None:
    contract.version += 1
    contract.save(update_fields=[*fields, "version"])


def _given_date(value: dt.date | None, field: str, label: str, *, not_before: dt.date | None = None) -> dt.date:
    """A date of something that has happened: given, not in the future, not before ``not_before``."""
    if value is None:
        raise DomainError(_("%(field)s: give the date.") % {"field": label}, field=field)
    if value > clock.today():
        raise DomainError(_("%(field)s: the date cannot be in the future.") % {"field": label}, field=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            _("%(field)s: the date cannot be before %(date)s.") % {"field": label, "date": _d(not_before)}, field=field
        )
    return value


# The approval's lapse (ol. § 7-9 third ledd) --------------------------------------------


def refresh_approval(company_id: int, trade_id: int) -> None:
    """Keep on the company's approval for the trade the day its contracts run until: the
    approval lapses two years after the last contract ended (ol. § 7-9 third ledd)."""
    ended = Contract.objects.filter(company_id=company_id, pathway__trade_id=trade_id).exclude(
        status__in=(Status.DRAFT, Status.RETURNED)
    )
    last_end = ended.filter(status__in=ENDED).aggregate(last=Max("ended_on"))["last"]
    last_running = ended.exclude(status__in=ENDED).aggregate(last=Max("end_date"))["last"]
    until = max([d for d in (last_end, last_running) if d is not None], default=None)
    TradeApproval.objects.filter(organisation_id=company_id, trade_id=trade_id).exclude(
        contracts_run_until=until
    ).update(contracts_run_until=until)


# Creating and editing ------------------------------------------------------------------


def _county_of(company: Organisation, office: Organisation | None) -> Organisation:
    county = company.county or (office.county if office is not None else None)
    if county is None:
        raise DomainError(
            _("Training company: %(name)s has no county registered; the county approves the contract (ol. § 7-2).")
            % {"name": company.name},
            field="company",
        )
    return county


def _check_contract(pathway: Pathway, contract: Contract) -> None:
    if contract.kind not in KINDS_BY_TRACK.get(pathway.track, ()):
        raise DomainError(
            _("Kind of contract: a %(track)s gets a contract of another kind (ol. § 7-1).")
            % {"track": pathway.get_track_display().lower()},
            field="kind",
        )
    company = contract.company
    # ofo. § 6-13: only a company approved for the trade; a lapsed approval (ol. § 7-9)
    # no longer counts for new contracts.
    approvals = list(company.approvals.all())
    if not any(approval_in_force(a, pathway.trade_id) for a in approvals):
        # Found by tests/contracts: a lapsed approval was refused naming ofo. § 6-13 only,
        # so the user could not see that (and when) it had lapsed: say so, with the section.
        lapsed = next(
            (a for a in approvals if a.trade_id == pathway.trade_id and a.status == a.Status.ACTIVE and a.has_lapsed),
            None,
        )
        if lapsed is not None and lapsed.lapses_on is not None:
            raise DomainError(
                _(
                    "Training company: the approval of %(name)s for %(trade)s lapsed on %(date)s, two years after"
                    " its last contract ended (ol. § 7-9 third ledd)."
                )
                % {"name": company.name, "trade": pathway.trade.name, "date": _d(lapsed.lapses_on)},
                field="company",
            )
        raise DomainError(
            _("Training company: %(name)s is not approved for %(trade)s (ofo. § 6-13).")
            % {"name": company.name, "trade": pathway.trade.name},
            field="company",
        )
    office = contract.training_office
    if office is not None and office.kind != Organisation.Kind.TRAINING_OFFICE:
        raise DomainError(_("Training office: choose a training office."), field="training_office")
    contract.county = _county_of(company, office)
    for field, message in at_work_problems(
        contract.kind, contract.start_date, contract.end_date, contract.prior_practice_years
    ):
        raise DomainError(message, field=field)


def create_contract(*, actor: Any, pathway_id: int, data: dict[str, Any]) -> Contract:
    """Write the pathway's contract as a draft, to be signed and sent to the county."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not can_manage_pathway(actor, pathway):
            raise DomainError(_("You may not change this pathway."))
        if pathway.stage not in CONTRACT_STAGES:
            raise DomainError(_("A contract is written in start-up, when the participant has been admitted."))
        if Contract.objects.filter(pathway_id=pathway.pk).exists():
            raise DomainError(_("The pathway already has a contract."))
        contract = Contract(pathway=pathway, created_by=actor, status=Status.DRAFT)
        for field in CONTRACT_FIELDS:
            if field in data:
                setattr(contract, field, data[field])
        if contract.company_id is None and pathway.workplace_id is not None:
            contract.company_id = pathway.workplace_id
        if contract.company_id is not None and contract.training_office_id is None and "training_office" not in data:
            contract.training_office_id = contract.company.training_office_id
        if contract.company_id is None:
            raise DomainError(_("Training company: choose the company the training takes place in."), field="company")
        _check_contract(pathway, contract)
        validate(contract, exclude=["pathway", "created_by"])
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError as exc:  # a second click, or a second user, at the same moment
            raise DomainError(_("The pathway already has a contract.")) from exc
        pathway_services.follow_contract(
            pathway, workplace_id=contract.company_id, start=contract.start_date, end=contract.end_date
        )
        record_event("contract.created", contract, actor=actor, pathway=pathway, data={"kind": contract.kind})
    return contract


def update_contract(*, actor: Any, pathway_id: int, expected_version: int, data: dict[str, Any]) -> Contract:
    """Correct a draft or a returned application; a sent contract changes only through
    the county (ol. § 7-2 second ledd)."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        if not contract.is_editable:
            raise DomainError(
                _("The contract has been sent to the county: ask the county for a change instead (ol. § 7-2).")
            )
        changed = [f for f in CONTRACT_FIELDS if f in data and getattr(contract, f) != data[f]]
        if not changed:
            return contract
        for field in changed:
            setattr(contract, field, data[field])
        _check_contract(pathway, contract)
        validate(contract, exclude=["pathway", "created_by"])
        _touch(contract, *changed, "county")
        pathway_services.follow_contract(
            pathway, workplace_id=contract.company_id, start=contract.start_date, end=contract.end_date
        )
        record_event("contract.updated", contract, actor=actor, pathway=pathway, data={"fields": changed})
    return contract


# The application ------------------------------------------------------------------------


def checklist_for(contract: Contract) -> list[str]:
    """The document kinds the contract's county asks for with this kind of contract."""
    county = settings_for(contract.county_id)
    lists = county.checklists or {}
    return [k for k in lists.get(contract.kind, []) if k in Document.Kind.values]


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    label: str
    documents: list[Document]


def checklist_status(contract: Contract, documents: list[Document]) -> list[ChecklistItem]:
    """Each kind asked for, with the pathway's documents of that kind (none: missing)."""
    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    return [
        ChecklistItem(kind, str(Document.Kind(kind).label), by_kind.get(kind, [])) for kind in checklist_for(contract)
    ]


def _current_documents(pathway: Pathway, kinds: list[str]) -> list[Document]:
    return list(
        Document.objects.filter(pathway_id=pathway.pk, kind__in=kinds, deleted_at__isnull=True).order_by("kind", "id")
    )


def _send(contract: Contract, kind: str, actor: Any, *, documents: list[Document] = (), **fields: Any) -> Submission:  # type: ignore[assignment]
    submission = Submission(
        contract=contract, county_id=contract.county_id, kind=kind, sent_at=clock.now(), sent_by=actor, **fields
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        raise DomainError(
            _("%(what)s has already been sent and awaits the county.") % {"what": submission.get_kind_display()}
        ) from exc
    if documents:
        submission.documents.set(documents)
    return submission


def submit_contract_application(
    *, actor: Any, pathway_id: int, expected_version: int, signed_on: dt.date | None
) -> Contract:
    """Send the signed contract to the county with the documents it asks for (seed 002:
    "Søknad til … fylkeskommune om opplæringskontrakt … Laste opp innhentet dokumentasjon")."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        _require_step("submit", contract)
        signed = _given_date(signed_on, "signed_on", _("Signed on"))
        kinds = checklist_for(contract)
        documents = _current_documents(pathway, kinds)
        present = {d.kind for d in documents}
        missing = [str(Document.Kind(k).label) for k in kinds if k not in present]
        if missing:
            raise DomainError(
                _("Documents: the county asks for %(kinds)s with the application. Upload them first.")
                % {"kinds": ", ".join(missing).lower()},
                field="documents",
            )
        _check_contract(pathway, contract)
        contract.signed_on = signed
        contract.status = Status.SUBMITTED
        contract.submitted_at = clock.now()
        if contract.original_end_date is None:
            contract.original_end_date = contract.end_date
        _touch(contract, "signed_on", "status", "submitted_at", "original_end_date", "county")
        _send(contract, Submission.Kind.APPLICATION, actor, documents=documents)
        refresh_approval(contract.company_id, pathway.trade_id)
        record_event("contract.submitted", contract, actor=actor, pathway=pathway, data={"documents": len(documents)})
    return contract


# The county's answers ----------------------------------------------------------------


def _locked_submission(
    actor: Any, submission_id: int, expected_version: int | None
) -> tuple[Pathway, Contract, Submission]:
    found = Submission.objects.filter(pk=submission_id).values_list("contract__pathway_id", flat=True).first()
    if found is None:
        raise DomainError(_("That matter is not registered."))
    # Called inside the caller's transaction: the pathway first, as everywhere.
    pathway: Pathway = lock(Pathway, found)
    contract: Contract = Contract.objects.select_for_update().get(pathway_id=pathway.pk)
    contract.pathway = pathway
    submission: Submission = Submission.objects.select_for_update().get(pk=submission_id)
    if expected_version is not None and submission.version != expected_version:
        raise StaleObject()
    county = settings_for(submission.county_id)
    submission.contract = contract
    if not may_decide(actor, submission, county):
        raise DomainError(_("Only the county decides this."))
    if submission.state != Submission.State.SENT:
        raise DomainError(_("The county has already answered this."))
    return pathway, contract, submission


def decide_submission(
    *,
    actor: Any,
    submission_id: int,
    expected_version: int | None,
    outcome: str,
    decided_on: dt.date | None = None,
    reference: str = "",
    reason: str = "",
    participant_heard: bool | None = None,
) -> Submission:
    """The county's answer to something sent to it: in fagvei by its adviser, or — where
    the county decides outside fagvei — recorded with its date and reference."""
    with transaction.atomic():
        pathway, contract, submission = _locked_submission(actor, submission_id, expected_version)
        county = settings_for(submission.county_id)
        in_fagvei = county.decides_in_fagvei and (submission.county_id in county_ids(actor))
        decided = decided_on or clock.today()
        _given_date(decided, "decided_on", _("Decided on"), not_before=submission.sent_at.date())
        reference = (reference or "").strip()
        if not in_fagvei and not reference:
            raise DomainError(
                _("The county's reference: give the case number of the county's decision."), field="reference"
            )
        reason = (reason or "").strip()
        allowed = OUTCOMES[submission.kind]
        if outcome not in allowed:
            raise DomainError(_("Decision: choose one of the listed decisions."), field="outcome")
        if outcome in (Submission.State.RETURNED, Submission.State.REFUSED) and not reason:
            raise DomainError(_("Reason: say why, so the sender can act on it."), field="reason")
        submission.state = outcome
        submission.decided_on = decided
        submission.decided_by = actor
        submission.decided_in_fagvei = in_fagvei
        submission.reference = reference
        submission.decision_reason = reason
        submission.participant_heard = participant_heard
        submission.version += 1
        submission.save()
        record_event(
            f"submission.{outcome}",
            submission,
            actor=actor,
            pathway=pathway,
            data={"kind": submission.kind, "submission": submission.pk, "in_fagvei": in_fagvei},
        )
        # The decision first, then what follows from it (a cancelled contract ends the
        # pathway): the timeline reads in that order. A refusal here rolls back both.
        _APPLY[submission.kind](actor, pathway, contract, submission, outcome, decided, participant_heard)
    return submission


def _apply_application(
    actor: Any, pathway: Pathway, contract: Contract, submission: Submission, outcome: str, decided: dt.date, heard: Any
) -> None:
    step = "approve" if outcome == Submission.State.APPROVED else "return"
    _require_step(step, contract)
    contract.status = Status.APPROVED if step == "approve" else Status.RETURNED
    fields = ["status"]
    if step == "approve":
        contract.approved_on = decided
        fields.append("approved_on")
    _touch(contract, *fields)
    refresh_approval(contract.company_id, pathway.trade_id)


def _apply_change(
    actor: Any, pathway: Pathway, contract: Contract, submission: Submission, outcome: str, decided: dt.date, heard: Any
) -> None:
    if outcome != Submission.State.APPROVED:
        return
    _require_step("request_change", contract)
    old_company = contract.company_id
    proposed = submission.proposed or {}
    fields = []
    if "end_date" in proposed:
        contract.end_date = dt.date.fromisoformat(proposed["end_date"])
        fields.append("end_date")
    if "company" in proposed:
        contract.company_id = proposed["company"]
        fields.append("company")
    if "training_office" in proposed:
        contract.training_office_id = proposed["training_office"]
        fields.append("training_office")
    contract.company = Organisation.objects.get(pk=contract.company_id)
    contract.training_office = (
        Organisation.objects.get(pk=contract.training_office_id) if contract.training_office_id else None
    )
    _check_contract(pathway, contract)
    validate(contract, exclude=["pathway", "created_by"])
    _touch(contract, *fields)
    pathway_services.follow_contract(
        pathway, workplace_id=contract.company_id, start=contract.start_date, end=contract.end_date
    )
    for company in {old_company, contract.company_id}:
        refresh_approval(company, pathway.trade_id)


def _apply_notice(
    actor: Any, pathway: Pathway, contract: Contract, submission: Submission, outcome: str, decided: dt.date, heard: Any
) -> None:
    """An interruption report or a termination: the county takes note."""


def _apply_cancellation(
    actor: Any, pathway: Pathway, contract: Contract, submission: Submission, outcome: str, decided: dt.date, heard: Any
) -> None:
    proposed = submission.proposed or {}
    if proposed.get("requested_by") == Ending.RequestedBy.COMPANY and heard is None:
        # ol. § 7-3 third ledd: before a cancellation the company asks for, the trainee may
        # explain themselves to the county.
        raise DomainError(
            _("Participant heard: say whether the participant spoke to the county first (ol. § 7-3 third ledd)."),
            field="participant_heard",
        )
    if outcome == Submission.State.REFUSED:
        if proposed.get("ground") == Ending.Ground.WITHDREW_IN_WRITING:
            # ol. § 7-3 second ledd: the county shall cancel when the trainee has said in
            # writing they will not continue.
            raise DomainError(
                _(
                    "Decision: the county shall cancel the contract when the participant has said in writing they"
                    " will not continue (ol. § 7-3 second ledd)."
                ),
                field="outcome",
            )
        # Found by tests/contracts: the refusal did not check the table (STEPS), so a
        # contract that was no longer awaiting a cancellation could be moved back.
        _require_step("refuse_cancellation", contract)
        contract.status = Status.APPROVED if contract.approved_on else Status.SUBMITTED
        _touch(contract, "status")
        return
    _require_step("cancel", contract)
    Ending.objects.create(
        contract=contract,
        kind=Ending.Kind.CANCELLATION,
        requested_by=proposed.get("requested_by", ""),
        ground=proposed.get("ground", ""),
        reason=submission.justification,
        registered_by=actor,
    )
    _close(actor, pathway, contract, Status.CANCELLED, decided, EndReason.CANCELLED)


OUTCOMES: dict[str, tuple[str, ...]] = {
    Submission.Kind.APPLICATION: (Submission.State.APPROVED, Submission.State.RETURNED),
    Submission.Kind.CHANGE: (Submission.State.APPROVED, Submission.State.REFUSED),
    Submission.Kind.INTERRUPTION: (Submission.State.ACKNOWLEDGED,),
    Submission.Kind.TERMINATION: (Submission.State.ACKNOWLEDGED,),
    Submission.Kind.CANCELLATION: (Submission.State.APPROVED, Submission.State.REFUSED),
}
_APPLY: dict[str, Any] = {
    Submission.Kind.APPLICATION: _apply_application,
    Submission.Kind.CHANGE: _apply_change,
    Submission.Kind.INTERRUPTION: _apply_notice,
    Submission.Kind.TERMINATION: _apply_notice,
    Submission.Kind.CANCELLATION: _apply_cancellation,
}


def approve_contract(
    *, actor: Any, submission_id: int, expected_version: int | None = None, **kwargs: Any
) -> Submission:
    return decide_submission(
        actor=actor, submission_id=submission_id, expected_version=expected_version, outcome="approved", **kwargs
    )


def return_contract_application(
    *, actor: Any, submission_id: int, reason: str, expected_version: int | None = None, **kwargs: Any
) -> Submission:
    return decide_submission(
        actor=actor,
        submission_id=submission_id,
        expected_version=expected_version,
        outcome="returned",
        reason=reason,
        **kwargs,
    )


# Changes -------------------------------------------------------------------------------


def request_contract_change(
    *, actor: Any, pathway_id: int, expected_version: int, data: dict[str, Any], justification: str
) -> Submission:
    """Ask the county to change an approved contract (ol. § 7-2 second ledd): its end, its
    company or its training office. The contract stays as it is until the county agrees."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        _require_step("request_change", contract)
        proposed: dict[str, Any] = {}
        if data.get("end_date") and data["end_date"] != contract.end_date:
            proposed["end_date"] = data["end_date"].isoformat()
        company = data.get("company")
        if company is not None and company.pk != contract.company_id:
            proposed["company"] = company.pk
        if "training_office" in data:
            office = data["training_office"]
            if (office.pk if office else None) != contract.training_office_id:
                proposed["training_office"] = office.pk if office else None
        if not proposed:
            raise DomainError(_("Change: change at least one of the end, the company or the training office."))
        if not justification.strip():
            raise DomainError(_("Justification: say why the contract should change."), field="justification")
        # The changed contract must still hold: checked on a copy, as it would be.
        future = Contract.objects.get(pk=contract.pk)
        future.pathway = pathway
        if "end_date" in proposed:
            future.end_date = data["end_date"]
        if "company" in proposed:
            future.company = company  # type: ignore[assignment]
        if "training_office" in proposed:
            future.training_office = data["training_office"]  # type: ignore[assignment]
        _check_contract(pathway, future)
        if future.county_id != contract.county_id:
            raise DomainError(
                _("Training company: the new company belongs to another county; ask that county for a new contract."),
                field="company",
            )
        validate(future, exclude=["pathway", "created_by"])
        submission = _send(
            contract, Submission.Kind.CHANGE, actor, proposed=proposed, justification=justification.strip()
        )
        record_event(
            "contract.change_requested", contract, actor=actor, pathway=pathway, data={"fields": sorted(proposed)}
        )
    return submission


# Interruptions -------------------------------------------------------------------------


def _report_required(interruption: Interruption, county: CountySettings, until: dt.date | None) -> bool:
    """Every interruption is reported to the county, except an illness no longer than the
    county's threshold (county practice: over 4 weeks in Oslo, RULES.md § 1)."""
    if interruption.reason != Interruption.Reason.ILLNESS:
        return True
    if until is None:
        return False
    return (until - interruption.starts_on).days + 1 > county.illness_threshold_days


def start_interruption(
    *,
    actor: Any,
    pathway_id: int,
    expected_version: int,
    reason: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    note: str = "",
    county_told_on: dt.date | None = None,
) -> Interruption:
    """Pause the contract from a day (leave, long illness); the end may be open."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        _require_step("interrupt", contract)
        if pathway.stage != Stage.IN_TRAINING:
            raise DomainError(_("An interruption is registered while the participant is in training."))
        if reason not in Interruption.Reason.values:
            raise DomainError(_("Reason: choose one of the listed reasons."), field="reason")
        start = _given_date(starts_on, "starts_on", _("Away from"), not_before=contract.start_date)
        if pathway.returned_on and start < pathway.returned_on:
            raise DomainError(
                _("Away from: the participant was away until %(date)s.") % {"date": _d(pathway.returned_on)},
                field="starts_on",
            )
        if ends_on is not None and ends_on < start:
            raise DomainError(_("Away until: the last day away cannot be before the first."), field="ends_on")
        if county_told_on is not None:
            _given_date(county_told_on, "county_told_on", _("County told on"))
        interruption = Interruption(
            contract=contract,
            reason=reason,
            starts_on=start,
            ends_on=ends_on,
            note=note.strip(),
            county_told_on=county_told_on,
            registered_by=actor,
        )
        validate(interruption, exclude=["contract", "registered_by"])
        try:
            with transaction.atomic():
                interruption.save()
        except IntegrityError as exc:
            raise DomainError(_("An interruption is already running: end it first.")) from exc
        county = settings_for(contract.county_id)
        if county.decides_in_fagvei and _report_required(interruption, county, ends_on):
            _send(contract, Submission.Kind.INTERRUPTION, actor, interruption=interruption)
            interruption.county_told_on = clock.today()
            interruption.save(update_fields=["county_told_on"])
        _touch(contract)
        pathway_services.interrupt_under_contract(actor=actor, pathway_id=pathway.pk, starts_on=start)
        record_event(
            "contract.interrupted",
            interruption,
            actor=actor,
            pathway=pathway,
            data={"interruption": interruption.pk, "starts_on": start.isoformat()},
        )
    return interruption


def end_interruption(
    *, actor: Any, pathway_id: int, expected_version: int, interruption_id: int, ends_on: dt.date | None
) -> Interruption:
    """The participant is back after the last day away; the contract's end moves by the
    days away (county practice, RULES.md § 1 and § 6)."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        interruption = (
            Interruption.objects.select_for_update().filter(pk=interruption_id, contract=contract, ended=False).first()
        )
        if interruption is None:
            raise DomainError(_("That interruption is not running."))
        last = _given_date(ends_on, "ends_on", _("Away until"), not_before=interruption.starts_on)
        days = (last - interruption.starts_on).days + 1
        moved = add_days(contract.end_date, days)
        if moved is None:
            raise DomainError(_("Away until: moved by the time away, the end would be out of range."), field="ends_on")
        interruption.ends_on = last
        interruption.ended = True
        interruption.end_before = contract.end_date
        interruption.end_after = moved
        interruption.version += 1
        county = settings_for(contract.county_id)
        already_sent = interruption.submissions.exists()
        if county.decides_in_fagvei and not already_sent and _report_required(interruption, county, last):
            # An illness that turned out longer than the county's threshold is reported now.
            _send(contract, Submission.Kind.INTERRUPTION, actor, interruption=interruption)
            interruption.county_told_on = clock.today()
        interruption.save()
        contract.end_date = moved
        _touch(contract, "end_date")
        pathway_services.resume_under_contract(
            actor=actor, pathway_id=pathway.pk, returned_on=last + dt.timedelta(days=1), planned_end=moved
        )
        refresh_approval(contract.company_id, pathway.trade_id)
        record_event(
            "contract.resumed",
            interruption,
            actor=actor,
            pathway=pathway,
            data={
                "interruption": interruption.pk,
                "days_away": days,
                "end_before": interruption.end_before.isoformat(),
                "end_after": moved.isoformat(),
            },
        )
    return interruption


def report_interruption(*, actor: Any, pathway_id: int, interruption_id: int, told_on: dt.date | None) -> Interruption:
    """Record the day the county was told of an interruption (where it is not told
    through fagvei)."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id)
        interruption = Interruption.objects.select_for_update().filter(pk=interruption_id, contract=contract).first()
        if interruption is None:
            raise DomainError(_("That interruption is not registered."))
        told = _given_date(told_on, "county_told_on", _("County told on"))
        if interruption.county_told_on == told:
            return interruption
        interruption.county_told_on = told
        interruption.version += 1
        interruption.save(update_fields=["county_told_on", "version"])
        record_event(
            "contract.interruption_reported",
            interruption,
            actor=actor,
            pathway=pathway,
            data={"interruption": interruption.pk, "county_told_on": told.isoformat()},
        )
    return interruption


# Endings ------------------------------------------------------------------------------


def _signed_documents(pathway: Pathway) -> list[Document]:
    return _current_documents(pathway, [Document.Kind.SIGNED_AGREEMENT])


def _close(actor: Any, pathway: Pathway, contract: Contract, status: str, last_day: dt.date, end_reason: str) -> None:
    running = Interruption.objects.select_for_update().filter(contract=contract, ended=False).first()
    if running is not None:
        # The contract ends during the interruption: it ends with it, and the end no longer moves.
        running.ends_on = max(running.starts_on, min(last_day, clock.today()))
        running.ended = True
        running.end_before = running.end_after = contract.end_date
        running.save()
    contract.status = status
    contract.ended_on = last_day
    _touch(contract, "status", "ended_on")
    pathway_services.end_under_contract(actor=actor, pathway_id=pathway.pk, end_reason=end_reason)
    refresh_approval(contract.company_id, pathway.trade_id)


def terminate_contract(
    *,
    actor: Any,
    pathway_id: int,
    expected_version: int,
    agreed_on: dt.date | None,
    last_day: dt.date | None,
    reason: str,
    county_told_on: dt.date | None = None,
) -> Ending:
    """Termination by agreement (oppseiing): both parties agree, with the signed agreement
    uploaded, and the company tells the county in writing before the contract ends
    (ol. § 7-3 first ledd)."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        _require_step("terminate", contract)
        agreed = _given_date(agreed_on, "agreed_on", _("Agreed on"), not_before=contract.signed_on)
        if last_day is None:
            raise DomainError(_("Last day of the contract: give the date."), field="last_day")
        if last_day < agreed:
            raise DomainError(_("Last day of the contract: it cannot be before the agreement."), field="last_day")
        if not reason.strip():
            raise DomainError(_("Reason: write why the parties agree to end the contract."), field="reason")
        signed = _signed_documents(pathway)
        if not signed:
            raise DomainError(
                _("Documents: upload the agreement signed by both parties first (ol. § 7-3 first ledd)."),
                field="documents",
            )
        county = settings_for(contract.county_id)
        if county.decides_in_fagvei:
            told = clock.today()
        else:
            told = _given_date(county_told_on, "county_told_on", _("County told on"))
        if told > last_day:
            raise DomainError(
                _(
                    "County told on: the county must be told in writing before the contract ends"
                    " (ol. § 7-3 first ledd)."
                ),
                field="county_told_on",
            )
        ending = Ending.objects.create(
            contract=contract,
            kind=Ending.Kind.TERMINATION,
            reason=reason.strip(),
            agreed_on=agreed,
            last_day=last_day,
            registered_by=actor,
        )
        if county.decides_in_fagvei:
            _send(contract, Submission.Kind.TERMINATION, actor, documents=signed)
        else:
            Submission.objects.create(
                contract=contract,
                county_id=contract.county_id,
                kind=Submission.Kind.TERMINATION,
                sent_at=clock.now(),
                sent_by=actor,
                state=Submission.State.ACKNOWLEDGED,
                decided_on=told,
                decided_by=actor,
                decided_in_fagvei=False,
            )
        _close(actor, pathway, contract, Status.TERMINATED, last_day, EndReason.TERMINATED)
        record_event(
            "contract.terminated", contract, actor=actor, pathway=pathway, data={"last_day": last_day.isoformat()}
        )
    return ending


def request_cancellation(
    *, actor: Any, pathway_id: int, expected_version: int, requested_by: str, ground: str, justification: str
) -> Submission:
    """Ask the county to cancel the contract (heving, ol. § 7-3 second ledd): a written,
    justified request with the signed form."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id, expected_version)
        _require_step("request_cancellation", contract)
        if requested_by not in Ending.RequestedBy.values:
            raise DomainError(_("Asked for by: choose who asks for the cancellation."), field="requested_by")
        if ground not in Ending.Ground.values:
            raise DomainError(_("Ground: choose one of the listed grounds."), field="ground")
        if not justification.strip():
            raise DomainError(_("Justification: the request must be justified in writing."), field="justification")
        signed = _signed_documents(pathway)
        if not signed:
            raise DomainError(
                _("Documents: upload the signed request (or the participant's written withdrawal) first."),
                field="documents",
            )
        submission = _send(
            contract,
            Submission.Kind.CANCELLATION,
            actor,
            documents=signed,
            justification=justification.strip(),
            proposed={"requested_by": requested_by, "ground": ground},
        )
        contract.status = Status.CANCELLATION_REQUESTED
        _touch(contract, "status")
        record_event(
            "contract.cancellation_requested",
            contract,
            actor=actor,
            pathway=pathway,
            data={"requested_by": requested_by, "ground": ground},
        )
    return submission


def decide_cancellation(
    *,
    actor: Any,
    submission_id: int,
    cancel: bool,
    participant_heard: bool | None,
    reason: str = "",
    decided_on: dt.date | None = None,
    reference: str = "",
    expected_version: int | None = None,
) -> Submission:
    return decide_submission(
        actor=actor,
        submission_id=submission_id,
        expected_version=expected_version,
        outcome=Submission.State.APPROVED if cancel else Submission.State.REFUSED,
        decided_on=decided_on,
        reference=reference,
        reason=reason,
        participant_heard=participant_heard,
    )


# The participation agreement, the attest and the county's settings ----------------------


def save_participation_agreement(
    *, actor: Any, pathway_id: int, expected_version: int | None, data: dict[str, Any]
) -> ParticipationAgreement:
    """The agreement between participant, workplace and the municipal service (seed 002)."""
    from fagvei.pathways.models import Track

    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not can_manage_pathway(actor, pathway):
            raise DomainError(_("You may not change this pathway."))
        if pathway.track != Track.ALTERNATIVE:
            raise DomainError(_("A participation agreement belongs to the municipal alternative route (seed 002)."))
        agreement = ParticipationAgreement.objects.select_for_update().filter(pathway=pathway).first()
        if agreement is None:
            agreement = ParticipationAgreement(pathway=pathway, registered_by=actor)
        elif expected_version is None or agreement.version != expected_version:
            raise StaleObject()
        else:
            agreement.version += 1
        for field in ("workplace", "service", "terms", "signed_on"):
            if field in data:
                setattr(agreement, field, data[field])
        _given_date(agreement.signed_on, "signed_on", _("Signed on"))
        validate(agreement, exclude=["pathway", "registered_by"])
        agreement.save()
        record_event("contract.agreement_saved", agreement, actor=actor, pathway=pathway, data={})
    return agreement


def draft_attest_body(contract: Contract) -> str:
    pathway = contract.pathway
    return _(
        "%(name)s has been in training in %(trade)s at %(company)s from %(start)s to %(end)s under a %(kind)s."
    ) % {
        "name": pathway.participant.full_name,
        "trade": pathway.trade.name,
        "company": contract.company.name,
        "start": _d(contract.start_date),
        "end": _d(contract.ended_on or contract.end_date),
        "kind": contract.get_kind_display().lower(),
    }


def save_attest(*, actor: Any, pathway_id: int, expected_version: int | None, data: dict[str, Any]) -> Attest:
    """Draft or correct the attest of the training done (ol. § 7-3 fourth ledd)."""
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id)
        if contract.status not in ENDED:
            raise DomainError(_("The attest is written when the contract has been terminated or cancelled."))
        attest = Attest.objects.select_for_update().filter(contract=contract).first()
        if attest is None:
            attest = Attest(contract=contract)
        elif attest.issued_at is not None:
            raise DomainError(_("The attest has been issued and can no longer be changed."))
        elif expected_version is None or attest.version != expected_version:
            raise StaleObject()
        else:
            attest.version += 1
        for field in ("period_from", "period_to", "body"):
            if field in data:
                setattr(attest, field, data[field])
        validate(attest, exclude=["contract", "issued_by"])
        attest.save()
        record_event("contract.attest_saved", attest, actor=actor, pathway=pathway, data={})
    return attest


def issue_attest(*, actor: Any, pathway_id: int, expected_version: int) -> Attest:
    with transaction.atomic():
        pathway, contract = _locked(actor, pathway_id)
        attest = Attest.objects.select_for_update().filter(contract=contract).first()
        if attest is None:
            raise DomainError(_("Write the attest first."))
        if attest.version != expected_version:
            raise StaleObject()
        if attest.issued_at is not None:
            return attest
        attest.issued_at = clock.now()
        attest.issued_by = actor
        attest.version += 1
        attest.save()
        record_event("contract.attest_issued", attest, actor=actor, pathway=pathway, data={})
    return attest


def save_county_settings(
    *, actor: Any, county_id: int, expected_version: int | None, data: dict[str, Any]
) -> CountySettings:
    from fagvei.accounts.access import scope_for

    with transaction.atomic():
        county: Organisation = lock(Organisation, county_id)
        if county.kind != Organisation.Kind.COUNTY:
            raise DomainError(_("Settings belong to a county."))
        if not (scope_for(actor).is_admin or county.pk in county_ids(actor)):
            raise DomainError(_("Only the county's advisers change its settings."))
        row = CountySettings.objects.select_for_update().filter(county=county).first()
        if row is None:
            row = CountySettings(county=county)
        elif expected_version is None or row.version != expected_version:
            raise StaleObject()
        else:
            row.version += 1
        for field in (
            "decides_in_fagvei",
            "checklists",
            "illness_threshold_days",
            "absence_threshold_days",
            "answer_within_days",
        ):
            if field in data:
                setattr(row, field, data[field])
        validate(row, exclude=["county"])
        row.save()
        record_event("county.settings_saved", row, actor=actor, data={"county": county.pk})
    return row
