"""Absence in the API: a pathway's periods (list, register), one period corrected or
deleted, and the participation rate. The same access helpers (access.py) and domain
functions (services.py) as the pages: the kind and note only to those who see reasons
(those who manage the pathway, its professional manager); the participant their own
periods without them; the instructor and the mentor the rate only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fagvei.api.base import REFUSALS, WRITE_REFUSALS
from fagvei.api.base import lazy as _
from fagvei.audit.models import AccessLog
from fagvei.audit.services import log_access
from fagvei.core.domain import DomainError

from . import services
from .access import Sight, get_absence_for, get_absence_pathway_for
from .models import Absence, Kind
from .summary import standing

router = Router(tags=["absence"])


class AbsenceOut(Schema):
    id: int
    pathway_id: int
    starts_on: dt.date
    ends_on: dt.date
    hours: Decimal | None = Field(description="Hours of a single day; None for whole days.")
    kind: Kind | None = Field(description="Only to those who manage the pathway and its professional manager.")
    note: str | None = Field(description="As the kind.")
    version: int


class AbsenceList(Schema):
    items: list[AbsenceOut]
    reasons_shown: bool


class ParticipationOut(Schema):
    start: dt.date | None
    end: dt.date
    planned_days: int = Field(description="Weekdays less Norwegian public holidays and interruptions.")
    absent_days: Decimal
    rate_percent: Decimal | None = Field(description="(planned − absent) / planned; None before the training starts.")
    target_percent: int
    below_target: bool
    threshold_days: int = Field(description="The county's threshold of absence in total (14 by default).")
    threshold_reached: bool


class AbsenceIn(Schema):
    kind: Kind
    starts_on: dt.date
    ends_on: dt.date | None = Field(None, description="The last day; empty for a single day.")
    hours: Decimal | None = Field(None, description="For part of a single day, at most 7.5.")
    note: str = ""


class AbsencePatch(Schema):
    version: int = Field(description="The version read: an older one is refused with 409.")
    kind: Kind | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    hours: Decimal | None = None
    note: str | None = None


class DeletedOut(Schema):
    id: int
    deleted: bool


class VersionQuery(Schema):
    # Optional in the schema so that access is answered first (404/403), then the version.
    version: int | None = Field(None, description="The version read (required): an older one is refused with 409.")


def _out(absence: Absence, reasons: bool) -> dict[str, Any]:
    return {
        "id": absence.pk,
        "pathway_id": absence.pathway_id,
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "hours": absence.hours,
        "kind": absence.kind if reasons else None,
        "note": absence.note if reasons else None,
        "version": absence.version,
    }


@router.get(
    "/pathways/{pathway_id}/absence",
    response={200: AbsenceList, **REFUSALS},
    summary=_("List a pathway's absence"),
    description=_(
        "Latest first. With kind and note for those who manage the pathway and its professional manager; "
        "the participant gets their own periods without them; others 404."
    ),
)
def list_absence(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_absence_pathway_for(request.user, pathway_id)
    if pathway.absence_sight < Sight.PERIODS:
        raise Http404
    reasons = pathway.absence_sight >= Sight.REASONS
    if reasons:
        log_access(request, pathway, purpose=AccessLog.Purpose.SENSITIVE, detail="absence")
    rows = Absence.objects.filter(pathway_id=pathway.pk).order_by("-starts_on", "-id")
    return {"items": [_out(a, reasons) for a in rows], "reasons_shown": reasons}


@router.post(
    "/pathways/{pathway_id}/absence",
    response={201: AbsenceOut, **WRITE_REFUSALS},
    summary=_("Register absence"),
    description=_("For those who manage the pathway and its professional manager. Overlapping periods are refused."),
)
def create_absence(request: HttpRequest, pathway_id: int, payload: AbsenceIn) -> Any:
    pathway = get_absence_pathway_for(request.user, pathway_id, write=True)
    absence = services.register_absence(
        actor=request.user,
        pathway_id=pathway.pk,
        kind=payload.kind,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        hours=payload.hours,
        note=payload.note,
    )
    return Status(201, _out(absence, True))


@router.patch(
    "/absences/{absence_id}",
    response={200: AbsenceOut, **WRITE_REFUSALS},
    summary=_("Correct a period of absence"),
    description=_("The fields given change; `version` as read. Setting `hours` to null makes it whole days."),
)
def patch_absence(request: HttpRequest, absence_id: int, payload: AbsencePatch) -> Any:
    absence = get_absence_for(request.user, absence_id, write=True)
    given = payload.dict(exclude_unset=True)
    merged: dict[str, Any] = {
        "kind": absence.kind,
        "starts_on": absence.starts_on,
        "ends_on": absence.ends_on,
        "hours": absence.hours,
        "note": absence.note,
    }
    merged.update({k: v for k, v in given.items() if k != "version" and (v is not None or k == "hours")})
    fresh = services.update_absence(
        actor=request.user, absence_id=absence.pk, expected_version=payload.version, **merged
    )
    return _out(fresh, True)


@router.delete(
    "/absences/{absence_id}",
    response={200: DeletedOut, **WRITE_REFUSALS},
    summary=_("Delete a period of absence"),
    description=_("A period registered in error; `?version=` as read."),
)
def delete_absence(request: HttpRequest, absence_id: int, query: Query[VersionQuery]) -> Any:
    absence = get_absence_for(request.user, absence_id, write=True)
    if query.version is None:
        raise DomainError(_("Version: give the version you read."), field="version")
    services.delete_absence(actor=request.user, absence_id=absence.pk, expected_version=query.version)
    return {"id": absence.pk, "deleted": True}


@router.get(
    "/pathways/{pathway_id}/participation",
    response={200: ParticipationOut, **REFUSALS},
    summary=_("The participation rate"),
    description=_(
        "Over the training so far, against the scheme's target; and whether the absence has reached the county's "
        "threshold. For those who see the pathway's absence, and its instructor and mentor."
    ),
)
def get_participation(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_absence_pathway_for(request.user, pathway_id)
    state = standing(pathway)
    p = state.participation
    return {
        "start": state.start,
        "end": state.end,
        "planned_days": p.planned_days,
        "absent_days": p.absent_days,
        "rate_percent": p.rate,
        "target_percent": p.target,
        "below_target": p.below_target,
        "threshold_days": state.threshold_days,
        "threshold_reached": state.threshold_reached,
    }
