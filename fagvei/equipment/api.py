"""Equipment loans in the API: a pathway's loans (list, lend) and a loan marked returned.
The same access helpers and domain functions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS
from fagvei.api.base import lazy as _

from . import services
from .access import get_loan_for, get_loan_pathway_for
from .models import Loan

router = Router(tags=["equipment"])


class LoanOut(Schema):
    id: int
    pathway_id: int
    item: str
    identifier: str
    lent_on: dt.date
    returned_on: dt.date | None = Field(description="None while the equipment is out.")
    note: str
    version: int


class LoanIn(Schema):
    item: str
    identifier: str = ""
    lent_on: dt.date
    note: str = ""


class ReturnIn(Schema):
    returned_on: dt.date
    version: int | None = Field(None, description="The version read: an older one is refused with 409.")


@router.get(
    "/pathways/{pathway_id}/equipment",
    response={200: list[LoanOut], **REFUSALS},
    summary=_("List a pathway's equipment loans"),
    description=_("For those who manage the pathway and its participant; latest first."),
)
def list_loans(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_loan_pathway_for(request.user, pathway_id)
    return list(Loan.objects.filter(pathway_id=pathway.pk))


@router.post(
    "/pathways/{pathway_id}/equipment",
    response={201: LoanOut, **WRITE_REFUSALS},
    summary=_("Lend equipment"),
    description=_("For those who manage the pathway."),
)
def create_loan(request: HttpRequest, pathway_id: int, payload: LoanIn) -> Any:
    pathway = get_loan_pathway_for(request.user, pathway_id, write=True)
    loan = services.lend(
        actor=request.user,
        pathway_id=pathway.pk,
        item=payload.item,
        identifier=payload.identifier,
        lent_on=payload.lent_on,
        note=payload.note,
    )
    return Status(201, loan)


@router.post(
    "/loans/{loan_id}/return",
    response={200: LoanOut, **WRITE_REFUSALS},
    summary=_("Mark a loan returned"),
    description=_("For those who manage the pathway; not before the day it was lent."),
)
def return_loan(request: HttpRequest, loan_id: int, payload: ReturnIn) -> Any:
    loan = get_loan_for(request.user, loan_id, write=True)
    return services.mark_returned(
        actor=request.user, loan_id=loan.pk, returned_on=payload.returned_on, expected_version=payload.version
    )
