"""Pathways in the API: the list with the page's filters and order, a pathway with its
milestones, people, consents, police certificate status and (for those who may read it)
screening, and the steps of its lifecycle allowed now. The same access helpers, lists
and checks as the pages (fagvei/pathways/views.py, sections.py, lifecycle.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from fagvei.api.base import REFUSALS, PageLinks, page_links
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.lists import read_page

from .access import get_pathway_for, load_details, pathway_list_query
from .lifecycle import transitions_for
from .models import Stage, Track
from .sections import may_read_screening

router = Router(tags=["pathways"])


class PathwayFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Searches the participant's names.")
    stage: Stage | None = None
    track: Track | None = None
    scheme: int | None = Field(None, description="A scheme's id.")
    scheme_name: str | None = Field(None, max_length=100, description="Part of a scheme's name.")
    trade: int | None = Field(None, description="A trade's id.")
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


@router.get("/", response={200: PathwayPage, **REFUSALS}, summary="List the pathways you see")
def list_pathways(request: HttpRequest, filters: Query[PathwayFilters]) -> Any:
    """The page's list: ordered by the participant's last and first name (Norwegian
    order), then id; 25 a page; the same filters."""
    data = filters.dict(exclude={"page"})
    page = read_page(pathway_list_query(request.user), data, filters.page)
    return {**page_links(request, page), "items": [_item(p) for p in page.object_list]}


@router.get("/{pathway_id}", response={200: PathwayOut, **REFUSALS}, summary="One pathway")
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
        "milestones": {name: getattr(pathway, name) for name in MILESTONES},
        "members": [
            {"person": _named(m.person, "full_name"), "role": m.role, "added_at": m.added_at}
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
    summary="The steps of the lifecycle from the pathway's stage",
)
def list_transitions(request: HttpRequest, pathway_id: int) -> Any:
    """Each step that starts from the pathway's stage, whether it is allowed now, and
    for a blocked step what is missing. Empty for those who may only read."""
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
