"""Organisations and their trade approvals in the API: the same access helpers, forms
and domain functions as the pages (fagvei/organisations/views.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fagvei.accounts.access import require_caseworker
from fagvei.api.base import REFUSALS, WRITE_REFUSALS, PageLinks, form_data, page_links, valid
from fagvei.api.base import lazy as _
from fagvei.core.lists import read_page

from . import services
from .access import caseworker_organisation, get_organisation_for, organisation_list_query
from .forms import ApprovalStatusForm, OrganisationForm, TradeApprovalForm
from .models import Organisation, TradeApproval

router = Router(tags=["organisations"])

Kind = Organisation.Kind
ApprovalStatus = TradeApproval.Status


class OrganisationFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name, or the organisation number.")
    kind: Kind | None = None
    trade: int | None = Field(None, description="Only those with an active approval for this trade (id).")
    page: int = Field(1, ge=1)


class OrganisationItem(Schema):
    id: int
    name: str
    kind: Kind
    org_number: str
    municipality: str
    active_approvals: int


class OrganisationPage(PageLinks):
    items: list[OrganisationItem]


class ApprovalOut(Schema):
    id: int
    trade_id: int
    trade: str
    approved_on: dt.date
    status: ApprovalStatus
    decided_by: str
    reference: str
    # The statuses a user may move the approval to now (empty for most).
    may_become: list[ApprovalStatus]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: Kind
    org_number: str
    municipality: str
    address: str
    email: str
    phone: str
    training_office_id: int | None
    county_id: int | None
    registered_by_organisation_id: int | None
    approvals: list[ApprovalOut]
    version: int
    can_manage: bool
    can_register_approval: bool
    can_decide_approvals: bool


class OrganisationIn(Schema):
    name: str | None = None
    kind: Kind | None = None
    org_number: str | None = None
    municipality: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    training_office: int | None = Field(None, description="The training office's id.")
    county: int | None = Field(None, description="The county's id.")


class OrganisationChange(OrganisationIn):
    version: int


class ApprovalIn(Schema):
    trade: int = Field(description="The trade's id.")
    approved_on: dt.date
    decided_by: str | None = None
    reference: str | None = Field(None, description="The county's case number: required unless you are the county.")


class ApprovalStatusIn(Schema):
    status: ApprovalStatus


def _out(organisation: Any) -> dict[str, Any]:
    may_become = services.APPROVAL_TRANSITIONS if organisation.can_decide_approvals else {}
    return {
        **{
            f: getattr(organisation, f)
            for f in ("id", "name", "kind", "org_number", "municipality", "address", "email", "phone", "version")
        },
        "training_office_id": organisation.training_office_id,
        "county_id": organisation.county_id,
        "registered_by_organisation_id": organisation.registered_by_organisation_id,
        "approvals": [
            {
                "id": a.pk,
                "trade_id": a.trade_id,
                "trade": a.trade.name,
                "approved_on": a.approved_on,
                "status": a.status,
                "decided_by": a.decided_by,
                "reference": a.reference,
                "may_become": sorted(may_become.get(a.status, ())),
            }
            for a in organisation.approvals.select_related("trade").order_by("trade__name", "id")
        ],
        "can_manage": bool(organisation.can_manage),
        "can_register_approval": bool(organisation.can_register_approval),
        "can_decide_approvals": bool(organisation.can_decide_approvals),
    }


def _reread(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    return _out(get_organisation_for(request.user, organisation_id))


@router.get(
    "/",
    response={200: OrganisationPage, **REFUSALS},
    summary=_("List the organisations you see"),
    description=_("By name (Norwegian order), then id; 25 a page."),
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    page = read_page(organisation_list_query(request.user), filters.dict(exclude={"page"}), filters.page)
    fields = OrganisationItem.model_fields
    return {**page_links(request, page), "items": [{f: getattr(o, f) for f in fields} for o in page.object_list]}


@router.get(
    "/{organisation_id}",
    response={200: OrganisationOut, **REFUSALS},
    summary=_("One organisation"),
    description=_("With its trade approvals (ofo. § 6-13)."),
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Any:
    return _out(get_organisation_for(request.user, organisation_id))


@router.post("/", response={201: OrganisationOut, **WRITE_REFUSALS}, summary=_("Register an organisation"))
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Any:
    require_caseworker(request.user)
    form = OrganisationForm(form_data(payload))
    valid(form)
    organisation = services.create_organisation(
        actor=request.user, data=form.domain_data(), registered_by=caseworker_organisation(request.user)
    )
    return Status(201, _reread(request, organisation.pk))


@router.patch(
    "/{organisation_id}",
    response={200: OrganisationOut, **WRITE_REFUSALS},
    summary=_("Change an organisation"),
    description=_("Only the fields sent change. `version` is the one read; an older one gives 409."),
)
def change_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationChange) -> Any:
    organisation = get_organisation_for(request.user, organisation_id, write=True)
    current = {f: getattr(organisation, f) for f in services.EDITABLE_FIELDS}
    current["training_office"] = organisation.training_office_id
    current["county"] = organisation.county_id
    form = OrganisationForm(form_data(payload, current), instance=organisation)
    data = valid(form)
    services.update_organisation(
        actor=request.user, organisation_id=organisation.pk, expected_version=data["version"], data=form.domain_data()
    )
    return _reread(request, organisation.pk)


@router.post(
    "/{organisation_id}/approvals",
    response={201: OrganisationOut, **WRITE_REFUSALS},
    summary=_("Register a trade approval"),
    description=_(
        "The county registers its decision; a caseworker who keeps the organisation "
        "registers one the county has made, with the county's reference."
    ),
)
def add_approval(request: HttpRequest, organisation_id: int, payload: ApprovalIn) -> Any:
    organisation = get_organisation_for(request.user, organisation_id)
    if not organisation.can_register_approval:
        raise PermissionDenied
    form = TradeApprovalForm(form_data(payload), county_decides=organisation.can_decide_approvals)
    data = valid(form)
    services.add_trade_approval(
        actor=request.user,
        organisation_id=organisation.pk,
        trade=data["trade"],
        approved_on=data["approved_on"],
        decided_by=data.get("decided_by", ""),
        reference=data.get("reference", ""),
    )
    return Status(201, _reread(request, organisation.pk))


@router.post(
    "/{organisation_id}/approvals/{approval_id}/status",
    response={200: OrganisationOut, **WRITE_REFUSALS},
    summary=_("Move a trade approval to another status"),
    description=_("The county's decision: approved again, lapsed (ol. § 7-9) or withdrawn."),
)
def set_approval_status(request: HttpRequest, organisation_id: int, approval_id: int, payload: ApprovalStatusIn) -> Any:
    organisation = get_organisation_for(request.user, organisation_id)
    if not organisation.can_decide_approvals:
        raise PermissionDenied
    if not organisation.approvals.filter(pk=approval_id).exists():
        raise Http404
    data = valid(ApprovalStatusForm(form_data(payload)))
    services.set_trade_approval_status(
        actor=request.user, organisation_id=organisation.pk, approval_id=approval_id, status=data["status"]
    )
    return _reread(request, organisation.pk)
