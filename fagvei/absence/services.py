"""Domain functions for absence: one per change, atomic, row-locked, versioned, audited.

Registering locks the pathway, so two periods registered at once cannot overlap; a
correction or a deletion locks the period and checks the version the user read. Events
carry the period's id only — never its kind or note (an own sick report or a doctor's
note is health data): on the timeline it reads "Fravær registrert".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from fagvei.audit.services import record_event
from fagvei.core import clock
from fagvei.core.domain import DomainError, StaleObject, lock, validate
from fagvei.lib.dates import is_sane
from fagvei.pathways.models import Pathway

from .access import may_register
from .models import WORKING_DAY_HOURS, Absence, Kind

MAX_NOTE = 2_000


def _date(value: Any, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime) or not is_sane(value):
        raise DomainError(_("%(field)s: give a date between 1900 and 2100.") % {"field": label}, field=field)
    return value


def _clean(kind: Any, starts_on: Any, ends_on: Any, hours: Any, note: Any) -> dict[str, Any]:
    if kind not in Kind.values:
        raise DomainError(_("Kind of absence: choose one from the list."), field="kind")
    start = _date(starts_on, "starts_on", _("Absent from"))
    end = _date(ends_on if ends_on is not None else starts_on, "ends_on", _("Absent until"))
    if end < start:
        raise DomainError(_("Absent until: the last day cannot be before the first."), field="ends_on")
    amount: Decimal | None = None
    if hours not in (None, ""):
        try:
            amount = Decimal(str(hours))
        except (InvalidOperation, ValueError) as exc:
            raise DomainError(_("Hours: give a number of hours."), field="hours") from exc
        if not amount.is_finite() or amount <= 0 or amount > WORKING_DAY_HOURS:
            raise DomainError(
                _("Hours: between 0.5 and %(max)s hours, within one working day.")
                % {"max": formats.number_format(WORKING_DAY_HOURS, 1)},
                field="hours",
            )
        if amount != amount.quantize(Decimal("0.1")):
            raise DomainError(_("Hours: at most one decimal."), field="hours")
        if end != start:
            raise DomainError(
                _("Hours: absence in hours is for part of a single day; leave the hours empty for whole days."),
                field="hours",
            )
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise DomainError(_("Note: at most %(n)s characters.") % {"n": MAX_NOTE}, field="note")
    return {"kind": kind, "starts_on": start, "ends_on": end, "hours": amount, "note": text}


def _refuse_overlap(pathway_id: int, data: dict[str, Any], exclude: int | None = None) -> None:
    found = Absence.objects.filter(
        pathway_id=pathway_id, starts_on__lte=data["ends_on"], ends_on__gte=data["starts_on"]
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    clash = found.order_by("starts_on").first()
    if clash is not None:
        raise DomainError(
            _("Absent from: the period overlaps absence already registered from %(start)s to %(end)s.")
            % {
                "start": formats.date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
            },
            field="starts_on",
        )


def _event(verb: str, absence: Absence, actor: Any, pathway: Any) -> None:
    # Ids only: never the kind or the note (health data).
    record_event(verb, absence, actor=actor, pathway=pathway, data={"absence": absence.pk})


def register_absence(
    *,
    actor: Any,
    pathway_id: int,
    kind: str,
    starts_on: Any,
    ends_on: Any = None,
    hours: Any = None,
    note: str = "",
) -> Absence:
    """Register a period of absence (seed 001: by the professional manager)."""
    with transaction.atomic():
        pathway: Pathway = lock(Pathway, pathway_id)
        if not may_register(actor, pathway):
            raise DomainError(_("You may not register absence on this pathway."))
        data = _clean(kind, starts_on, ends_on, hours, note)
        _refuse_overlap(pathway.pk, data)
        absence = Absence(pathway=pathway, registered_by=actor, registered_at=clock.now(), **data)
        validate(absence, exclude=["pathway", "registered_by"])
        absence.save()
        _event("absence.registered", absence, actor, pathway)
    return absence


def _locked(actor: Any, absence_id: int, expected_version: int | None) -> tuple[Absence, Pathway]:
    absence: Absence = lock(Absence, absence_id)
    pathway: Pathway = lock(Pathway, absence.pathway_id)
    if not may_register(actor, pathway):
        raise DomainError(_("You may not change absence on this pathway."))
    if expected_version is not None and absence.version != expected_version:
        raise StaleObject()
    return absence, pathway


def update_absence(
    *,
    actor: Any,
    absence_id: int,
    expected_version: int | None,
    kind: str,
    starts_on: Any,
    ends_on: Any = None,
    hours: Any = None,
    note: str = "",
) -> Absence:
    """Correct a period: its kind, dates, hours or note."""
    with transaction.atomic():
        absence, pathway = _locked(actor, absence_id, expected_version)
        data = _clean(kind, starts_on, ends_on, hours, note)
        _refuse_overlap(pathway.pk, data, exclude=absence.pk)
        for name, value in data.items():
            setattr(absence, name, value)
        validate(absence, exclude=["pathway", "registered_by"])
        absence.version += 1
        absence.save(update_fields=[*data, "version"])
        _event("absence.corrected", absence, actor, pathway)
    return absence


def delete_absence(*, actor: Any, absence_id: int, expected_version: int | None) -> None:
    """Delete a period registered in error; the timeline keeps that it was deleted."""
    with transaction.atomic():
        absence, pathway = _locked(actor, absence_id, expected_version)
        _event("absence.deleted", absence, actor, pathway)
        absence.delete()
