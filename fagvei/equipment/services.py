"""Domain functions for equipment loans: lend and mark returned. Atomic, row-locked,
versioned, audited; events carry the loan's id only, never the text typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.lib.dates import is_sane
from fagvei.pathways.access import can_manage_pathway
from fagvei.pathways.models import Pathway

from .models import Loan

MAX_NOTE = 2_000


def _date(value: Any, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime) or not is_sane(value):
        raise DomainError(_("%(field)s: give a date between 1900 and 2100.") % {"field": label}, field=field)
    return value


def lend(*, actor: Any, pathway_id: int, item: str, lent_on: Any, identifier: str = "", note: str = "") -> Loan:
    """Register equipment lent to the pathway's participant (seed 002 § 6)."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not can_manage_pathway(actor, pathway):
            raise DomainError(_("You may not register equipment on this pathway."))
        text = (item or "").strip()
        if not text:
            raise DomainError(_("Equipment: this field is required."), field="item")
        if len((note or "").strip()) > MAX_NOTE:
            raise DomainError(_("Note: at most %(n)s characters.") % {"n": MAX_NOTE}, field="note")
        loan = Loan(
            pathway=pathway,
            item=text,
            identifier=(identifier or "").strip(),
            lent_on=_date(lent_on, "lent_on", _("Lent on")),
            note=(note or "").strip(),
            lent_by=actor,
            registered_at=clock.now(),
        )
        validate(loan, exclude=["pathway", "lent_by"])
        loan.save()
        record_event("loan.lent", loan, actor=actor, pathway=pathway, data={"loan": loan.pk})
    return loan


def mark_returned(*, actor: Any, loan_id: int, returned_on: Any, expected_version: int | None = None) -> Loan:
    """Mark a loan returned on a day (not before it was lent)."""
    with transaction.atomic():
        loan: Loan = lock(Loan, loan_id)
        pathway = Pathway.objects.get(pk=loan.pathway_id)
        if not can_manage_pathway(actor, pathway):
            raise DomainError(_("You may not change this loan."))
        if expected_version is not None and loan.version != expected_version:
            raise StaleObject()
        if loan.returned_on is not None:
            raise DomainError(_("The equipment has already been returned."))
        day = _date(returned_on, "returned_on", _("Returned on"))
        if day < loan.lent_on:
            raise DomainError(_("Returned on: the day cannot be before the day it was lent."), field="returned_on")
        loan.returned_on = day
        loan.version += 1
        loan.save(update_fields=["returned_on", "version"])
        record_event("loan.returned", loan, actor=actor, pathway=pathway, data={"loan": loan.pk})
    return loan
