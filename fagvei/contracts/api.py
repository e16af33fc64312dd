"""Contracts in the API: a pathway's contract (read, write, send to the county), its
interruptions, changes and endings. The same access helpers (access.py), forms (forms.py)
and domain functions (services.py) as the pages (views.py); what the page hides from a
reader, the API leaves out too. The county's inbox is county_api.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from ninja import Field, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS, form_data, oslo, valid
from fagvei.api.base import lazy as _
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.documents.models import Document, DocumentKind

from . import services
from .access import get_contract_page_for, sees_county_matters, settings_for
from .forms import (
    CancellationForm,
    ChangeForm,
    ContractForm,
    EndInterruptionForm,
    InterruptionForm,
    ReportInterruptionForm,
    SubmitForm,
    TerminationForm,
)
from .lifecycle import STEPS
from .models import (
    Contract,
    EndingGround,
    EndingRequestedBy,
    Interruption,
    InterruptionReason,
    Kind,
    Submission,
    SubmissionKind,
    SubmissionState,
)
from .models import Status as ContractStatus

router = Router(tags=["contracts"])


# What is read -----------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class InterruptionOut(Schema):
    id: int
    reason: InterruptionReason | None = Field(
        description="For those who manage the pathway and the participant; null for anyone else (health data)."
    )
    note: str | None = Field(description="As `reason`: null for those who may not read it.")
    starts_on: dt.date
    ends_on: dt.date | None
    ended: bool
    days_away: int | None
    county_told_on: dt.date | None = Field(description="As `reason`: null for those who may not read it.")
    end_before: dt.date | None = Field(description="The contract's end before this interruption moved it.")
    end_after: dt.date | None = Field(description="The contract's end after it.")
    version: int


class SubmissionItem(Schema):
    id: int
    kind: SubmissionKind
    state: SubmissionState
    county: Named
    sent_at: dt.datetime
    sent_by: Named
    justification: str
    proposed: dict[str, Any] = Field(
        description="What a change or a cancellation request proposes (ids and ISO dates)."
    )
    interruption_id: int | None
    decided_on: dt.date | None
    decided_by: Named | None
    decided_in_fagvei: bool
    reference: str
    decision_reason: str
    participant_heard: bool | None
    version: int


class ChecklistItem(Schema):
    kind: DocumentKind
    label: str
    documents: list[int] = Field(description="The ids of the pathway's documents of this kind (none: missing).")


class StepOut(Schema):
    name: str
    label: str
    allowed: bool


class ContractOut(Schema):
    id: int
    pathway_id: int
    kind: Kind
    status: ContractStatus
    company: Named
    training_office: Named | None
    county: Named
    professional_manager: Named | None
    start_date: dt.date
    end_date: dt.date = Field(description="The end of training now: moved by interruptions and approved changes.")
    original_end_date: dt.date | None = Field(description="The end as first sent to the county.")
    goal: str
    responsibilities: str
    extra_conditions: str
    position_percent: int
    prior_practice_years: Decimal | None
    signed_on: dt.date | None
    submitted_at: dt.datetime | None
    approved_on: dt.date | None
    ended_on: dt.date | None
    version: int
    county_decides_in_fagvei: bool
    interruptions: list[InterruptionOut]
    submissions: list[SubmissionItem] | None = Field(
        description="What was sent to the county and its answers: for those who manage the pathway and the "
        "participant; null for anyone else."
    )
    checklist: list[ChecklistItem] | None = Field(
        description="The documents the county asks for, with the pathway's documents of each kind: for those who "
        "manage the pathway; null for anyone else."
    )
    steps: list[StepOut] | None = Field(
        description="The contract's steps and whether its status allows each now: for those who manage the pathway."
    )
    can_manage: bool


def named(obj: Any, name: str = "name") -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(getattr(obj, name))}


def _user(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": str(user)}


def log_reasons(request: HttpRequest, interruptions: list[Interruption]) -> None:
    # An interruption for illness is health data (GDPR art. 9): every read of its reason
    # is logged, as the page logs it.
    for interruption in interruptions:
        if interruption.reason == Interruption.Reason.ILLNESS:
            log_access(request, interruption, purpose=AccessLog.Purpose.SENSITIVE, detail="api: interruption reason")


def interruption_body(interruption: Interruption, county_matters: bool) -> dict[str, Any]:
    return {
        "id": interruption.pk,
        "reason": interruption.reason if county_matters else None,
        "note": interruption.note if county_matters else None,
        "starts_on": interruption.starts_on,
        "ends_on": interruption.ends_on,
        "ended": interruption.ended,
        "days_away": interruption.days_away,
        "county_told_on": interruption.county_told_on if county_matters else None,
        "end_before": interruption.end_before,
        "end_after": interruption.end_after,
        "version": interruption.version,
    }


def submission_body(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "kind": submission.kind,
        "state": submission.state,
        "county": named(submission.county),
        "sent_at": oslo(submission.sent_at),
        "sent_by": _user(submission.sent_by),
        "justification": submission.justification,
        "proposed": submission.proposed or {},
        "interruption_id": submission.interruption_id,
        "decided_on": submission.decided_on,
        "decided_by": _user(submission.decided_by),
        "decided_in_fagvei": submission.decided_in_fagvei,
        "reference": submission.reference,
        "decision_reason": submission.decision_reason,
        "participant_heard": submission.participant_heard,
        "version": submission.version,
    }


def _contract_out(request: HttpRequest, pathway: Any, contract: Contract) -> dict[str, Any]:
    """The contract as its page shows it to this user (views.contract_detail)."""
    county_matters = sees_county_matters(request.user, pathway)
    manages = bool(pathway.can_manage)
    interruptions = list(contract.interruptions.all())
    if county_matters:
        log_reasons(request, interruptions)
    body: dict[str, Any] = {
        "id": contract.pk,
        "pathway_id": pathway.pk,
        "kind": contract.kind,
        "status": contract.status,
        "company": named(contract.company),
        "training_office": named(contract.training_office),
        "county": named(contract.county),
        "professional_manager": named(contract.professional_manager, "full_name"),
        **{
            field: getattr(contract, field)
            for field in (
                "start_date",
                "end_date",
                "original_end_date",
                "goal",
                "responsibilities",
                "extra_conditions",
                "position_percent",
                "prior_practice_years",
                "signed_on",
                "approved_on",
                "ended_on",
                "version",
            )
        },
        "submitted_at": oslo(contract.submitted_at),
        "county_decides_in_fagvei": settings_for(contract.county_id).decides_in_fagvei,
        "interruptions": [interruption_body(i, county_matters) for i in interruptions],
        "submissions": None,
        "checklist": None,
        "steps": None,
        "can_manage": manages,
    }
    if county_matters:
        sent = contract.submissions.select_related("county", "sent_by", "decided_by")
        body["submissions"] = [submission_body(s) for s in sent]
    if manages:
        documents = list(
            Document.objects.filter(pathway_id=pathway.pk, deleted_at__isnull=True).order_by("kind", "-id")
        )
        body["checklist"] = [
            {"kind": item.kind, "label": item.label, "documents": [d.pk for d in item.documents]}
            for item in services.checklist_status(contract, documents)
        ]
        body["steps"] = [
            {"name": name, "label": str(step.label), "allowed": contract.status in step.sources}
            for name, step in STEPS.items()
        ]
    return body


def _contract_or_404(request: HttpRequest, pathway_id: int, *, write: bool = False) -> tuple[Any, Contract]:
    pathway, contract = get_contract_page_for(request.user, pathway_id, write=write)
    if contract is None:
        raise Http404
    return pathway, contract


def _reread(request: HttpRequest, pathway_id: int) -> dict[str, Any]:
    pathway, contract = _contract_or_404(request, pathway_id)
    return _contract_out(request, pathway, contract)


@router.get(
    "/pathways/{pathway_id}/contract",
    response={200: ContractOut, **REFUSALS},
    summary=_("A pathway's contract"),
    description=_(
        "The contract with its interruptions; the interruptions' reasons and what was sent to the county only for "
        "those who manage the pathway and for its participant; the county's checklist and the steps allowed now "
        "for those who manage it. 404 when the pathway has no contract yet."
    ),
)
def get_contract(request: HttpRequest, pathway_id: int) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id)
    log_access(request, contract)
    return _contract_out(request, pathway, contract)


# Writing the contract ---------------------------------------------------------------------


class ContractFields(Schema):
    kind: Kind | None = None
    company: int | None = Field(None, description="A company approved for the trade (ofo. § 6-13).")
    training_office: int | None = Field(None, description="The training office that signs on its behalf.")
    professional_manager: int | None = Field(None, description="A person in that role on the pathway.")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    goal: str | None = None
    responsibilities: str | None = None
    extra_conditions: str | None = None
    position_percent: int | None = None
    prior_practice_years: Decimal | None = None


class ContractChange(ContractFields):
    version: int = Field(description="The version read: an older one is refused with 409.")


def _form_values(form: ContractForm) -> dict[str, Any]:
    """What the page's form holds before the user types: for a new contract its
    suggestions (the pathway's workplace and dates, the only kind), else the contract."""
    values: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value is None:
            continue
        if isinstance(value, Promise):  # the suggested goal, a translated text
            value = str(value)
        values[name] = getattr(value, "pk", value)
    return values


@router.post(
    "/pathways/{pathway_id}/contract",
    response={201: ContractOut, **WRITE_REFUSALS},
    summary=_("Write the pathway's contract"),
    description=_(
        "A draft, to be signed and sent to the county. Fields left out take the page's suggestions: the pathway's "
        "workplace and planned dates, and the kind when the track allows only one (ol. § 7-1)."
    ),
)
def create_contract(request: HttpRequest, pathway_id: int, payload: ContractFields) -> Any:
    # A pathway that has a contract already: the domain function refuses (422), as it
    # refuses the page's second click.
    pathway, _contract = get_contract_page_for(request.user, pathway_id, write=True)
    form = ContractForm(form_data(payload, _form_values(ContractForm(pathway=pathway))), pathway=pathway)
    valid(form)
    services.create_contract(actor=request.user, pathway_id=pathway.pk, data=form.domain_data())
    return Status(201, _reread(request, pathway.pk))


@router.patch(
    "/pathways/{pathway_id}/contract",
    response={200: ContractOut, **WRITE_REFUSALS},
    summary=_("Change a draft or returned contract"),
    description=_(
        "Only the fields sent change. A contract sent to the county changes only through the county "
        "(`POST …/contract/change`, ol. § 7-2)."
    ),
)
def change_contract(request: HttpRequest, pathway_id: int, payload: ContractChange) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id, write=True)
    form = ContractForm(
        form_data(payload, _form_values(ContractForm(instance=contract, pathway=pathway))),
        instance=contract,
        pathway=pathway,
    )
    data = valid(form)
    services.update_contract(
        actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], data=form.domain_data()
    )
    return _reread(request, pathway.pk)


class SubmitIn(Schema):
    signed_on: dt.date = Field(description="The day the last party signed.")
    version: int


@router.post(
    "/pathways/{pathway_id}/contract/submit",
    response={200: ContractOut, **WRITE_REFUSALS},
    summary=_("Send the signed contract to the county"),
    description=_(
        "With the documents the county's checklist asks for, which must be uploaded first (422 on `documents` "
        "otherwise). Sending is the confirmation that the parties have signed (ol. § 7-2)."
    ),
)
def submit_contract(request: HttpRequest, pathway_id: int, payload: SubmitIn) -> Any:
    pathway, _contract = _contract_or_404(request, pathway_id, write=True)
    # The page's tick box ("the contract is signed by the parties") is this request itself.
    data = valid(SubmitForm(form_data(payload, {"confirm": True})))
    services.submit_contract_application(
        actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], signed_on=data["signed_on"]
    )
    return _reread(request, pathway.pk)


# Interruptions ------------------------------------------------------------------------------


class InterruptionIn(Schema):
    reason: InterruptionReason
    starts_on: dt.date = Field(description="The first day away.")
    ends_on: dt.date | None = Field(None, description="The last day away, if known.")
    note: str = Field("", max_length=2000)
    county_told_on: dt.date | None = Field(None, description="Where the county is not told through fagvei.")
    version: int = Field(description="The contract's version read.")


class EndInterruptionIn(Schema):
    ends_on: dt.date = Field(description="The last day away.")
    version: int = Field(description="The contract's version read.")


class ReportedIn(Schema):
    county_told_on: dt.date


def _interruption_or_404(contract: Contract, interruption_id: int) -> Interruption:
    interruption = contract.interruptions.filter(pk=interruption_id).first()
    if interruption is None:
        raise Http404
    return interruption


@router.post(
    "/pathways/{pathway_id}/contract/interruptions",
    response={201: ContractOut, **WRITE_REFUSALS},
    summary=_("Register an interruption"),
    description=_(
        "Leave or long illness, from a day; the end may be open. Where the county decides in fagvei and the "
        "interruption must be reported, it is sent to the county at once."
    ),
)
def start_interruption(request: HttpRequest, pathway_id: int, payload: InterruptionIn) -> Any:
    pathway, _contract = _contract_or_404(request, pathway_id, write=True)
    data = valid(InterruptionForm(form_data(payload)))
    services.start_interruption(
        actor=request.user,
        pathway_id=pathway.pk,
        expected_version=data["version"],
        reason=data["reason"],
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        note=data.get("note", ""),
        county_told_on=data.get("county_told_on"),
    )
    return Status(201, _reread(request, pathway.pk))


@router.post(
    "/pathways/{pathway_id}/contract/interruptions/{interruption_id}/end",
    response={200: ContractOut, **WRITE_REFUSALS},
    summary=_("End an interruption"),
    description=_("Training resumes the day after `ends_on`; the contract's end moves by the days away."),
)
def end_interruption(request: HttpRequest, pathway_id: int, interruption_id: int, payload: EndInterruptionIn) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id, write=True)
    interruption = _interruption_or_404(contract, interruption_id)
    data = valid(EndInterruptionForm(form_data(payload)))
    services.end_interruption(
        actor=request.user,
        pathway_id=pathway.pk,
        expected_version=data["version"],
        interruption_id=interruption.pk,
        ends_on=data["ends_on"],
    )
    return _reread(request, pathway.pk)


@router.post(
    "/pathways/{pathway_id}/contract/interruptions/{interruption_id}/reported",
    response={200: ContractOut, **WRITE_REFUSALS},
    summary=_("Register the day the county was told of an interruption"),
    description=_("Where the county is not told through fagvei."),
)
def report_interruption(request: HttpRequest, pathway_id: int, interruption_id: int, payload: ReportedIn) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id, write=True)
    interruption = _interruption_or_404(contract, interruption_id)
    data = valid(ReportInterruptionForm(form_data(payload)))
    services.report_interruption(
        actor=request.user, pathway_id=pathway.pk, interruption_id=interruption.pk, told_on=data["county_told_on"]
    )
    return _reread(request, pathway.pk)


# Changes and endings ------------------------------------------------------------------------


class ChangeIn(Schema):
    end_date: dt.date | None = Field(None, description="A new end of training.")
    company: int | None = Field(None, description="A new training company (in the same county).")
    training_office: int | None = Field(None, description="A new training office; null for none.")
    justification: str = Field(max_length=4000)
    version: int = Field(description="The contract's version read.")


class TerminationIn(Schema):
    agreed_on: dt.date
    last_day: dt.date
    reason: str = Field(max_length=4000)
    county_told_on: dt.date | None = Field(
        None, description="Where the county is not told through fagvei: the day it was told in writing."
    )
    version: int = Field(description="The contract's version read.")


class CancellationIn(Schema):
    requested_by: EndingRequestedBy
    ground: EndingGround
    justification: str = Field(max_length=8000)
    version: int = Field(description="The contract's version read.")


@router.post(
    "/pathways/{pathway_id}/contract/change",
    response={201: ContractOut, **WRITE_REFUSALS},
    summary=_("Ask the county for a change"),
    description=_(
        "An approved contract's end, company or training office changes only with the county's consent "
        "(ol. § 7-2 second ledd); fields left out stay as they are. The contract is unchanged until the county "
        "approves."
    ),
)
def request_change(request: HttpRequest, pathway_id: int, payload: ChangeIn) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id, write=True)
    current = {
        "end_date": contract.end_date,
        "company": contract.company_id,
        "training_office": contract.training_office_id,
    }
    data = valid(ChangeForm(form_data(payload, current), contract=contract))
    services.request_contract_change(
        actor=request.user,
        pathway_id=pathway.pk,
        expected_version=data["version"],
        data={k: data.get(k) for k in ("end_date", "company", "training_office")},
        justification=data["justification"],
    )
    return Status(201, _reread(request, pathway.pk))


@router.post(
    "/pathways/{pathway_id}/contract/terminate",
    response={200: ContractOut, **WRITE_REFUSALS},
    summary=_("Terminate the contract by agreement"),
    description=_(
        "Both parties agree, with their signed agreement uploaded first (a document of kind `signed_agreement`), "
        "and the county told in writing before the contract ends (ol. § 7-3 first ledd)."
    ),
)
def terminate(request: HttpRequest, pathway_id: int, payload: TerminationIn) -> Any:
    pathway, contract = _contract_or_404(request, pathway_id, write=True)
    form = TerminationForm(form_data(payload))
    if settings_for(contract.county_id).decides_in_fagvei:
        # The county is told through fagvei, today: the page does not ask.
        del form.fields["county_told_on"]
    data = valid(form)
    services.terminate_contract(
        actor=request.user,
        pathway_id=pathway.pk,
        expected_version=data["version"],
        agreed_on=data["agreed_on"],
        last_day=data["last_day"],
        reason=data["reason"],
        county_told_on=data.get("county_told_on"),
    )
    return _reread(request, pathway.pk)


@router.post(
    "/pathways/{pathway_id}/contract/cancellation",
    response={201: ContractOut, **WRITE_REFUSALS},
    summary=_("Ask the county to cancel the contract"),
    description=_(
        "Cancellation is the county's decision (ol. § 7-3 second ledd): a written, justified request, with the "
        "signed request uploaded first (a document of kind `signed_agreement`)."
    ),
)
def request_cancellation(request: HttpRequest, pathway_id: int, payload: CancellationIn) -> Any:
    pathway, _contract = _contract_or_404(request, pathway_id, write=True)
    data = valid(CancellationForm(form_data(payload)))
    services.request_cancellation(
        actor=request.user,
        pathway_id=pathway.pk,
        expected_version=data["version"],
        requested_by=data["requested_by"],
        ground=data["ground"],
        justification=data["justification"],
    )
    return Status(201, _reread(request, pathway.pk))
