"""Pathways in the API: the list with the page's filters and order, a pathway with its
milestones, people, consents, police certificate status and (for those who may read it)
screening, and the steps of its lifecycle allowed now. The same access helpers, lists
and checks as the pages (fagvei/pathways/views.py, sections.py, lifecycle.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from fagvei.accounts.access import require_caseworker, scope_for
from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, form_data, oslo, page_links, valid
from fagvei.api.base import lazy as _
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.domain import DomainError
from fagvei.core.lists import read_page
from fagvei.people.access import visible_people

from . import services
from .access import get_pathway_for, load_details, pathway_list_query
from .forms import (
    ConsentForm,
    MemberForm,
    NewPathwayForm,
    PathwayForm,
    PoliceCertificateForm,
    ScreeningForm,
    TransitionForm,
)
from .lifecycle import TRANSITIONS, transitions_for
from .models import Screening, Stage, Track
from .sections import may_read_screening
from .views import risked

router = Router(tags=["pathways"])


class PathwayFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Searches the participant's names.")
    stage: Stage | None = None
    track: Track | None = None
    scheme: int | None = Field(None, description="A scheme's id.")
    scheme_name: str | None = Field(None, max_length=100, description="Part of a scheme's name.")
    trade: int | None = Field(None, description="A trade's id.")
    risk: Literal["red", "amber", "green"] | None = Field(
        None, description="Only pathways at this risk status (those who manage them; issue 12)."
    )
    sort: Literal["name", "risk"] | None = Field(None, description="risk: the highest risk first, then by name.")
    page: int = Field(1, ge=1)


class Named(Schema):
    id: int
    name: str


class PathwayItem(Schema):
    id: int
    participant: Named
    stage: Stage
    track: Track
    trade: Named
    scheme: Named | None
    workplace: Named | None
    # Worked out only when the list is filtered or sorted by risk, for those who manage
    # the pathways (fagvei/deadlines/risk.py); else null.
    risk: Literal["red", "amber", "green"] | None = None


class PathwayPage(PageLinks):
    items: list[PathwayItem]


class Member(Schema):
    person: Named
    role: str
    added_at: dt.datetime


class ConsentOut(Schema):
    id: int
    purpose: str
    receiving_party: str
    given_on: dt.date
    withdrawn_on: dt.date | None


class PoliceCertificateStatus(Schema):
    required: bool
    # "not_required", "missing" or "checked"
    status: str
    checked_on: dt.date | None


class ScreeningOut(Schema):
    norwegian_listening: str
    norwegian_reading: str
    norwegian_speaking: str
    norwegian_writing: str
    years_in_norway: Decimal
    education: str
    education_note: str
    work_experience_years: Decimal
    work_experience_note: str
    motivation: int
    motivation_note: str
    suitability: int
    suitability_note: str
    life_situation: str
    can_participate_80: bool
    hindrances: str
    income_basis: str
    screened_on: dt.date
    version: int


MILESTONES = (
    "referred_at",
    "screening_at",
    "admitted_at",
    "declined_at",
    "starting_at",
    "training_started_at",
    "interrupted_at",
    "completed_at",
    "ended_at",
)


class Milestones(Schema):
    referred_at: dt.datetime
    screening_at: dt.datetime | None
    admitted_at: dt.datetime | None
    declined_at: dt.datetime | None
    starting_at: dt.datetime | None
    training_started_at: dt.datetime | None
    interrupted_at: dt.datetime | None
    completed_at: dt.datetime | None
    ended_at: dt.datetime | None


class PathwayOut(PathwayItem):
    coordinator_id: int | None
    curriculum_id: int | None
    referral_source: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    started_on: dt.date | None
    end_reason: str
    milestones: Milestones
    members: list[Member]
    # Consents and the police certificate: for those who manage the pathway, else null.
    consents: list[ConsentOut] | None
    police_certificate: PoliceCertificateStatus | None
    has_screening: bool
    # Only for those who may read it (GDPR: the read is logged), else null.
    screening: ScreeningOut | None
    version: int
    can_manage: bool


class Missing(Schema):
    message: str


class Step(Schema):
    name: str
    label: str
    target: Stage
    allowed: bool
    missing: list[Missing]
    inputs: list[str]
    optional_inputs: list[str]


def _named(obj: Any, name: str = "name") -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": getattr(obj, name)}


def _item(pathway: Any) -> dict[str, Any]:
    return {
        "id": pathway.pk,
        "participant": _named(pathway.participant, "full_name"),
        "stage": pathway.stage,
        "track": pathway.track,
        "trade": _named(pathway.trade),
        "scheme": _named(pathway.scheme),
        "workplace": _named(pathway.workplace),
    }


@router.get(
    "/",
    response={200: PathwayPage, **REFUSALS},
    summary=_("List the pathways you see"),
    description=_(
        "The page's list: ordered by the participant's last and first name (Norwegian "
        "order), then id; 25 a page; the same filters. Those who follow pathways up may "
        "filter and sort by risk (the administrator with a trade or scheme chosen); each "
        "item then has its risk."
    ),
)
def list_pathways(request: HttpRequest, filters: Query[PathwayFilters]) -> Any:
    data = filters.dict(exclude={"page"})
    query = pathway_list_query(request.user)
    risks = None
    if data.get("risk") or data.get("sort") == "risk":
        field = "risk" if data.get("risk") else "sort"
        # The risk is for those who follow the cases up, as on the page.
        if not scope_for(request.user).is_caseworker:
            raise DomainError(_("Risk: only those who follow pathways up see their risk."), field=field)
        query, risks, problem = risked(request.user, query, data)
        if problem:
            raise DomainError(problem, field=field)
    page = read_page(query, data, filters.page)
    items = []
    for pathway in page.object_list:
        item = _item(pathway)
        if risks is not None:
            found = risks.get(pathway.pk)
            item["risk"] = found.level if found is not None else "green"
        items.append(item)
    return {**page_links(request, page), "items": items}


@router.get("/{pathway_id}", response={200: PathwayOut, **REFUSALS}, summary=_("One pathway"))
def get_pathway(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    log_access(request, pathway)
    load_details(pathway)
    body = {
        **_item(pathway),
        "coordinator_id": pathway.coordinator_id,
        "curriculum_id": pathway.curriculum_id,
        "referral_source": pathway.referral_source,
        "planned_start": pathway.planned_start,
        "planned_end": pathway.planned_end,
        "started_on": pathway.started_on,
        "end_reason": pathway.end_reason,
        "milestones": {name: oslo(getattr(pathway, name)) for name in MILESTONES},
        "members": [
            {"person": _named(m.person, "full_name"), "role": m.role, "added_at": oslo(m.added_at)}
            for m in pathway.members.all()
        ],
        "consents": None,
        "police_certificate": None,
        "version": pathway.version,
        "can_manage": bool(pathway.can_manage),
    }
    if pathway.can_manage:
        body["consents"] = [{f: getattr(c, f) for f in ConsentOut.model_fields} for c in pathway.consents.all()]
        body["police_certificate"] = _certificate(request, pathway)
    screening = pathway._state.fields_cache.get("screening")
    body["has_screening"] = screening is not None
    body["screening"] = None
    if screening is not None and may_read_screening(request, pathway):
        log_access(request, screening, purpose=AccessLog.Purpose.SENSITIVE, detail="api: screening")
        body["screening"] = {f: getattr(screening, f) for f in ScreeningOut.model_fields}
    return body


def _certificate(request: HttpRequest, pathway: Any) -> dict[str, Any]:
    required = bool(pathway.trade.requires_police_certificate)
    certificate = pathway._state.fields_cache.get("police_certificate")
    if not required:
        return {"required": False, "status": "not_required", "checked_on": None}
    if certificate is None:
        return {"required": True, "status": "missing", "checked_on": None}
    # GDPR art. 10: every read of police-certificate data is logged (its status too).
    log_access(request, certificate, purpose=AccessLog.Purpose.SENSITIVE, detail="api: police certificate status")
    return {"required": True, "status": "checked", "checked_on": certificate.checked_on}


@router.get(
    "/{pathway_id}/transitions",
    response={200: list[Step], **REFUSALS},
    summary=_("The steps of the lifecycle from the pathway's stage"),
    description=_(
        "Each step that starts from the pathway's stage, whether it is allowed now, and "
        "for a blocked step what is missing. Empty for those who may only read."
    ),
)
def list_transitions(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id)
    if not pathway.can_manage:
        return []
    load_details(pathway)
    return [
        {
            "name": offer.transition.name,
            "label": str(offer.transition.label),
            "target": offer.transition.target,
            "allowed": not offer.missing,
            "missing": [{"message": message} for message, _fix in offer.missing],
            "inputs": list(offer.transition.inputs),
            "optional_inputs": list(offer.transition.optional_inputs),
        }
        for offer in transitions_for(pathway)
    ]


# Writes ----------------------------------------------------------------------------------
# Each takes the page's form (the same checks, in the same words) and calls the page's
# domain function; the answer is the pathway as ``GET /pathways/{id}`` gives it.


class PathwayIn(Schema):
    track: Track | None = None
    trade: int | None = Field(None, description="The trade's id (left out: the scheme's trade).")
    curriculum: int | None = Field(None, description="The curriculum's id (left out: the trade's current one).")
    scheme: int | None = Field(None, description="The scheme's id: one your organisation runs.")
    coordinator: int | None = Field(None, description="The responsible coordinator's user id.")
    workplace: int | None = Field(None, description="The workplace's id: approved for the trade.")
    referral_source: str | None = None
    referral_note: str | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None


class NewPathway(PathwayIn):
    participant: int = Field(description="The participant's person id.")
    # Needed when the participant already has an open pathway in the trade (the answer
    # without it is 422, naming the open pathway's problem).
    confirm_duplicate: bool = False


class PathwayChange(PathwayIn):
    version: int


class ScreeningIn(Schema):
    screened_on: dt.date
    norwegian_listening: str
    norwegian_reading: str
    norwegian_speaking: str
    norwegian_writing: str
    years_in_norway: Decimal
    education: str
    education_note: str = ""
    work_experience_years: Decimal
    work_experience_note: str = ""
    motivation: int
    motivation_note: str = ""
    suitability: int
    suitability_note: str = ""
    life_situation: str = ""
    can_participate_80: bool
    hindrances: str = ""
    income_basis: str
    # The version read; left out when there is no screening yet.
    version: int | None = None


class MemberIn(Schema):
    person: int = Field(description="The person's id.")
    role: str


class ConsentIn(Schema):
    purpose: str
    receiving_party: str = ""
    given_on: dt.date


class PoliceCertificateIn(Schema):
    issued_on: dt.date
    checked_on: dt.date
    version: int | None = None


class StepIn(Schema):
    version: int
    inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="The step's inputs by name, as GET …/transitions lists them (dates ISO 8601, choices as codes).",
    )


def _reread(request: HttpRequest, pathway_id: int) -> dict[str, Any]:
    return get_pathway(request, pathway_id)


@router.post("/", response={201: PathwayOut, **WRITE_REFUSALS}, summary=_("Register a pathway (a referral)"))
def create_pathway(request: HttpRequest, payload: NewPathway) -> Any:
    require_caseworker(request.user)
    people = visible_people(request.user)
    form = NewPathwayForm(form_data(payload, {"coordinator": request.user.pk}), people=people, user=request.user)
    data = valid(form)
    pathway = services.create_pathway(
        actor=request.user,
        participant=data["participant"],
        data=form.domain_data(),
        confirm_duplicate=data.get("confirm_duplicate", False),
    )
    return Status(201, _reread(request, pathway.pk))


@router.patch(
    "/{pathway_id}",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Change a pathway"),
    description=_("Only the fields sent change. `version` is the one read; an older one gives 409."),
)
def change_pathway(request: HttpRequest, pathway_id: int, payload: PathwayChange) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    current = {f: getattr(pathway, f"{f}_id", None) or getattr(pathway, f) for f in services.EDITABLE_FIELDS}
    form = PathwayForm(form_data(payload, current), instance=pathway, user=request.user)
    data = valid(form)
    services.update_pathway(
        actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], data=form.domain_data()
    )
    return _reread(request, pathway.pk)


@router.put(
    "/{pathway_id}/screening",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Register the screening"),
    description=_('The whole screening (seed 002 "Vurdering og opptak"); a second time, with the `version` read.'),
)
def put_screening(request: HttpRequest, pathway_id: int, payload: ScreeningIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    screening = Screening.objects.filter(pathway=pathway).first()
    form = ScreeningForm(form_data(payload), instance=screening, participant=pathway.participant)
    data = valid(form)
    services.save_screening(
        actor=request.user, pathway_id=pathway.pk, expected_version=data.get("version"), data=form.domain_data()
    )
    return _reread(request, pathway.pk)


@router.post("/{pathway_id}/members", response={201: PathwayOut, **WRITE_REFUSALS}, summary=_("Add a person in a role"))
def add_member(request: HttpRequest, pathway_id: int, payload: MemberIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    people = visible_people(request.user).exclude(pk=pathway.participant_id)
    data = valid(MemberForm(form_data(payload), people=people))
    services.add_member(actor=request.user, pathway_id=pathway.pk, person=data["person"], role=data["role"])
    return Status(201, _reread(request, pathway.pk))


@router.delete(
    "/{pathway_id}/members/{member_id}",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Remove a person's role"),
)
def remove_member(request: HttpRequest, pathway_id: int, member_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    if not pathway.members.filter(pk=member_id).exists():
        raise Http404
    services.remove_member(actor=request.user, pathway_id=pathway.pk, member_id=member_id)
    return _reread(request, pathway.pk)


@router.post("/{pathway_id}/consents", response={201: PathwayOut, **WRITE_REFUSALS}, summary=_("Register a consent"))
def add_consent(request: HttpRequest, pathway_id: int, payload: ConsentIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    data = valid(ConsentForm(form_data(payload)))
    services.register_consent(actor=request.user, pathway_id=pathway.pk, **data)
    return Status(201, _reread(request, pathway.pk))


@router.post(
    "/{pathway_id}/consents/{consent_id}/withdraw",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Register a consent as withdrawn (today)"),
)
def withdraw_consent(request: HttpRequest, pathway_id: int, consent_id: int) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    if not pathway.consents.filter(pk=consent_id).exists():
        raise Http404
    services.withdraw_consent(
        actor=request.user, pathway_id=pathway.pk, consent_id=consent_id, withdrawn_on=timezone.localdate()
    )
    return _reread(request, pathway.pk)


@router.put(
    "/{pathway_id}/police-certificate",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Register the police certificate as checked"),
    description=_(
        "Only the dates: the certificate itself is never kept (GDPR art. 10). Only for "
        "trades that require one (404 otherwise)."
    ),
)
def put_police_certificate(request: HttpRequest, pathway_id: int, payload: PoliceCertificateIn) -> Any:
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    if not pathway.trade.requires_police_certificate:
        raise Http404
    data = valid(PoliceCertificateForm(form_data(payload)))
    services.register_police_certificate(
        actor=request.user,
        pathway_id=pathway.pk,
        issued_on=data["issued_on"],
        checked_on=data["checked_on"],
        expected_version=data.get("version"),
    )
    return _reread(request, pathway.pk)


@router.post(
    "/{pathway_id}/transitions/{name}",
    response={200: PathwayOut, **WRITE_REFUSALS},
    summary=_("Take one step of the lifecycle"),
    description=_(
        "The step `name` with its inputs. A step that is not allowed now is refused (422)"
        " with what is missing, as the page says it."
    ),
)
def take_step(request: HttpRequest, pathway_id: int, name: str, payload: StepIn) -> Any:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    pathway = get_pathway_for(request.user, pathway_id, write=True)
    form = TransitionForm(
        {"version": payload.version, **{k: "" if v is None else v for k, v in payload.inputs.items()}},
        transition=transition,
        pathway=pathway,
    )
    data = valid(form)
    inputs = {field: data.get(field) for field in transition.inputs}
    transition.perform(actor=request.user, pathway_id=pathway.pk, expected_version=data["version"], **inputs)
    return _reread(request, pathway.pk)
